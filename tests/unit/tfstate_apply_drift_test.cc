// A hand-written Terraform state imported and applied with the real providers against the real
// services (in process), then drift detected through the providers' Read: in sync right after
// the import, then a changed queue attribute, a removed bucket tag and a deleted queue found.
#include "iac/applier.h"
#include "iac/drift.h"
#include "iac/unmanaged.h"
#include "iac_provider_test_support.h"
#include "importers/terraform/apply_import.h"
#include "importers/terraform/import.h"

namespace terrarium::iac::testing {
namespace {

using json = nlohmann::json;

const char* kState = R"({
  "version": 4, "terraform_version": "1.11.0", "serial": 7, "lineage": "l", "outputs": {},
  "resources": [
    {"mode": "managed", "type": "aws_sqs_queue", "name": "jobs",
     "provider": "provider[\"registry.terraform.io/hashicorp/aws\"]",
     "instances": [{"index_key": "a", "schema_version": 0, "attributes": {
       "name": "jobs-a", "arn": "arn:aws:sqs:eu-west-1:123456789012:jobs-a",
       "id": "https://sqs.eu-west-1.amazonaws.com/123456789012/jobs-a",
       "url": "https://sqs.eu-west-1.amazonaws.com/123456789012/jobs-a",
       "visibility_timeout_seconds": 45, "message_retention_seconds": 345600,
       "max_message_size": 262144, "delay_seconds": 0, "receive_wait_time_seconds": 0,
       "fifo_queue": false, "content_based_deduplication": false, "redrive_policy": "",
       "tags": {"team": "core"}}}]},
    {"module": "module.store", "mode": "managed", "type": "aws_s3_bucket", "name": "assets",
     "provider": "provider[\"registry.terraform.io/hashicorp/aws\"]",
     "instances": [{"schema_version": 0, "attributes": {
       "bucket": "tf-import-assets", "id": "tf-import-assets",
       "arn": "arn:aws:s3:::tf-import-assets", "region": "eu-west-1",
       "object_lock_enabled": false, "tags": {"env": "dev", "owner": "ops"}}}]},
    {"module": "module.store", "mode": "managed", "type": "aws_s3_bucket_versioning", "name": "v",
     "provider": "provider[\"registry.terraform.io/hashicorp/aws\"]",
     "instances": [{"schema_version": 0, "attributes": {
       "bucket": "tf-import-assets",
       "versioning_configuration": [{"status": "Enabled", "mfa_delete": ""}]},
       "dependencies": ["module.store.aws_s3_bucket.assets"]}]},
    {"mode": "managed", "type": "aws_sns_topic", "name": "alerts",
     "provider": "provider[\"registry.terraform.io/hashicorp/aws\"]",
     "instances": [{"schema_version": 0, "attributes": {"name": "alerts"}}]}
  ]})";

class TfstateApplyDriftTest : public ProviderTest {
 protected:
  std::vector<DeclaredResource> Declared(const ApplyResult& applied,
                                         const importers::TerraformImport& imported) {
    std::vector<DeclaredResource> out;
    for (const auto& [id, resource] : applied.resources) {
      out.push_back(
          {id, resource.type, resource.physical_id, resource.properties, imported.Find(id)->scope});
    }
    return out;
  }
};

