// The applier with the built-in providers against the real services: the examples in
// examples/cloudformation/ deploy and destroy, every_resource_type.yaml deploys, updates in
// place and destroys, and an injected failure rolls everything back.
#include <fstream>
#include <sstream>

#include "iac/applier.h"
#include "iac_provider_test_support.h"
#include "iac_test_support.h"
#include "importers/cloudformation/import.h"

namespace terrarium::iac::testing {
namespace {

using json = nlohmann::json;
using Parameters = std::map<std::string, std::string, std::less<>>;

std::string Example(const std::string& name) {
  std::ifstream in(std::string(TERRARIUM_TEST_DATA) + "/../../examples/cloudformation/" + name);
  std::stringstream text;
  text << in.rdbuf();
  if (text.str().empty()) throw std::runtime_error("missing example " + name);
  return text.str();
}

class ApplyWithProvidersTest : public ProviderTest {
 protected:
  ApplyResult Apply(const std::string& text, const Parameters& parameters = {},
                    const DeployedStack& current = {}) {
    // Loaded as the CloudFormation API loads a template (SAM transform included).
    StackEvaluation desired(importers::ImportCloudFormation(text), parameters, TestStack(), {});
    return Applier(providers_, base_).Apply(desired, current, [this](const ResourceEvent& e) {
      events_.push_back(e.logical_id + " " + std::string(ToString(e.status)) +
                        (e.reason.empty() ? "" : " " + e.reason));
    });
  }

  ApplyResult Destroy(const DeployedStack& current) {
    return Applier(providers_, base_).Destroy(current, [this](const ResourceEvent& e) {
      events_.push_back(e.logical_id + " " + std::string(ToString(e.status)) +
                        (e.reason.empty() ? "" : " " + e.reason));
    });
  }

  static json Output(const ApplyResult& result, const std::string& name) {
    for (const ResolvedOutput& output : result.outputs) {
      if (output.name == name) return output.value;
    }
    return nullptr;
  }

  // Whether Lambda serves event source mappings (branch lambda-events).
  bool HasEventSourceMappings() {
    return ErrorOf("lambda", "ListEventSourceMappings", json::object()) != "NotImplemented";
  }

  // Every service is as empty as before the stack (the AWS-managed IAM policies aside).
  void ExpectNothingLeft() {
    EXPECT_EQ(Call("sqs", "ListQueues", json::object()).value("QueueUrls", json::array()),
              json::array());
    EXPECT_EQ(Call("s3", "ListBuckets", json::object()).value("Buckets", json::array()),
              json::array());
    EXPECT_EQ(Call("dynamodb", "ListTables", json::object())["TableNames"], json::array());
    EXPECT_EQ(Call("lambda", "ListFunctions", json::object())["Functions"], json::array());
    EXPECT_EQ(Call("iam", "ListRoles", json::object())["Roles"], json::array());
    EXPECT_EQ(Call("iam", "ListPolicies", {{"Scope", "Local"}})["Policies"], json::array());
    EXPECT_EQ(Call("iam", "ListInstanceProfiles", json::object())["InstanceProfiles"],
              json::array());
  }

