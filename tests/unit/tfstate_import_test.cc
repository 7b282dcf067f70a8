// Terraform state -> declared-resource graph: both state forms, modules, count and for_each
// instances, depends_on, bucket companions merged, references turned into Ref/GetAtt, the scope
// taken from ARNs, and unsupported types reported.
#include <gtest/gtest.h>

#include <stdexcept>

#include "importers/terraform/import.h"
#include "importers/terraform/tfstate_reader.h"

namespace terrarium::importers {
namespace {

using nlohmann::json;

constexpr const char* kAccount = "123456789012";
const std::string kQueueArn = std::string("arn:aws:sqs:eu-west-1:") + kAccount + ":jobs";
const std::string kQueueUrl =
    std::string("https://sqs.eu-west-1.amazonaws.com/") + kAccount + "/jobs";
const std::string kRoleArn = std::string("arn:aws:iam::") + kAccount + ":role/exec";
const std::string kPolicyArn = std::string("arn:aws:iam::") + kAccount + ":policy/logs";

json Resource(const std::string& module, const std::string& type, const std::string& name,
              json instances) {
  json r = {{"mode", "managed"},
            {"type", type},
            {"name", name},
            {"instances", instances},
            {"provider", "provider[\"registry.terraform.io/hashicorp/aws\"]"}};
  if (!module.empty()) r["module"] = module;
  return r;
}

json Instance(json attributes, json dependencies = json::array()) {
  return {{"schema_version", 0}, {"attributes", attributes}, {"dependencies", dependencies}};
}

json Keyed(json key, json attributes) {
  json i = Instance(std::move(attributes));
  i["index_key"] = std::move(key);
  return i;
}

std::string State(json resources) {
  return json{{"version", 4},   {"terraform_version", "1.11.0"}, {"serial", 3},
              {"lineage", "x"}, {"outputs", json::object()},     {"resources", resources}}
      .dump();
}

json QueueAttributes(const std::string& name, int visibility) {
  return {{"name", name},
          {"id", "https://sqs.eu-west-1.amazonaws.com/" + std::string(kAccount) + "/" + name},
          {"url", "https://sqs.eu-west-1.amazonaws.com/" + std::string(kAccount) + "/" + name},
          {"arn", "arn:aws:sqs:eu-west-1:" + std::string(kAccount) + ":" + name},
          {"visibility_timeout_seconds", visibility},
          {"message_retention_seconds", 345600},
          {"max_message_size", 262144},
          {"delay_seconds", 0},
          {"receive_wait_time_seconds", 0},
          {"fifo_queue", false},
          {"content_based_deduplication", false},
          {"redrive_policy", ""},
          {"kms_master_key_id", ""},
          {"tags", {{"team", "a"}}},
          {"tags_all", {{"team", "a"}}}};
}

TEST(TfstateReader, ModulesCountAndForEachGetTheirAddresses) {
  std::string state = State(json::array({
      Resource("", "aws_sqs_queue", "plain", json::array({Instance(QueueAttributes("p", 30))})),
      Resource(
          "module.app", "aws_sqs_queue", "counted",
          json::array({Keyed(0, QueueAttributes("c0", 30)), Keyed(1, QueueAttributes("c1", 30))})),
      Resource("module.app.module.inner", "aws_sqs_queue", "each",
               json::array({Keyed("blue", QueueAttributes("b", 30))})),
      {{"mode", "data"},
       {"type", "aws_caller_identity"},
       {"name", "me"},
       {"instances", json::array({Instance({{"account_id", kAccount}})})}},
  }));
  auto instances = ReadTerraformState(state);
  ASSERT_EQ(instances.size(), 4u);  // the data source is not a resource
  EXPECT_EQ(instances[0].address, "aws_sqs_queue.plain");
  EXPECT_EQ(instances[1].address, "module.app.aws_sqs_queue.counted[0]");
  EXPECT_EQ(instances[2].address, "module.app.aws_sqs_queue.counted[1]");
  EXPECT_EQ(instances[3].address, "module.app.module.inner.aws_sqs_queue.each[\"blue\"]");
  EXPECT_EQ(ResourceAddressOf(instances[3]), "module.app.module.inner.aws_sqs_queue.each");
}

TEST(TfstateReader, ReadsTerraformShowJson) {
  json show = {
      {"format_version", "1.0"},
      {"values",
       {{"root_module",
         {{"resources", json::array({{{"address", "aws_sqs_queue.q"},
                                      {"mode", "managed"},
                                      {"type", "aws_sqs_queue"},
                                      {"name", "q"},
                                      {"values", QueueAttributes("q", 45)}}})},
          {"child_modules",
           json::array(
               {{{"address", "module.m"},
                 {"resources",
                  json::array({{{"address", "module.m.aws_sqs_queue.r[\"k\"]"},
                                {"mode", "managed"},
                                {"type", "aws_sqs_queue"},
                                {"name", "r"},
                                {"index", "k"},
                                {"values", QueueAttributes("r", 30)},
                                {"depends_on", json::array({"aws_sqs_queue.q"})}}})}}})}}}}}};
  auto result = ImportTerraformState(show.dump());
  ASSERT_EQ(result.resources.size(), 2u);
  EXPECT_EQ(result.resources[0].node.logical_id, "aws_sqs_queue.q");
  EXPECT_EQ(result.resources[0].node.properties["VisibilityTimeout"], 45);
  const auto* inner = result.Find("module.m.aws_sqs_queue.r[\"k\"]");
  ASSERT_NE(inner, nullptr);
  EXPECT_EQ(inner->node.dependencies, std::set<std::string>{"aws_sqs_queue.q"});
}

TEST(TfstateReader, RejectsWhatIsNotAState) {
  EXPECT_THROW(ReadTerraformState("not json"), std::invalid_argument);
  EXPECT_THROW(ReadTerraformState(R"({"version": 3, "modules": []})"), std::invalid_argument);
  EXPECT_THROW(ReadTerraformState(R"({"resources": []})"), std::invalid_argument);
  EXPECT_THROW(ReadTerraformState(R"({"version": 4, "resources": [{"mode": "managed"}]})"),
               std::invalid_argument);
}

// Members of the wrong type (fuzz_tfstate: "mode": [...]) are a malformed state, not an escaping
// nlohmann::json::type_error.
TEST(TfstateReader, RejectsMembersOfTheWrongType) {
  for (const char* state : {
           R"({"version": 4, "resources": [{"mode": [], "type": "t", "name": "n"}]})",
           R"({"version": 4, "resources": [{"module": 1, "type": "t", "name": "n"}]})",
           R"({"format_version": "1.0", "values": {"root_module": []}})",
           R"({"format_version": "1.0", "values": {"root_module": {"resources": [1]}}})",
       }) {
    try {
      ReadTerraformState(state);
      ADD_FAILURE() << "accepted " << state;
    } catch (const std::invalid_argument& e) {
      EXPECT_NE(std::string(e.what()).find("state: "), std::string::npos) << e.what();
    }
  }
}

TEST(TfstateImport, QueueBecomesSqsQueueInTheStatesScope) {
  auto result = ImportTerraformState(State(json::array({Resource(
      "", "aws_sqs_queue", "jobs", json::array({Instance(QueueAttributes("jobs", 60))}))})));
  ASSERT_EQ(result.resources.size(), 1u);
  const auto& queue = result.resources[0];
  EXPECT_EQ(queue.node.type, "AWS::SQS::Queue");
  EXPECT_EQ(queue.node.properties,
            (json{{"QueueName", "jobs"},
                  {"VisibilityTimeout", 60},
                  {"MessageRetentionPeriod", 345600},
                  {"MaximumMessageSize", 262144},
                  {"DelaySeconds", 0},
                  {"ReceiveMessageWaitTimeSeconds", 0},
                  {"Tags", json::array({{{"Key", "team"}, {"Value", "a"}}})}}));
  EXPECT_EQ(queue.scope, (Scope{kAccount, "eu-west-1"}));
  EXPECT_EQ(result.scope, (Scope{kAccount, "eu-west-1"}));
}

TEST(TfstateImport, CompanionsMergeOntoTheirBucket) {
  json bucket = {{"bucket", "assets"},           {"id", "assets"},
                 {"arn", "arn:aws:s3:::assets"}, {"region", "eu-west-1"},
                 {"object_lock_enabled", false}, {"tags", {{"env", "dev"}}}};
  json versioning = {{"bucket", "assets"},
                     {"versioning_configuration", json::array({{{"status", "Enabled"}}})}};
  json encryption = {
      {"bucket", "assets"},
      {"rule",
       json::array({{{"apply_server_side_encryption_by_default",
                      json::array({{{"sse_algorithm", "AES256"}, {"kms_master_key_id", ""}}})},
                     {"bucket_key_enabled", false}}})}};
  json notification = {{"bucket", "assets"},
                       {"queue", json::array({{{"queue_arn", kQueueArn},
                                               {"events", json::array({"s3:ObjectCreated:*"})},
                                               {"filter_prefix", "in/"},
                                               {"filter_suffix", ""}}})}};
  json policy = {{"bucket", "assets"}, {"policy", R"({"Version":"2012-10-17","Statement":[]})"}};
  auto result = ImportTerraformState(State(json::array({
      Resource("", "aws_s3_bucket", "assets", json::array({Instance(bucket)})),
      Resource("", "aws_s3_bucket_versioning", "v", json::array({Instance(versioning)})),
      Resource("", "aws_s3_bucket_server_side_encryption_configuration", "e",
               json::array({Instance(encryption)})),
      Resource("", "aws_s3_bucket_notification", "n", json::array({Instance(notification)})),
      Resource("", "aws_s3_bucket_policy", "p", json::array({Instance(policy)})),
      Resource("", "aws_sqs_queue", "jobs", json::array({Instance(QueueAttributes("jobs", 30))})),
  })));
  ASSERT_EQ(result.resources.size(), 3u);  // bucket, bucket policy, queue
  const auto* b = result.Find("aws_s3_bucket.assets");
  ASSERT_NE(b, nullptr);
  EXPECT_EQ(b->node.type, "AWS::S3::Bucket");
  EXPECT_EQ(b->merged.size(), 3u);
  EXPECT_EQ(b->node.properties["VersioningConfiguration"], (json{{"Status", "Enabled"}}));
  EXPECT_EQ(b->node.properties["BucketEncryption"]["ServerSideEncryptionConfiguration"][0]
                              ["ServerSideEncryptionByDefault"],
            (json{{"SSEAlgorithm", "AES256"}}));
  json queue_config = b->node.properties["NotificationConfiguration"]["QueueConfigurations"][0];
  EXPECT_EQ(queue_config["Queue"], (json{{"Fn::GetAtt", {"aws_sqs_queue.jobs", "Arn"}}}));
  EXPECT_EQ(queue_config["Filter"]["S3Key"]["Rules"],
            (json::array({{{"Name", "prefix"}, {"Value", "in/"}}})));
  EXPECT_EQ(b->node.dependencies, std::set<std::string>{"aws_sqs_queue.jobs"});
  EXPECT_EQ(b->scope, (Scope{kAccount, "eu-west-1"}));  // bucket ARNs name no account
  const auto* p = result.Find("aws_s3_bucket_policy.p");
  ASSERT_NE(p, nullptr);
  EXPECT_EQ(p->node.type, "AWS::S3::BucketPolicy");
  EXPECT_EQ(p->node.properties["Bucket"], (json{{"Ref", "aws_s3_bucket.assets"}}));
  EXPECT_EQ(p->node.properties["PolicyDocument"]["Version"], "2012-10-17");
}

TEST(TfstateImport, LambdaAndIamReferencesBecomeIntrinsics) {
  json role = {
      {"name", "exec"},
      {"arn", kRoleArn},
      {"path", "/"},
      {"description", ""},
      {"max_session_duration", 3600},
      {"assume_role_policy",
       R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"lambda.amazonaws.com"},"Action":"sts:AssumeRole"}]})"}};
  json policy = {{"name", "logs"},
                 {"arn", kPolicyArn},
                 {"path", "/"},
                 {"policy", R"({"Version":"2012-10-17","Statement":[]})"}};
  json attachment = {{"role", "exec"}, {"policy_arn", kPolicyArn}};
  json inline_policy = {{"name", "inline"},
                        {"role", "exec"},
                        {"policy", R"({"Version":"2012-10-17","Statement":[]})"}};
  std::string fn_arn = "arn:aws:lambda:eu-west-1:" + std::string(kAccount) + ":function:worker";
  json function = {{"function_name", "worker"},
                   {"arn", fn_arn},
                   {"role", kRoleArn},
                   {"handler", "index.handler"},
                   {"runtime", "python3.12"},
                   {"timeout", 10},
                   {"memory_size", 128},
                   {"reserved_concurrent_executions", -1},
                   {"filename", "worker.zip"},
                   {"environment", json::array({{{"variables", {{"MODE", "x"}}}}})}};
  json mapping = {{"event_source_arn", kQueueArn},
                  {"function_name", fn_arn},
                  {"batch_size", 5},
                  {"enabled", true}};
  json alias = {{"name", "live"}, {"function_name", "worker"}, {"function_version", "$LATEST"}};
  auto result = ImportTerraformState(State(json::array({
      Resource("", "aws_iam_role", "exec", json::array({Instance(role)})),
      Resource("", "aws_iam_policy", "logs", json::array({Instance(policy)})),
      Resource("", "aws_iam_role_policy_attachment", "a", json::array({Instance(attachment)})),
      Resource("", "aws_iam_role_policy", "inline", json::array({Instance(inline_policy)})),
      Resource(
          "", "aws_lambda_function", "worker",
          json::array({Instance(function, json::array({"aws_iam_role_policy_attachment.a"}))})),
      Resource("", "aws_lambda_event_source_mapping", "m", json::array({Instance(mapping)})),
      Resource("", "aws_lambda_alias", "live", json::array({Instance(alias)})),
      Resource("", "aws_sqs_queue", "jobs", json::array({Instance(QueueAttributes("jobs", 30))})),
  })));
  EXPECT_TRUE(result.skipped.empty());
  const auto* r = result.Find("aws_iam_role.exec");
  ASSERT_NE(r, nullptr);
  EXPECT_EQ(r->node.properties["ManagedPolicyArns"],
            (json::array({{{"Ref", "aws_iam_policy.logs"}}})));
  EXPECT_EQ(r->node.properties["AssumeRolePolicyDocument"]["Statement"][0]["Action"],
            "sts:AssumeRole");
  EXPECT_EQ(r->scope, (Scope{kAccount, "eu-west-1"}));
  EXPECT_EQ(result.Find("aws_iam_role_policy.inline")->node.properties["RoleName"],
            (json{{"Ref", "aws_iam_role.exec"}}));
  const auto* f = result.Find("aws_lambda_function.worker");
  ASSERT_NE(f, nullptr);
  EXPECT_EQ(f->node.properties["Role"], (json{{"Fn::GetAtt", {"aws_iam_role.exec", "Arn"}}}));
  EXPECT_FALSE(f->node.properties.contains("ReservedConcurrentExecutions"));
  EXPECT_EQ(f->node.properties["Environment"], (json{{"Variables", {{"MODE", "x"}}}}));
  EXPECT_TRUE(f->node.properties["Code"].contains("ZipFile"));
  ASSERT_EQ(f->notes.size(), 1u);
  // depends_on on the attachment means on the role it was merged onto.
  EXPECT_EQ(f->node.dependencies, std::set<std::string>{"aws_iam_role.exec"});
  const auto* m = result.Find("aws_lambda_event_source_mapping.m");
  EXPECT_EQ(m->node.properties["EventSourceArn"],
            (json{{"Fn::GetAtt", {"aws_sqs_queue.jobs", "Arn"}}}));
  EXPECT_EQ(m->node.properties["FunctionName"],
            (json{{"Fn::GetAtt", {"aws_lambda_function.worker", "Arn"}}}));
  EXPECT_EQ(result.Find("aws_lambda_alias.live")->node.properties["FunctionName"],
            (json{{"Ref", "aws_lambda_function.worker"}}));
  auto levels = result.Graph().Levels();
  ASSERT_EQ(levels.size(), 4u);
  EXPECT_EQ(levels[0], (std::vector<std::string>{"aws_iam_policy.logs", "aws_sqs_queue.jobs"}));
  EXPECT_EQ(levels[1], (std::vector<std::string>{"aws_iam_role.exec"}));
}

