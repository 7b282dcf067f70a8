// The declared-resource graph: dependencies from Ref/GetAtt/Sub/DependsOn, conditions, levels,
// cycles and unresolved references.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "iac/graph.h"
#include "iac_test_support.h"
#include "importers/cloudformation/import.h"

namespace terrarium::iac {
namespace {

using Levels = std::vector<std::vector<std::string>>;

ResourceGraph GraphOf(const std::string& text,
                      std::map<std::string, std::string, std::less<>> given = {}) {
  return testing::EvaluationOf(text, given).Graph();
}

std::string GraphErrorOf(const std::string& text) {
  try {
    GraphOf(text).Levels();
  } catch (const TemplateError& e) {
    return e.message;
  }
  return "";
}

TEST(GraphTest, OrdersByEveryKindOfReference) {
  ResourceGraph graph = GraphOf(R"(
Resources:
  Role: {Type: AWS::IAM::Role}
  Bucket: {Type: AWS::S3::Bucket}
  Dlq: {Type: AWS::SQS::Queue}
  Queue:
    Type: AWS::SQS::Queue
    Properties:
      RedrivePolicy: {deadLetterTargetArn: !GetAtt Dlq.Arn}
  Function:
    Type: AWS::Lambda::Function
    DependsOn: Bucket
    Properties:
      Role: !GetAtt Role.Arn
      Environment: {Variables: {URL: !Sub "${Queue}"}}
  Mapping:
    Type: AWS::Lambda::EventSourceMapping
    Properties:
      FunctionName: !Ref Function
      EventSourceArn: !Sub "${Queue.Arn}"
)");
  EXPECT_EQ(graph.Find("Function")->dependencies,
            (std::set<std::string>{"Bucket", "Queue", "Role"}));
  EXPECT_EQ(graph.Levels(),
            (Levels{{"Bucket", "Dlq", "Role"}, {"Queue"}, {"Function"}, {"Mapping"}}));
}

TEST(GraphTest, ParametersAndPseudoParametersAreNotDependencies) {
  ResourceGraph graph = GraphOf(R"(
Parameters:
  Name: {Type: String, Default: n}
Resources:
  Q:
    Type: AWS::SQS::Queue
    Properties:
      QueueName: !Sub "${Name}-${AWS::Region}-${AWS::StackName}"
      Other: !Ref Name
)");
  EXPECT_TRUE(graph.Find("Q")->dependencies.empty());
}

TEST(GraphTest, ConditionsExcludeResourcesAndIfBranches) {
  const std::string text = R"(
Parameters:
  Env: {Type: String, Default: prod}
Conditions:
  IsDev: !Equals [!Ref Env, dev]
Resources:
  DevQueue: {Type: AWS::SQS::Queue, Condition: IsDev}
  Main:
    Type: AWS::SQS::Queue
    Properties:
      Tags: [{Key: k, Value: !If [IsDev, !Ref DevQueue, none]}]
)";
  ResourceGraph prod = GraphOf(text);
  EXPECT_EQ(prod.Find("DevQueue"), nullptr);
  EXPECT_TRUE(prod.Find("Main")->dependencies.empty());
  ResourceGraph dev = GraphOf(text, {{"Env", "dev"}});
  EXPECT_EQ(dev.Find("Main")->dependencies, std::set<std::string>{"DevQueue"});
}

TEST(GraphTest, CyclesNameTheirMembers) {
  EXPECT_EQ(GraphErrorOf(R"(
Resources:
  A: {Type: T::A, Properties: {X: !Ref B}}
  B: {Type: T::B, Properties: {X: !GetAtt C.Arn}}
  C: {Type: T::C, DependsOn: A}
  D: {Type: T::D, Properties: {X: !Ref A}}
  E: {Type: T::E}
)"),
            "Circular dependency between resources: [A, B, C]");
  EXPECT_EQ(GraphErrorOf("Resources:\n  A: {Type: T::A, Properties: {X: !Sub '${A.Arn}'}}\n"),
            "Circular dependency between resources: [A]");
}

TEST(GraphTest, UnresolvedReferences) {
  EXPECT_EQ(GraphErrorOf("Resources:\n  A: {Type: T::A, Properties: {X: !Ref Nope}}\n"),
            "Template format error: Unresolved resource dependencies [Nope] in the Resources "
            "block of the template");
  EXPECT_EQ(GraphErrorOf("Resources:\n  A: {Type: T::A, DependsOn: [Nope]}\n"),
            "Template format error: Unresolved resource dependencies [Nope] in the Resources "
            "block of the template");
  EXPECT_EQ(GraphErrorOf("Resources:\n  A: {Type: T::A, Properties: {X: !GetAtt Nope.Arn}}\n"),
            "Template error: instance of Fn::GetAtt references undefined resource Nope");
  EXPECT_EQ(GraphErrorOf("Resources:\n  A: {Type: T::A}\nOutputs:\n  O: {Value: !Ref Nope}\n"),
            "Template format error: Unresolved resource dependencies [Nope] in the Outputs block "
            "of the template");
}

TEST(GraphTest, ErrorsCarryTheLine) {
  try {
    GraphOf("Resources:\n  A:\n    Type: T::A\n    Properties:\n      X: !Ref Nope\n");
    FAIL();
  } catch (const TemplateError& e) {
    EXPECT_EQ(e.path, "/Resources/A/Properties/X/Ref");
    EXPECT_EQ(e.line, 5);
    EXPECT_EQ(e.Located(),
              "Template format error: Unresolved resource dependencies [Nope] in the Resources "
              "block of the template (at /Resources/A/Properties/X/Ref, line 5)");
  }
}

TEST(GraphTest, OrdersTheShortFormsTemplate) {
  importers::LoadedTemplate loaded = importers::LoadTemplateFile(
      std::string(TERRARIUM_TEST_DATA) + "/cloudformation/short_forms.yaml");
  StackEvaluation eval(ParseTemplate(loaded.document, loaded.lines), {}, testing::TestStack());
  EXPECT_EQ(eval.Graph().Levels(), (Levels{{"DeadLetters"}, {"Queue"}, {"Policy"}}));
}

TEST(TemplateModelTest, ShapeErrors) {
  auto error = [](const std::string& text) -> std::string {
    try {
      testing::TemplateFromText(text);
    } catch (const TemplateError& e) {
      return e.message;
    }
    return "";
  };
  EXPECT_EQ(error("Description: x\n"),
            "Template format error: At least one Resources member must be defined.");
  EXPECT_EQ(error("Resources:\n  my-q: {Type: AWS::SQS::Queue}\n"),
            "Template format error: Resource name my-q is non alphanumeric.");
  EXPECT_EQ(error("Resources:\n  Q: {Properties: {}}\n"),
            "Template format error: [/Resources/Q] Every Resources object must contain a Type "
            "member.");
  EXPECT_EQ(error("Resources:\n  Q: {Type: AWS::SQS::Queue, Propertes: {}}\n"),
            "Template format error: Invalid template resource property 'Propertes'");
  EXPECT_EQ(error("Resource:\n  Q: {Type: AWS::SQS::Queue}\n"),
            "Template format error: Invalid template property or properties [Resource]");
  EXPECT_EQ(error("Resources:\n  Q: {Type: AWS::SQS::Queue}\nOutputs:\n  O: {Description: d}\n"),
            "Template format error: Every Outputs member must contain a Value object");
  EXPECT_EQ(error("Resources:\n  F: {Type: AWS::Serverless::Function}\n"),
            "Template format error: Unrecognized resource types: [AWS::Serverless::Function]");
  EXPECT_EQ(error("Resources:\n  Q: {Type: AWS::SQS::Queue, DeletionPolicy: Keep}\n"),
            "Template format error: Unrecognized DeletionPolicy Keep for resource Q");
}

}  // namespace
}  // namespace terrarium::iac

namespace terrarium::iac {
namespace {

// Every example template imports, evaluates with its defaults and orders.
TEST(ExamplesTest, EveryCloudFormationExampleOrders) {
  const std::filesystem::path dir =
      std::filesystem::path(TERRARIUM_TEST_DATA) / ".." / ".." / "examples" / "cloudformation";
  int count = 0;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    std::ifstream in(entry.path());
    std::ostringstream body;
    body << in.rdbuf();
    SCOPED_TRACE(entry.path().string());
    StackEvaluation eval(importers::ImportCloudFormation(body.str()), {}, testing::TestStack());
    EXPECT_FALSE(eval.Graph().Levels().empty());
    ++count;
  }
  EXPECT_GE(count, 5);
}

}  // namespace
}  // namespace terrarium::iac
