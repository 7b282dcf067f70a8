// The applier against fake providers: order, concurrency levels, names, updates, replacement,
// rollback, deletion and Retain.
#include <gtest/gtest.h>

#include <mutex>

#include "emulator/core/aws_error.h"
#include "iac/applier.h"
#include "iac/physical_name.h"
#include "iac/stack_changes.h"
#include "iac_test_support.h"

namespace terrarium::iac {
namespace {

using nlohmann::json;

// Records every call; fails Create for properties containing {"Fail": true}.
class FakeProvider : public ResourceProvider {
 public:
  FakeProvider(std::string type, std::vector<std::string>& log, std::mutex& mutex)
      : type_(std::move(type)), log_(log), mutex_(mutex) {}
  std::string_view Type() const override { return type_; }
  ProvisionedResource Create(const ProviderContext& ctx, const json& properties) override {
    if (properties.value("Fail", false)) throw AwsError("InvalidParameterValue", "bad value");
    std::string name = properties.value("BucketName", ctx.generated_name);
    if (name.empty()) name = ctx.logical_id + "-id";
    Log("create " + ctx.logical_id + " " + name);
    return {name, {{"Arn", "arn:" + name}, {"Name", name}}};
  }
  ProvisionedResource Update(const ProviderContext& ctx, const std::string& physical_id,
                             const json& before, const json& after) override {
    Log("update " + ctx.logical_id + " " + after.dump());
    return {physical_id, {{"Arn", "arn:" + physical_id}, {"Name", physical_id}}};
  }
  void Delete(const ProviderContext& ctx, const std::string& physical_id, const json&) override {
    Log("delete " + ctx.logical_id + " " + physical_id);
  }
  std::optional<json> Read(const ProviderContext&, const std::string&, const json&) override {
    return std::nullopt;
  }

 private:
  void Log(std::string line) {
    std::lock_guard lock(mutex_);
    log_.push_back(std::move(line));
  }
  std::string type_;
  std::vector<std::string>& log_;
  std::mutex& mutex_;
};

class ApplierTest : public ::testing::Test {
 protected:
  ApplierTest() {
    for (const char* type : {"AWS::SQS::Queue", "AWS::S3::Bucket", "Test::Thing"}) {
      providers_.Add(std::make_unique<FakeProvider>(type, log_, mutex_));
    }
    base_.stack_name = "demo";
  }

  ApplyResult Apply(const std::string& text, const DeployedStack& current = {},
                    std::map<std::string, std::string, std::less<>> params = {}) {
    log_.clear();
    events_.clear();
    StackEvaluation eval = testing::EvaluationOf(text, params);
    Applier applier(providers_, base_);
    return applier.Apply(eval, current, [this](const ResourceEvent& e) {
      events_.push_back(e.logical_id + " " + std::string(ToString(e.status)));
    });
  }