TEST(TfstateImport, QueuePolicyAndTableMap) {
  json policy = {{"queue_url", kQueueUrl}, {"policy", R"({"Statement":[]})"}};
  json table = {{"name", "orders"},
                {"arn", "arn:aws:dynamodb:eu-west-1:123456789012:table/orders"},
                {"billing_mode", "PAY_PER_REQUEST"},
                {"hash_key", "pk"},
                {"range_key", "sk"},
                {"attribute",
                 json::array({{{"name", "pk"}, {"type", "S"}}, {{"name", "sk"}, {"type", "N"}}})},
                {"ttl", json::array({{{"enabled", true}, {"attribute_name", "expires"}}})},
                {"stream_enabled", false},
                {"stream_view_type", ""},
                {"read_capacity", 0},
                {"write_capacity", 0},
                {"table_class", "STANDARD"},
                {"global_secondary_index", json::array({{{"name", "by_sk"},
                                                         {"hash_key", "sk"},
                                                         {"range_key", nullptr},
                                                         {"projection_type", "KEYS_ONLY"},
                                                         {"non_key_attributes", json::array()}}})}};
  auto result = ImportTerraformState(State(json::array({
      Resource("", "aws_sqs_queue", "jobs", json::array({Instance(QueueAttributes("jobs", 30))})),
      Resource("", "aws_sqs_queue_policy", "p", json::array({Instance(policy)})),
      Resource("", "aws_dynamodb_table", "orders", json::array({Instance(table)})),
  })));
  EXPECT_EQ(result.Find("aws_sqs_queue_policy.p")->node.properties["Queues"],
            (json::array({{{"Ref", "aws_sqs_queue.jobs"}}})));
  const auto& t = result.Find("aws_dynamodb_table.orders")->node.properties;
  EXPECT_EQ(t["KeySchema"], (json::array({{{"AttributeName", "pk"}, {"KeyType", "HASH"}},
                                          {{"AttributeName", "sk"}, {"KeyType", "RANGE"}}})));
  EXPECT_EQ(t["BillingMode"], "PAY_PER_REQUEST");
  EXPECT_FALSE(t.contains("ProvisionedThroughput"));
  EXPECT_EQ(t["TimeToLiveSpecification"], (json{{"AttributeName", "expires"}, {"Enabled", true}}));
  EXPECT_EQ(t["GlobalSecondaryIndexes"][0]["Projection"], (json{{"ProjectionType", "KEYS_ONLY"}}));
  EXPECT_FALSE(t.contains("StreamSpecification"));
}

