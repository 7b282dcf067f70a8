// The Conditions section: boolean operations, references between conditions, and the errors.
#include <gtest/gtest.h>

#include "iac/conditions.h"
#include "iac_test_support.h"

namespace terrarium::iac {
namespace {

ConditionValues Evaluate(const std::string& conditions,
                         std::map<std::string, std::string, std::less<>> given = {}) {
  return testing::EvaluationOf(
             "Parameters:\n  Env: {Type: String, Default: prod}\n  Size: {Type: Number, "
             "Default: 3}\nConditions:\n" +
                 conditions + "Resources:\n  Q: {Type: AWS::SQS::Queue}\n",
             given)
      .conditions();
}

std::string ErrorOf(const std::string& conditions) {
  try {
    Evaluate(conditions);
  } catch (const TemplateError& e) {
    return e.message;
  }
  return "";
}

TEST(ConditionsTest, BooleanOperations) {
  auto values = Evaluate(R"(  IsProd: !Equals [!Ref Env, prod]
  IsDev: !Not [!Condition IsProd]
  Three: !Equals [!Ref Size, 3]
  Both: !And [!Condition IsProd, !Condition Three]
  Any: !Or [!Condition IsDev, !Equals [a, b]]
  InRegion: !Equals [!Ref AWS::Region, eu-west-1]
  Nested: !Not [!And [!Condition IsDev, !Or [!Condition Both, !Condition Any]]]
)");
  EXPECT_TRUE(values["IsProd"]);
  EXPECT_FALSE(values["IsDev"]);
  EXPECT_TRUE(values["Three"]);
  EXPECT_TRUE(values["Both"]);
  EXPECT_FALSE(values["Any"]);
  EXPECT_TRUE(values["InRegion"]);
  EXPECT_TRUE(values["Nested"]);
}

TEST(ConditionsTest, FollowParameters) {
  auto values = Evaluate("  IsProd: !Equals [!Ref Env, prod]\n", {{"Env", "dev"}});
  EXPECT_FALSE(values["IsProd"]);
}

TEST(ConditionsTest, Errors) {
  EXPECT_EQ(ErrorOf("  A: !And [!Equals [a, a]]\n"),
            "Template error: every Fn::And object requires a list of at least 2 and at most 10 "
            "boolean parameters.");
  EXPECT_EQ(ErrorOf("  A: !Or [x, y]\n"),
            "Template error: every Fn::Or object requires a list of at least 2 and at most 10 "
            "boolean parameters.");
  EXPECT_EQ(ErrorOf("  A: !Not [x]\n"),
            "Template error: Fn::Not requires a list argument with one function token");
  EXPECT_EQ(ErrorOf("  A: !Not [!Condition B, !Condition B]\n  B: !Equals [a, a]\n"),
            "Template error: Fn::Not requires a list argument with one element");
  EXPECT_EQ(ErrorOf("  A: !Equals [a]\n"),
            "Template error: Fn::Equals requires a list argument with two elements");
  EXPECT_EQ(ErrorOf("  A: !Condition B\n  B: !Not [!Condition A]\n"),
            "Template error: Found circular condition dependency: [A, B]");
  EXPECT_EQ(ErrorOf("  A: !Equals [!Ref Q, x]\n"),
            "Template format error: Unresolved dependencies [Q]. Cannot reference resources in "
            "the Conditions block of the template");
  EXPECT_EQ(ErrorOf("  A: !Not [!Condition Nope]\n"),
            "Template format error: Unresolved condition dependencies [Nope] in the Conditions "
            "block of the template");
  EXPECT_EQ(ErrorOf("  A: yes\n"),
            "Template error: Conditions can only be boolean operations on parameters and other "
            "conditions");
}

TEST(ConditionsTest, ResourceConditionMustExist) {
  try {
    StackEvaluation eval =
        testing::EvaluationOf("Resources:\n  Q: {Type: AWS::SQS::Queue, Condition: Nope}\n");
    eval.Graph();
    FAIL();
  } catch (const TemplateError& e) {
    EXPECT_EQ(e.message,
              "Template format error: Unresolved condition dependencies [Nope] in the Resources "
              "block of the template");
    EXPECT_EQ(e.line, 2);
  }
}

}  // namespace
}  // namespace terrarium::iac
