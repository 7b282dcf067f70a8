// The SAM transform: serverless resources become the plain resources SAM generates.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "iac/sam_transform.h"
#include "iac_test_support.h"
#include "importers/cloudformation/import.h"

namespace terrarium::iac {
namespace {

using nlohmann::json;

std::string ReadData(const std::string& name) {
  std::ifstream in(std::string(TERRARIUM_TEST_DATA) + "/cloudformation/" + name);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

class SamTransformTest : public ::testing::Test {
 protected:
  SamTransformTest() : t_(importers::ImportCloudFormation(ReadData("sam_function.yaml"))) {}
  const json& Props(const std::string& id) { return t_.FindResource(id)->properties; }
  Template t_;
};

TEST_F(SamTransformTest, GeneratesPlainResources) {
  std::map<std::string, std::string> types;
  for (const auto& [id, r] : t_.resources) types[id] = r.type;
  EXPECT_EQ(types, (std::map<std::string, std::string>{
                       {"FromS3", "AWS::Lambda::Function"},
                       {"Items", "AWS::DynamoDB::Table"},
                       {"Jobs", "AWS::SQS::Queue"},
                       {"Uploads", "AWS::S3::Bucket"},
                       {"Worker", "AWS::Lambda::Function"},
                       {"WorkerAliaslive", "AWS::Lambda::Alias"},
                       {"WorkerFromQueue", "AWS::Lambda::EventSourceMapping"},
                       {"WorkerOnUploadPermission", "AWS::Lambda::Permission"},
                       {"WorkerRole", "AWS::IAM::Role"},
                       {t_.FindResource("WorkerAliaslive")
                            ->properties["FunctionVersion"]["Fn::GetAtt"][0]
                            .get<std::string>(),
                        "AWS::Lambda::Version"},
                   }));
}

TEST_F(SamTransformTest, FunctionTakesGlobalsCodeAndRole) {
  const json& fn = Props("Worker");
  EXPECT_EQ(fn["Runtime"], "python3.12");
  EXPECT_EQ(fn["Timeout"], 10);
  EXPECT_EQ(fn["Handler"], "index.handler");
  EXPECT_EQ(fn["Environment"]["Variables"],
            json::parse(R"({"STAGE":"test","TABLE":{"Ref":"Items"}})"));
  EXPECT_EQ(fn["Code"]["ZipFile"], "def handler(event, context):\n    return {\"ok\": True}\n");
  EXPECT_EQ(fn["Role"], json::parse(R"({"Fn::GetAtt":["WorkerRole","Arn"]})"));
  EXPECT_EQ(fn["Tags"], json::parse(R"([{"Key":"lambda:createdBy","Value":"SAM"},
                                        {"Key":"owner","Value":"me"}])"));
  const json& s3 = Props("FromS3");
  EXPECT_EQ(s3["Code"], json::parse(R"({"S3Bucket":"artifacts","S3Key":"app.zip"})"));
  EXPECT_EQ(s3["Role"], "arn:aws:iam::123456789012:role/given");
  EXPECT_EQ(t_.FindResource("FromS3Role"), nullptr);
}

TEST_F(SamTransformTest, RoleCollectsPolicies) {
  const json& role = Props("WorkerRole");
  EXPECT_EQ(role["AssumeRolePolicyDocument"]["Statement"][0]["Principal"]["Service"][0],
            "lambda.amazonaws.com");
  EXPECT_EQ(role["ManagedPolicyArns"], json::parse(R"([
    {"Fn::Sub":"arn:${AWS::Partition}:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole"},
    {"Fn::Sub":"arn:${AWS::Partition}:iam::aws:policy/service-role/AWSLambdaSQSQueueExecutionRole"},
    {"Fn::Sub":"arn:${AWS::Partition}:iam::aws:policy/AmazonS3ReadOnlyAccess"}])"));
  ASSERT_EQ(role["Policies"].size(), 3u);
  EXPECT_EQ(role["Policies"][0]["PolicyName"], "WorkerRolePolicy0");
  EXPECT_EQ(role["Policies"][0]["PolicyDocument"]["Statement"][0]["Action"][0],
            "sqs:ChangeMessageVisibility");
  EXPECT_EQ(role["Policies"][1]["PolicyDocument"]["Statement"][0]["Resource"][0]["Fn::Sub"][1],
            json::parse(R"({"tableName":{"Ref":"Items"}})"));
  EXPECT_EQ(role["Policies"][2]["PolicyDocument"]["Statement"][0]["Action"], "logs:*");
}

TEST_F(SamTransformTest, EventsBecomeMappingsPermissionsAndNotifications) {
  EXPECT_EQ(Props("WorkerFromQueue"),
            json::parse(R"({"EventSourceArn":{"Fn::GetAtt":["Jobs","Arn"]},
      "FunctionName":{"Ref":"Worker"},"BatchSize":5})"));
  EXPECT_EQ(Props("WorkerOnUploadPermission")["Principal"], "s3.amazonaws.com");
  EXPECT_EQ(Props("Uploads")["NotificationConfiguration"]["LambdaConfigurations"],
            json::parse(R"([{"Event":"s3:ObjectCreated:*",
                             "Function":{"Fn::GetAtt":["Worker","Arn"]}}])"));
  EXPECT_EQ(t_.FindResource("Uploads")->depends_on,
            std::vector<std::string>{"WorkerOnUploadPermission"});
}

TEST_F(SamTransformTest, SimpleTableBecomesATable) {
  EXPECT_EQ(Props("Items"), json::parse(R"({
      "AttributeDefinitions":[{"AttributeName":"pk","AttributeType":"N"}],
      "KeySchema":[{"AttributeName":"pk","KeyType":"HASH"}],
      "BillingMode":"PAY_PER_REQUEST",
      "Tags":[{"Key":"team","Value":"core"}]})"));
}

TEST_F(SamTransformTest, ExpandedTemplateOrders) {
  StackEvaluation eval(t_, {}, testing::TestStack());
  auto levels = eval.Graph().Levels();
  ASSERT_GE(levels.size(), 3u);
  EXPECT_EQ(levels[0], (std::vector<std::string>{"FromS3", "Items", "Jobs"}));
}

TEST(SamTransformErrorsTest, ClearMessages) {
  auto error = [](const std::string& text) -> std::string {
    try {
      importers::ImportCloudFormation(text);
    } catch (const TemplateError& e) {
      return e.Located();
    }
    return "";
  };
  const std::string head = "Transform: AWS::Serverless-2016-10-31\nResources:\n  F:\n";
  EXPECT_EQ(error(head + "    Type: AWS::Serverless::Function\n    Properties: {Handler: h}\n"),
            "Transform AWS::Serverless-2016-10-31 failed with: Invalid Serverless Application "
            "Specification document. Number of errors found: 1. Resource with id [F] is invalid. "
            "Either 'InlineCode' or 'CodeUri' must be set. (at /Resources/F, line 4)");
  EXPECT_NE(
      error(head + "    Type: AWS::Serverless::Function\n    Properties:\n      InlineCode: x\n"
                   "      Events: {E: {Type: Api, Properties: {Path: /}}}\n")
          .find("Event type Api is not supported by Terrarium's SAM transform"),
      std::string::npos);
  EXPECT_NE(error(head + "    Type: AWS::Serverless::Function\n    Properties: {CodeUri: ./src}\n")
                .find("'CodeUri' must be an S3 URI"),
            std::string::npos);
  EXPECT_NE(error(head + "    Type: AWS::Serverless::Api\n")
                .find("AWS::Serverless::Api is not supported"),
            std::string::npos);
  EXPECT_EQ(error("Transform: AWS::Include\nResources:\n  Q: {Type: AWS::SQS::Queue}\n"),
            "Transform AWS::Include is not supported by Terrarium (only "
            "AWS::Serverless-2016-10-31 is) (at /Transform, line 1)");
}

TEST(SamTransformErrorsTest, NoTransformLeavesTheDocument) {
  json doc = json::parse(R"({"Resources":{"Q":{"Type":"AWS::SQS::Queue"}}})");
  EXPECT_EQ(ApplyTransforms(doc), doc);
}

}  // namespace
}  // namespace terrarium::iac