TEST(TfstateImport, UnsupportedTypesAndOrphanCompanionsAreReported) {
  auto result = ImportTerraformState(State(json::array({
      Resource("", "aws_sns_topic", "t", json::array({Instance({{"name", "t"}})})),
      Resource("", "aws_s3_bucket_versioning", "v",
               json::array({Instance({{"bucket", "elsewhere"}})})),
  })));
  EXPECT_TRUE(result.resources.empty());
  ASSERT_EQ(result.skipped.size(), 2u);
  EXPECT_EQ(result.skipped[0].address, "aws_s3_bucket_versioning.v");
  EXPECT_EQ(result.skipped[0].reason, "the bucket elsewhere it configures is not in the state");
  EXPECT_EQ(result.skipped[1].address, "aws_sns_topic.t");
  EXPECT_EQ(result.skipped[1].reason,
            "resource type aws_sns_topic is not supported by the importer");
  EXPECT_EQ(result.scope, Scope{});  // no ARNs: the emulator's defaults
}

TEST(TfstateImport, ScopeOfArn) {
  EXPECT_EQ(ScopeOfArn(kQueueArn), (Scope{kAccount, "eu-west-1"}));
  EXPECT_EQ(ScopeOfArn(kRoleArn), (Scope{kAccount, ""}));
  EXPECT_EQ(ScopeOfArn("arn:aws:s3:::b"), (Scope{"", ""}));
  EXPECT_EQ(ScopeOfArn("not-an-arn"), (Scope{"", ""}));
}