  std::vector<std::string> events_;
};

TEST_F(ApplyWithProvidersTest, EveryExampleDeploysAndDestroysCleanly) {
  for (const char* example : {"bucket_with_policy.yaml", "queue_with_dlq.yaml",
                              "role_and_lambda.yaml", "table_with_gsi_and_stream.yaml"}) {
    SCOPED_TRACE(example);
    ApplyResult result = Apply(Example(example));
    ASSERT_TRUE(result.ok) << result.reason << " / " << result.resource_reason;
    for (const ResolvedOutput& output : result.outputs) {
      EXPECT_TRUE(output.value.is_string() && !output.value.get<std::string>().empty())
          << output.name;
    }
    ApplyResult destroyed = Destroy(result.resources);
    ASSERT_TRUE(destroyed.ok) << destroyed.reason;
    EXPECT_TRUE(destroyed.resources.empty());
    ExpectNothingLeft();
  }
}

TEST_F(ApplyWithProvidersTest, TheSamExampleDeploysWhenLambdaHasEventSourceMappings) {
  if (!HasEventSourceMappings()) GTEST_SKIP() << "Lambda has no event source mappings yet";
  ApplyResult result = Apply(Example("sam_function.yaml"));
  ASSERT_TRUE(result.ok) << result.reason << " / " << result.resource_reason;
  ASSERT_TRUE(Destroy(result.resources).ok);
  ExpectNothingLeft();
}

TEST_F(ApplyWithProvidersTest, EveryResourceTypeDeploysUpdatesAndDestroys) {
  const bool mappings = HasEventSourceMappings();
  Parameters parameters = {{"EnableEventSourceMapping", mappings ? "true" : "false"}};
  ApplyResult created = Apply(Example("every_resource_type.yaml"), parameters);
  ASSERT_TRUE(created.ok) << created.reason << " / " << created.resource_reason;
  EXPECT_EQ(created.resources.size(), mappings ? 19u : 18u);

  std::string queue_url = Output(created, "WorkQueueUrl");
  EXPECT_EQ(Call("sqs", "GetQueueAttributes",
                 {{"QueueUrl", queue_url},
                  {"AttributeNames", {"VisibilityTimeout"}}})["Attributes"]["VisibilityTimeout"],
            "45");
  std::string bucket = Output(created, "UploadsBucketName");
  EXPECT_TRUE(bucket.starts_with("demo-uploadsbucket-"));
  EXPECT_EQ(Call("s3", "GetBucketVersioning", {{"Bucket", bucket}})["Status"], "Suspended");
  EXPECT_TRUE(Output(created, "OrderedQueueName").get<std::string>().ends_with(".fifo"));
  EXPECT_TRUE(Output(created, "AliasArn").get<std::string>().ends_with(":live"));
  EXPECT_TRUE(Output(created, "VersionArn").get<std::string>().ends_with(":1"));
  EXPECT_TRUE(Output(created, "WaitHandleUrl")
                  .get<std::string>()
                  .starts_with("https://cloudformation-waitcondition-"));
  json function = Call("lambda", "GetFunctionConfiguration",
                       {{"FunctionName", Output(created, "FunctionArn")}});
  EXPECT_EQ(function["Environment"]["Variables"]["ENVIRONMENT"], "dev");

  // An update that changes a queue attribute and the bucket's versioning in place.
  events_.clear();
  ApplyResult updated = Apply(Example("every_resource_type.yaml"),
                              {{"EnableEventSourceMapping", parameters["EnableEventSourceMapping"]},
                               {"VisibilityTimeout", "90"},
                               {"Environment", "prod"}},
                              created.resources);
  ASSERT_TRUE(updated.ok) << updated.reason << " / " << updated.resource_reason;
  EXPECT_EQ(Output(updated, "WorkQueueUrl"), queue_url) << "updated in place, not replaced";
  EXPECT_EQ(Output(updated, "UploadsBucketName"), bucket);
  EXPECT_EQ(Call("sqs", "GetQueueAttributes",
                 {{"QueueUrl", queue_url},
                  {"AttributeNames", {"VisibilityTimeout"}}})["Attributes"]["VisibilityTimeout"],
            "90");
  EXPECT_EQ(Call("s3", "GetBucketVersioning", {{"Bucket", bucket}})["Status"], "Enabled");
  EXPECT_EQ(Call("lambda", "GetFunctionConfiguration",
                 {{"FunctionName",
                   Output(created, "FunctionArn")}})["Environment"]["Variables"]["ENVIRONMENT"],
            "prod");
  EXPECT_NE(std::find(events_.begin(), events_.end(), "WorkQueue UPDATE_COMPLETE"), events_.end());

  // Every provider reads back what the template declared (Lambda code is write-only).
  for (const auto& [id, r] : updated.resources) {
    auto read = Provider(r.type).Read(Context(r.type, id), r.physical_id, r.properties);
    ASSERT_TRUE(read) << id;
    json expected = r.properties;
    if (r.type == "AWS::Lambda::Function") expected.erase("Code");
    EXPECT_EQ(*read, expected) << id;
  }

  ApplyResult destroyed = Destroy(updated.resources);
  ASSERT_TRUE(destroyed.ok) << destroyed.reason;
  ExpectNothingLeft();
}

TEST_F(ApplyWithProvidersTest, ABucketWithObjectsFailsToDeleteWithS3sReason) {
  ApplyResult created = Apply(Example("bucket_with_policy.yaml"));
  ASSERT_TRUE(created.ok) << created.resource_reason;
  std::string bucket = Output(created, "BucketName");
  dispatcher_->Invoke("s3", "PutObject", {{"Bucket", bucket}, {"Key", "kept"}}, base_.scope,
                      InvokePayloads{Body::FromString("data"), nullptr});
  events_.clear();
  ApplyResult refused = Destroy(created.resources);
  EXPECT_FALSE(refused.ok);
  EXPECT_EQ(refused.failed_logical_id, "Assets");
  EXPECT_EQ(refused.resources.count("Assets"), 1u) << "the stack still holds the bucket";
  EXPECT_EQ(refused.resources.count("AssetsPolicy"), 0u);
  bool reported = false;
  for (const std::string& event : events_) {
    reported |= event.starts_with("Assets DELETE_FAILED BucketNotEmpty: ");
  }
  EXPECT_TRUE(reported) << "the DELETE_FAILED event carries S3's error";
  // Versioned bucket: remove every version, then the stack deletes.
  json versions = Call("s3", "ListObjectVersions", {{"Bucket", bucket}});
  for (const json& v : versions.value("Versions", json::array())) {
    Call("s3", "DeleteObject",
         {{"Bucket", bucket}, {"Key", v["Key"]}, {"VersionId", v["VersionId"]}});
  }
  ASSERT_TRUE(Destroy(refused.resources).ok);
  ExpectNothingLeft();
}

TEST_F(ApplyWithProvidersTest, AFailingResourceRollsBackEverythingCreated) {
  std::string text = Example("every_resource_type.yaml");
  // Injected failure: a queue SQS refuses, created only after the function and its alias.
  text.replace(text.find("Outputs:"), 0,
               "  Broken:\n"
               "    Type: AWS::SQS::Queue\n"
               "    DependsOn: [ProcessorAlias, UploadsBucket, OrdersTable]\n"
               "    Properties:\n"
               "      VisibilityTimeout: 99999\n");
  ApplyResult result = Apply(text, {{"EnableEventSourceMapping", "false"}});
  ASSERT_FALSE(result.ok);
  EXPECT_EQ(result.failed_logical_id, "Broken");
  EXPECT_EQ(result.reason,
            "The following resource(s) failed to create: [Broken]. Rollback requested by user.");
  EXPECT_NE(result.resource_reason.find("VisibilityTimeout"), std::string::npos)
      << result.resource_reason;
  EXPECT_TRUE(result.resources.empty());
  EXPECT_NE(std::find(events_.begin(), events_.end(), "Processor DELETE_COMPLETE"), events_.end());
  ExpectNothingLeft();
}

}  // namespace
}  // namespace terrarium::iac::testing
