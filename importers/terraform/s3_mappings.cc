// aws_s3_bucket's companions merged onto its AWS::S3::Bucket, and what the mapping table
// (type_mappings.cc) cannot say about aws_s3_object: where its content comes from.
#include "emulator/core/encoding.h"
#include "importers/terraform/attribute_mapping.h"
#include "importers/terraform/type_mappings.h"

namespace terrarium::importers::tf {

using nlohmann::json;

void MoreS3Object(const json& attrs, const SideFiles& files, Mapped& out) {
  out.physical_id = attrs.value("bucket", "") + "/" + attrs.value("key", "");
  if (out.properties.contains("Content") || out.properties.contains("ContentBase64")) return;
  std::string source = attrs.value("source", json()).is_string() ? attrs["source"] : "";
  auto file = files.find(source);
  if (!source.empty() && file != files.end()) {
    out.properties["ContentBase64"] = Base64Encode(file->second);
  } else if (source.empty()) {
    out.cannot_create = "the state holds neither content nor source for this object";
  } else {
    out.cannot_create =
        "its content is not in the state and " + source + " was not found beside the state";
  }
}

void MergeBucketVersioning(const json& attrs, json& bucket) {
  const json& config = Block(attrs, "versioning_configuration");
  if (config.is_object() && config.contains("status") && config["status"] != "Disabled") {
    bucket["VersioningConfiguration"] = {{"Status", config["status"]}};
  }
}

void MergeBucketEncryption(const json& attrs, json& bucket) {
  json rules = json::array();
  for (const auto& rule : attrs.value("rule", json::array())) {
    json out = json::object();
    const json& by_default = Block(rule, "apply_server_side_encryption_by_default");
    if (by_default.is_object()) {
      json sse = json::object();
      CopyIfSet(by_default, "sse_algorithm", sse, "SSEAlgorithm");
      CopyIfSet(by_default, "kms_master_key_id", sse, "KMSMasterKeyID");
      out["ServerSideEncryptionByDefault"] = std::move(sse);
    }
    CopyIfTrue(rule, "bucket_key_enabled", out, "BucketKeyEnabled");
    rules.push_back(std::move(out));
  }
  if (!rules.empty()) bucket["BucketEncryption"] = {{"ServerSideEncryptionConfiguration", rules}};
}

namespace {

json LifecycleRule(const json& rule) {
  json out = json::object();
  CopyIfSet(rule, "id", out, "Id");
  CopyIfSet(rule, "status", out, "Status");
  const json& filter = Block(rule, "filter");
  if (filter.is_object()) CopyIfSet(filter, "prefix", out, "Prefix");
  CopyIfSet(rule, "prefix", out, "Prefix");
  const json& expiration = Block(rule, "expiration");
  if (expiration.is_object()) {
    CopyIfSet(expiration, "days", out, "ExpirationInDays");
    CopyIfSet(expiration, "date", out, "ExpirationDate");
    CopyIfTrue(expiration, "expired_object_delete_marker", out, "ExpiredObjectDeleteMarker");
    if (out.value("ExpirationInDays", json()) == 0) out.erase("ExpirationInDays");
  }
  const json& noncurrent = Block(rule, "noncurrent_version_expiration");
  if (noncurrent.is_object()) {
    json expire = json::object();
    CopyIfSet(noncurrent, "noncurrent_days", expire, "NoncurrentDays");
    CopyIfSet(noncurrent, "newer_noncurrent_versions", expire, "NewerNoncurrentVersions");
    out["NoncurrentVersionExpiration"] = std::move(expire);
  }
  const json& abort = Block(rule, "abort_incomplete_multipart_upload");
  if (abort.is_object()) {
    json days = json::object();
    CopyIfSet(abort, "days_after_initiation", days, "DaysAfterInitiation");
    out["AbortIncompleteMultipartUpload"] = std::move(days);
  }
  json transitions = json::array();
  for (const auto& transition : rule.value("transition", json::array())) {
    json t = json::object();
    CopyFieldsIfSet(transition,
                    {
                        {"storage_class", "StorageClass"},
                        {"days", "TransitionInDays"},
                        {"date", "TransitionDate"},
                    },
                    t);
    transitions.push_back(std::move(t));
  }
  if (!transitions.empty()) out["Transitions"] = std::move(transitions);
  return out;
}

// S3 key filter rules in CloudFormation's shape, from Terraform's filter_prefix/filter_suffix.
json KeyFilter(const json& config) {
  json rules = json::array();
  if (!Unset(config.value("filter_prefix", json()))) {
    rules.push_back({{"Name", "prefix"}, {"Value", config["filter_prefix"]}});
  }
  if (!Unset(config.value("filter_suffix", json()))) {
    rules.push_back({{"Name", "suffix"}, {"Value", config["filter_suffix"]}});
  }
  return rules;
}

// Terraform lists several events per destination, CloudFormation one: one entry per event.
void AddNotifications(const json& configs, const char* arn_key, const char* cfn_target, json& out) {
  for (const auto& config : configs) {
    json rules = KeyFilter(config);
    for (const auto& event : config.value("events", json::array())) {
      json entry = {{"Event", event}, {cfn_target, config.value(arn_key, json())}};
      if (!rules.empty()) entry["Filter"] = {{"S3Key", {{"Rules", rules}}}};
      out.push_back(std::move(entry));
    }
  }
}

}  // namespace

void MergeBucketLifecycle(const json& attrs, json& bucket) {
  json rules = json::array();
  for (const auto& rule : attrs.value("rule", json::array())) rules.push_back(LifecycleRule(rule));
  if (!rules.empty()) bucket["LifecycleConfiguration"] = {{"Rules", rules}};
}

void MergeBucketPublicAccessBlock(const json& attrs, json& bucket) {
  json config = json::object();
  for (const auto& [tf, cfn] : {std::pair{"block_public_acls", "BlockPublicAcls"},
                                {"block_public_policy", "BlockPublicPolicy"},
                                {"ignore_public_acls", "IgnorePublicAcls"},
                                {"restrict_public_buckets", "RestrictPublicBuckets"}}) {
    config[cfn] = attrs.value(tf, false);
  }
  bucket["PublicAccessBlockConfiguration"] = std::move(config);
}

void MergeBucketCors(const json& attrs, json& bucket) {
  json rules = json::array();
  for (const auto& rule : attrs.value("cors_rule", json::array())) {
    json out = json::object();
    CopyFieldsIfSet(rule,
                    {
                        {"id", "Id"},
                        {"allowed_headers", "AllowedHeaders"},
                        {"allowed_methods", "AllowedMethods"},
                        {"allowed_origins", "AllowedOrigins"},
                        {"expose_headers", "ExposedHeaders"},
                        {"max_age_seconds", "MaxAge"},
                    },
                    out);
    rules.push_back(std::move(out));
  }
  if (!rules.empty()) bucket["CorsConfiguration"] = {{"CorsRules", rules}};
}

void MergeBucketNotification(const json& attrs, json& bucket) {
  json queues = json::array(), functions = json::array(), topics = json::array();
  AddNotifications(attrs.value("queue", json::array()), "queue_arn", "Queue", queues);
  AddNotifications(attrs.value("lambda_function", json::array()), "lambda_function_arn", "Function",
                   functions);
  AddNotifications(attrs.value("topic", json::array()), "topic_arn", "Topic", topics);
  json config = json::object();
  if (!queues.empty()) config["QueueConfigurations"] = std::move(queues);
  if (!functions.empty()) config["LambdaConfigurations"] = std::move(functions);
  if (!topics.empty()) config["TopicConfigurations"] = std::move(topics);
  if (attrs.value("eventbridge", false))
    config["EventBridgeConfiguration"] = {{"EventBridgeEnabled", true}};
  if (!config.empty()) bucket["NotificationConfiguration"] = std::move(config);
}

}  // namespace terrarium::importers::tf