TEST(TfstateImport, S3ObjectsTakeContentOrTheSourceBesideTheState) {
  json object = {{"bucket", "files"},
                 {"key", "a/b.txt"},
                 {"id", "a/b.txt"},
                 {"content", "hi"},
                 {"content_type", "text/plain"},
                 {"etag", "49f68a5c8493ec2c0bf489821c21fc3b"},
                 {"metadata", {{"k", "v"}}},
                 {"tags", {{"t", "1"}}}};
  json from_file = {{"bucket", "files"}, {"key", "logo"}, {"id", "logo"}, {"source", "logo.png"}};
  json lost = {{"bucket", "files"}, {"key", "gone"}, {"id", "gone"}, {"source", "gone.png"}};
  auto result = ImportTerraformState(
      State(json::array({Resource("", "aws_s3_bucket", "files",
                                  json::array({Instance({{"bucket", "files"}, {"id", "files"}})})),
                         Resource("", "aws_s3_object", "text", json::array({Instance(object)})),
                         Resource("", "aws_s3_object", "logo", json::array({Instance(from_file)})),
                         Resource("", "aws_s3_object", "lost", json::array({Instance(lost)}))})),
      {{"logo.png", std::string("\x89PNG", 4)}});
  const ImportedResource* text = result.Find("aws_s3_object.text");
  ASSERT_NE(text, nullptr);
  EXPECT_EQ(text->node.type, "Terrarium::S3::Object");
  EXPECT_EQ(text->terraform_id, "files/a/b.txt");
  EXPECT_EQ(text->node.properties["Bucket"], (json{{"Ref", "aws_s3_bucket.files"}}));
  EXPECT_EQ(text->literal_properties,
            (json{{"Bucket", "files"},
                  {"Key", "a/b.txt"},
                  {"Content", "hi"},
                  {"ContentType", "text/plain"},
                  {"ETag", "49f68a5c8493ec2c0bf489821c21fc3b"},
                  {"Metadata", {{"k", "v"}}},
                  {"Tags", json::array({{{"Key", "t"}, {"Value", "1"}}})}}));
  EXPECT_TRUE(text->node.dependencies.contains("aws_s3_bucket.files"));
  const ImportedResource* logo = result.Find("aws_s3_object.logo");
  ASSERT_NE(logo, nullptr);
  EXPECT_EQ(logo->node.properties["ContentBase64"], "iVBORw==");
  EXPECT_TRUE(logo->cannot_create.empty());
  const ImportedResource* absent = result.Find("aws_s3_object.lost");
  ASSERT_NE(absent, nullptr);  // still checked for drift, by its ETag
  EXPECT_EQ(absent->cannot_create,
            "its content is not in the state and gone.png was not found beside the state");
}