  std::vector<std::string> log_;
  std::vector<std::string> events_;
  std::mutex mutex_;
  ProviderRegistry providers_;
  ProviderContext base_;
};

constexpr const char* kStack = R"(
Parameters:
  Timeout: {Type: Number, Default: 30}
  Fail: {Type: String, Default: "false"}
Resources:
  Dlq: {Type: AWS::SQS::Queue}
  Queue:
    Type: AWS::SQS::Queue
    Properties:
      Timeout: !Ref Timeout
      Redrive: !GetAtt Dlq.Arn
  Bucket:
    Type: AWS::S3::Bucket
    Properties: {BucketName: fixed-bucket}
  Thing:
    Type: Test::Thing
    Properties:
      Fail: !Equals [!Ref Fail, "true"]
      Queue: !Ref Queue
Outputs:
  QueueUrl: {Value: !Ref Queue}
)";

TEST_F(ApplierTest, CreatesInDependencyOrderWithGeneratedNames) {
  ApplyResult r = Apply(kStack);
  ASSERT_TRUE(r.ok) << r.reason;
  ASSERT_EQ(r.resources.size(), 4u);
  const std::string dlq = r.resources["Dlq"].physical_id;
  EXPECT_EQ(dlq.rfind("demo-Dlq-", 0), 0u) << dlq;
  EXPECT_EQ(dlq.size(), std::string("demo-Dlq-").size() + 13);
  EXPECT_EQ(r.resources["Bucket"].physical_id, "fixed-bucket");
  EXPECT_EQ(r.resources["Queue"].properties["Redrive"], "arn:" + dlq);
  EXPECT_EQ(r.resources["Thing"].dependencies, std::set<std::string>{"Queue"});
  // Thing comes after Queue, which comes after Dlq.
  auto pos = [&](const std::string& prefix) {
    return std::find_if(log_.begin(), log_.end(),
                        [&](const std::string& l) { return l.rfind(prefix, 0) == 0; }) -
           log_.begin();
  };
  EXPECT_LT(pos("create Dlq"), pos("create Queue"));
  EXPECT_LT(pos("create Queue"), pos("create Thing"));
  ASSERT_EQ(r.outputs.size(), 1u);
  EXPECT_EQ(r.outputs[0].value, r.resources["Queue"].physical_id);
}

TEST_F(ApplierTest, FailureRollsBackInReverseOrder) {
  ApplyResult r = Apply(kStack, {}, {{"Fail", "true"}});
  EXPECT_FALSE(r.ok);
  EXPECT_EQ(r.failed_logical_id, "Thing");
  EXPECT_EQ(r.reason,
            "The following resource(s) failed to create: [Thing]. Rollback requested by user.");
  EXPECT_EQ(r.resource_reason, "InvalidParameterValue: bad value");
  EXPECT_TRUE(r.resources.empty());
  EXPECT_NE(std::find(events_.begin(), events_.end(), "Thing CREATE_FAILED"), events_.end());
  // The queue (created after Dlq) is deleted before the Dlq.
  auto pos = [&](const std::string& prefix) {
    return std::find_if(log_.begin(), log_.end(),
                        [&](const std::string& l) { return l.rfind(prefix, 0) == 0; }) -
           log_.begin();
  };
  EXPECT_LT(pos("delete Queue"), pos("delete Dlq"));
  EXPECT_LT(pos("delete Queue"), static_cast<long>(log_.size()));
}

TEST_F(ApplierTest, UpdatesInPlaceReplacesAndRemoves) {
  ApplyResult first = Apply(kStack);
  ASSERT_TRUE(first.ok);
  const std::string old_bucket = first.resources["Bucket"].physical_id;
  std::string changed = kStack;
  changed.replace(changed.find("fixed-bucket"), 12, "other-bucket");
  changed.replace(changed.find("  Dlq: {Type: AWS::SQS::Queue}\n"), 0,
                  "  Extra: {Type: AWS::SQS::Queue, DeletionPolicy: Retain}\n");
  ApplyResult second = Apply(changed, first.resources, {{"Timeout", "60"}});
  ASSERT_TRUE(second.ok) << second.reason;
  // Timeout updates in place; the bucket name replaces; Extra is new.
  EXPECT_NE(std::find_if(log_.begin(), log_.end(),
                         [](const std::string& l) { return l.rfind("update Queue", 0) == 0; }),
            log_.end());
  EXPECT_EQ(second.resources["Bucket"].physical_id, "other-bucket");
  EXPECT_NE(std::find(log_.begin(), log_.end(), "delete Bucket " + old_bucket), log_.end());
  EXPECT_EQ(second.resources.size(), 5u);
  // Dropping resources deletes them, keeping the Retain one.
  ApplyResult third = Apply(
      "Resources:\n  Bucket: {Type: AWS::S3::Bucket, Properties: {BucketName: other-bucket}}\n",
      second.resources);
  ASSERT_TRUE(third.ok) << third.reason;
  EXPECT_EQ(third.resources.size(), 1u);
  EXPECT_NE(std::find(events_.begin(), events_.end(), "Extra DELETE_SKIPPED"), events_.end());
  EXPECT_NE(std::find(events_.begin(), events_.end(), "Thing DELETE_COMPLETE"), events_.end());
}

TEST_F(ApplierTest, UnknownTypeFailsTheResource) {
  ApplyResult r = Apply("Resources:\n  Vpc: {Type: AWS::EC2::VPC}\n");
  EXPECT_FALSE(r.ok);
  EXPECT_EQ(r.resource_reason,
            "ValidationError: Resource type AWS::EC2::VPC is not supported by Terrarium");
  EXPECT_EQ(events_, (std::vector<std::string>{"Vpc CREATE_IN_PROGRESS", "Vpc CREATE_FAILED"}));
}

TEST_F(ApplierTest, DestroyDeletesDependentsFirstAndHonoursRetain) {
  ApplyResult made = Apply(kStack);
  ASSERT_TRUE(made.ok);
  made.resources["Bucket"].deletion_policy = "Retain";
  log_.clear();
  Applier applier(providers_, base_);
  ApplyResult gone = applier.Destroy(made.resources, nullptr);
  EXPECT_TRUE(gone.ok);
  EXPECT_TRUE(gone.resources.empty());
  ASSERT_EQ(log_.size(), 3u);
  EXPECT_EQ(log_[0].rfind("delete Thing", 0), 0u);
  EXPECT_EQ(log_[1].rfind("delete Queue", 0), 0u);
  EXPECT_EQ(log_[2].rfind("delete Dlq", 0), 0u);
}

TEST(PhysicalNameTest, FitsLimits) {
  auto bucket = *NameRuleFor("AWS::S3::Bucket");
  EXPECT_EQ(PhysicalName(bucket, "MyStack", "Logs", "ABCDEFGHIJKLM"), "mystack-logs-abcdefghijklm");
  std::string long_stack(100, 's');
  std::string long_id(100, 'L');
  std::string name = PhysicalName(bucket, long_stack, long_id, "ABCDEFGHIJKLM");
  EXPECT_EQ(name.size(), 63u);
  auto queue = *NameRuleFor("AWS::SQS::Queue");
  std::string fifo = PhysicalName(queue, long_stack, "Q", "ABCDEFGHIJKLM", true);
  EXPECT_EQ(fifo.size(), 80u);
  EXPECT_EQ(fifo.substr(fifo.size() - 5), ".fifo");
  EXPECT_FALSE(NameRuleFor("AWS::SQS::QueuePolicy").has_value());
  EXPECT_EQ(RandomNameSuffix().size(), 13u);
}

}  // namespace
}  // namespace terrarium::iac

