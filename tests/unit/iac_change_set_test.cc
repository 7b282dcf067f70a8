// The change model: Add / Modify / Remove / Unchanged with property diffs and replacement.
#include <gtest/gtest.h>

#include "iac/change_set.h"
#include "iac/stack_changes.h"
#include "iac/template_error.h"
#include "iac/update_behavior.h"

namespace terrarium::iac {
namespace {

using nlohmann::json;

ResourceSnapshot Snap(const std::string& type, const char* properties, std::string physical = "") {
  ResourceSnapshot s;
  s.type = type;
  s.properties = json::parse(properties);
  s.physical_id = std::move(physical);
  return s;
}

TEST(ChangeSetTest, DiffsPropertiesByPath) {
  auto changes =
      DiffProperties(json::parse(R"({"A":1,"B":{"C":"x","D":[1,2]},"E":[1],"Gone":true})"),
                     json::parse(R"({"A":"1","B":{"C":"y","D":[1,3]},"E":[1,2],"New":"n"})"));
  ASSERT_EQ(changes.size(), 5u);
  EXPECT_EQ(changes[0].path, "/B/C");
  EXPECT_EQ(changes[0].name, "B");
  EXPECT_EQ(changes[1].path, "/B/D/1");
  EXPECT_EQ(changes[2].path, "/E");
  EXPECT_EQ(changes[2].after, json::parse("[1,2]"));
  EXPECT_EQ(changes[3].path, "/Gone");
  EXPECT_TRUE(changes[3].after.is_null());
  EXPECT_EQ(changes[4].path, "/New");
  EXPECT_TRUE(changes[4].before.is_null());
}

TEST(ChangeSetTest, PlansEveryAction) {
  Snapshot before = {
      {"Bucket", Snap("AWS::S3::Bucket", R"({"BucketName":"a"})", "a")},
      {"Queue", Snap("AWS::SQS::Queue", R"({"VisibilityTimeout":30})", "q")},
      {"Old", Snap("AWS::SQS::Queue", "{}", "old")},
      {"Same", Snap("AWS::SQS::Queue", R"({"DelaySeconds":"5"})", "same")},
  };
  Snapshot after = {
      {"Bucket", Snap("AWS::S3::Bucket", R"({"BucketName":"b"})")},
      {"Queue", Snap("AWS::SQS::Queue", R"({"VisibilityTimeout":60})")},
      {"New", Snap("AWS::SQS::Queue", "{}")},
      {"Same", Snap("AWS::SQS::Queue", R"({"DelaySeconds":5})")},
  };
  auto changes = PlanChanges(before, after);
  ASSERT_EQ(changes.size(), 5u);
  EXPECT_EQ(changes[0].logical_id, "Bucket");
  EXPECT_EQ(changes[0].action, ChangeAction::kModify);
  EXPECT_EQ(changes[0].replacement, Replacement::kTrue);
  EXPECT_EQ(changes[0].physical_id, "a");
  EXPECT_TRUE(changes[0].properties[0].requires_replacement);
  EXPECT_EQ(changes[1].logical_id, "New");
  EXPECT_EQ(changes[1].action, ChangeAction::kAdd);
  EXPECT_EQ(changes[2].logical_id, "Old");
  EXPECT_EQ(changes[2].action, ChangeAction::kRemove);
  EXPECT_EQ(changes[3].logical_id, "Queue");
  EXPECT_EQ(changes[3].action, ChangeAction::kModify);
  EXPECT_EQ(changes[3].replacement, Replacement::kFalse);
  EXPECT_EQ(changes[4].logical_id, "Same");
  EXPECT_EQ(changes[4].action, ChangeAction::kUnchanged);
  EXPECT_EQ(ToString(changes[4].action), "Unchanged");
  EXPECT_EQ(ToString(changes[0].replacement), "True");
}

TEST(ChangeSetTest, PendingValuesAreDynamicAndReplaceConditionally) {
  Snapshot before = {{"Table", Snap("AWS::DynamoDB::Table", R"({"TableName":"t1"})", "t1")}};
  ResourceSnapshot now = Snap("AWS::DynamoDB::Table", R"({"TableName":{"Ref":"Other"}})");
  now.pending = {"TableName"};
  auto changes = PlanChanges(before, {{"Table", now}});
  ASSERT_EQ(changes.size(), 1u);
  EXPECT_EQ(changes[0].action, ChangeAction::kModify);
  EXPECT_EQ(changes[0].replacement, Replacement::kConditional);
  ASSERT_EQ(changes[0].properties.size(), 1u);
  EXPECT_TRUE(changes[0].properties[0].dynamic);
  EXPECT_EQ(changes[0].properties[0].before, "t1");
}

TEST(ChangeSetTest, TypeChangeIsRefused) {
  try {
    PlanChanges({{"R", Snap("AWS::SQS::Queue", "{}")}}, {{"R", Snap("AWS::S3::Bucket", "{}")}});
    FAIL();
  } catch (const TemplateError& e) {
    EXPECT_EQ(e.message,
              "Update of resource type is not permitted. The new template modifies resource type "
              "of the following resources: [R]");
  }
}

TEST(UpdateBehaviorTest, Table) {
  EXPECT_TRUE(RequiresReplacement("AWS::S3::Bucket", "BucketName"));
  EXPECT_FALSE(RequiresReplacement("AWS::S3::Bucket", "VersioningConfiguration"));
  EXPECT_TRUE(RequiresReplacement("AWS::DynamoDB::Table", "KeySchema"));
  EXPECT_FALSE(RequiresReplacement("AWS::DynamoDB::Table", "StreamSpecification"));
  EXPECT_TRUE(RequiresReplacement("AWS::SQS::Queue", "FifoQueue"));
  EXPECT_FALSE(RequiresReplacement("AWS::SQS::Queue", "VisibilityTimeout"));
  EXPECT_TRUE(RequiresReplacement("AWS::Lambda::Function", "FunctionName"));
  EXPECT_TRUE(RequiresReplacement("AWS::Lambda::Version", "Description"));
  EXPECT_TRUE(RequiresReplacement("AWS::IAM::Role", "Path"));
  EXPECT_FALSE(RequiresReplacement("AWS::IAM::Role", "Policies"));
  EXPECT_FALSE(RequiresReplacement("Custom::Thing", "Anything"));
}

}  // namespace
}  // namespace terrarium::iac

namespace terrarium::iac {
namespace {

TEST(DriftTest, SpeaksTheChangeModel) {
  DeployedResource declared;
  declared.logical_id = "Queue";
  declared.type = "AWS::SQS::Queue";
  declared.physical_id = "https://sqs/q";
  declared.properties = json::parse(R"({"VisibilityTimeout":30,"DelaySeconds":0})");
  EXPECT_EQ(
      DriftOf(declared, json::parse(R"({"VisibilityTimeout":"30","DelaySeconds":"0"})")).action,
      ChangeAction::kUnchanged);
  ResourceChange modified =
      DriftOf(declared, json::parse(R"({"VisibilityTimeout":"60","DelaySeconds":"0"})"));
  EXPECT_EQ(modified.action, ChangeAction::kModify);
  ASSERT_EQ(modified.properties.size(), 1u);
  EXPECT_EQ(modified.properties[0].path, "/VisibilityTimeout");
  EXPECT_EQ(modified.properties[0].before, 30);
  EXPECT_EQ(modified.properties[0].after, "60");
  EXPECT_EQ(DriftOf(declared, std::nullopt).action, ChangeAction::kRemove);
}

}  // namespace
}  // namespace terrarium::iac