TEST_F(TfstateApplyDriftTest, ImportAppliesThenDriftFindsChanges) {
  importers::TerraformImport imported = importers::ImportTerraformState(kState);
  ASSERT_EQ(imported.skipped.size(), 1u);
  EXPECT_EQ(imported.skipped[0].address, "aws_sns_topic.alerts");
  EXPECT_EQ(imported.scope, (Scope{"123456789012", "eu-west-1"}));
  base_.scope = imported.scope;

  StackEvaluation desired(imported.AsTemplate(), {},
                          StackContext{"terraform-import", base_.stack_id, imported.scope, {}});
  ApplyResult applied = Applier(providers_, base_).Apply(desired, {}, nullptr);
  ASSERT_TRUE(applied.ok) << applied.reason << " / " << applied.resource_reason;
  ASSERT_EQ(applied.resources.size(), 2u);

  json attributes =
      Call("sqs", "GetQueueAttributes",
           {{"QueueUrl", applied.resources.at("aws_sqs_queue.jobs[\"a\"]").physical_id},
            {"AttributeNames", {"VisibilityTimeout"}}});
  EXPECT_EQ(attributes["Attributes"]["VisibilityTimeout"], "45");
  EXPECT_EQ(Call("s3", "GetBucketVersioning", {{"Bucket", "tf-import-assets"}})["Status"],
            "Enabled");

  auto declared = Declared(applied, imported);
  for (const auto& drift : DetectDrift(declared, providers_, base_)) {
    EXPECT_EQ(drift.status, DriftStatus::kInSync) << drift.logical_id;
  }

  std::string queue_url = applied.resources.at("aws_sqs_queue.jobs[\"a\"]").physical_id;
  Call("sqs", "SetQueueAttributes",
       {{"QueueUrl", queue_url}, {"Attributes", {{"VisibilityTimeout", "99"}}}});
  Call("s3", "PutBucketTagging",
       {{"Bucket", "tf-import-assets"},
        {"Tagging", {{"TagSet", json::array({{{"Key", "env"}, {"Value", "dev"}}})}}}});
  auto drifts = DetectDrift(declared, providers_, base_);
  ASSERT_EQ(drifts.size(), 2u);
  EXPECT_EQ(drifts[0].logical_id, "aws_sqs_queue.jobs[\"a\"]");
  EXPECT_EQ(drifts[0].status, DriftStatus::kModified);
  ASSERT_EQ(drifts[0].differences.size(), 1u);
  EXPECT_EQ(drifts[0].differences[0].path, "/VisibilityTimeout");
  EXPECT_EQ(drifts[1].logical_id, "module.store.aws_s3_bucket.assets");
  ASSERT_EQ(drifts[1].differences.size(), 1u) << drifts[1].differences[0].path;
  EXPECT_EQ(drifts[1].differences[0].type, DifferenceType::kRemove);
  EXPECT_EQ(drifts[1].differences[0].expected, (json{{"Key", "owner"}, {"Value", "ops"}}));

  EXPECT_TRUE(FindUnmanaged(*dispatcher_, declared).empty());
  Call("dynamodb", "CreateTable",
       {{"TableName", "stray"},
        {"BillingMode", "PAY_PER_REQUEST"},
        {"AttributeDefinitions", json::array({{{"AttributeName", "pk"}, {"AttributeType", "S"}}})},
        {"KeySchema", json::array({{{"AttributeName", "pk"}, {"KeyType", "HASH"}}})}});
  Call("sqs", "CreateQueue", {{"QueueName", "stray-queue"}});
  auto unmanaged = FindUnmanaged(*dispatcher_, declared);
  ASSERT_EQ(unmanaged.size(), 2u);
  EXPECT_EQ(unmanaged[0].type, "AWS::DynamoDB::Table");
  EXPECT_EQ(unmanaged[0].physical_id, "stray");
  EXPECT_EQ(unmanaged[0].status, DriftStatus::kUnmanaged);
  EXPECT_EQ(unmanaged[1].type, "AWS::SQS::Queue");
  EXPECT_TRUE(unmanaged[1].physical_id.ends_with("/stray-queue")) << unmanaged[1].physical_id;

  Call("sqs", "DeleteQueue", {{"QueueUrl", queue_url}});
  EXPECT_EQ(DetectDrift(declared, providers_, base_)[0].status, DriftStatus::kDeleted);
}

std::vector<std::string> Lines(const importers::ImportOutcome& outcome) {
  std::vector<std::string> out;
  for (const auto& line : outcome.lines) out.push_back(line.address + " " + line.outcome);
  return out;
}

TEST_F(TfstateApplyDriftTest, ImportCreatesOnceThenFindsEverythingPresent) {
  importers::TerraformImport imported = importers::ImportTerraformState(kState);
  auto dry = importers::ApplyImport(imported, providers_, base_, true);
  EXPECT_EQ(Lines(dry), (std::vector<std::string>{"aws_sqs_queue.jobs[\"a\"] would create",
                                                  "module.store.aws_s3_bucket.assets would create",
                                                  "aws_sns_topic.alerts skipped"}));
  EXPECT_EQ(ErrorOf("s3", "HeadBucket", {{"Bucket", "tf-import-assets"}}), "NoSuchBucket");

  auto first = importers::ApplyImport(imported, providers_, base_, false);
  ASSERT_TRUE(first.ok) << first.reason;
  EXPECT_EQ(Lines(first), (std::vector<std::string>{"aws_sqs_queue.jobs[\"a\"] created",
                                                    "module.store.aws_s3_bucket.assets created",
                                                    "aws_sns_topic.alerts skipped"}));
  EXPECT_EQ(first.lines[2].detail, "resource type aws_sns_topic is not supported by the importer");

  // The state's ids are those of real AWS; the emulator finds the queue by account and name.
  auto second = importers::ApplyImport(imported, providers_, base_, false);
  ASSERT_TRUE(second.ok) << second.reason;
  EXPECT_EQ(Lines(second),
            (std::vector<std::string>{"aws_sqs_queue.jobs[\"a\"] already present",
                                      "module.store.aws_s3_bucket.assets already present",
                                      "aws_sns_topic.alerts skipped"}));
  Scope scope{"123456789012", "eu-west-1"};
  EXPECT_EQ(dispatcher_->Invoke("sqs", "ListQueues", json::object(), scope)["QueueUrls"].size(),
            1u);
}

}  // namespace
}  // namespace terrarium::iac::testing