namespace terrarium::iac {
namespace {

TEST_F(ApplierTest, ChangeSetPreviewsWhatApplyWouldDo) {
  ApplyResult first = Apply(kStack);
  ASSERT_TRUE(first.ok);
  // Outputs come last in kStack, so the new resources go before them.
  std::string text = kStack;
  text.replace(text.find("fixed-bucket"), 12, "other-bucket");
  text.replace(text.find("Outputs:"), 0,
               "  NewQueue: {Type: AWS::SQS::Queue}\n  Uses:\n    Type: Test::Thing\n"
               "    Properties: {Q: !Ref NewQueue}\n");
  StackEvaluation eval = testing::EvaluationOf(text, {{"Timeout", "45"}});
  auto changes = PlanStackChanges(eval, first.resources);
  std::map<std::string, std::string> actions;
  for (const auto& c : changes) {
    actions[c.logical_id] =
        std::string(ToString(c.action)) + "/" + std::string(ToString(c.replacement));
  }
  EXPECT_EQ(actions, (std::map<std::string, std::string>{{"Bucket", "Modify/True"},
                                                         {"Dlq", "Unchanged/False"},
                                                         {"NewQueue", "Add/False"},
                                                         {"Queue", "Modify/False"},
                                                         {"Thing", "Unchanged/False"},
                                                         {"Uses", "Add/False"}}));
}

TEST_F(ApplierTest, TypeChangeIsRefused) {
  ApplyResult first = Apply("Resources:\n  R: {Type: AWS::SQS::Queue}\n");
  ApplyResult second = Apply("Resources:\n  R: {Type: AWS::S3::Bucket}\n", first.resources);
  EXPECT_FALSE(second.ok);
  EXPECT_EQ(second.reason,
            "Update of resource type is not permitted. The new template modifies resource type of "
            "the following resources: [R]");
  EXPECT_TRUE(log_.empty());
}

}  // namespace
}  // namespace terrarium::iac