TEST(TfstateImport, LambdaCodeFromTheFilenameBesideTheStateElseAStub) {
  auto function = [](const std::string& name) {
    return json{{"function_name", name},   {"id", name},
                {"role", kRoleArn},        {"handler", "index.handler"},
                {"runtime", "python3.12"}, {"filename", name + ".zip"}};
  };
  auto result = ImportTerraformState(
      State(json::array(
          {Resource("", "aws_lambda_function", "found", json::array({Instance(function("a"))})),
           Resource("", "aws_lambda_function", "lost", json::array({Instance(function("b"))}))})),
      {{"a.zip", "PK"}});
  const ImportedResource* found = result.Find("aws_lambda_function.found");
  ASSERT_NE(found, nullptr);
  EXPECT_EQ(found->node.properties["Code"], (json{{"ZipFileBase64", "UEs="}}));
  EXPECT_EQ(found->notes, std::vector<std::string>{"code from a.zip"});
  const ImportedResource* lost = result.Find("aws_lambda_function.lost");
  ASSERT_NE(lost, nullptr);
  EXPECT_NE(lost->node.properties["Code"]["ZipFile"].get<std::string>().find("was not imported"),
            std::string::npos);
  EXPECT_EQ(lost->notes, std::vector<std::string>{
                             "code not imported (b.zip not found beside the state): created with "
                             "a stub handler that returns an error"});
}

TEST(TfstateImport, TheFallbackScopeServesResourcesWhoseArnsNameNone) {
  auto result = ImportTerraformState(
      State(
          json::array({Resource("", "aws_s3_bucket", "files",
                                json::array({Instance({{"bucket", "files"}, {"id", "files"}})}))})),
      {}, Scope{kAccount, "ap-south-1"});
  EXPECT_EQ(result.scope, (Scope{kAccount, "ap-south-1"}));
  EXPECT_EQ(result.resources.at(0).scope, (Scope{kAccount, "ap-south-1"}));
}

}  // namespace
}  // namespace terrarium::importers
