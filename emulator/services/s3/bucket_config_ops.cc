// S3 bucket configurations: policy, CORS, website, lifecycle, replication, encryption, object
// lock, tagging, public access block, ownership controls, notification, accelerate, request
// payment, logging, versioning, ACL. Each is stored as PUT and returned verbatim; an absent one
// answers with the error AWS gives (or AWS's default where there is one).
// Parity notes: configurations are stored and validated lightly, not enforced (no policy
// evaluation, no lifecycle expiry, no replication, no website endpoint, no logging). ACLs are
// recorded and reported (canned names as grants), never enforced; x-amz-grant-* headers are
// accepted and not kept.
#include "emulator/services/s3/acl.h"
#include "emulator/services/s3/errors.h"
#include "emulator/services/s3/notifications.h"
#include "emulator/services/s3/object_write.h"
#include "emulator/services/s3/operations.h"
#include "emulator/services/s3/s3_common.h"
#include "emulator/services/s3/s3_store.h"
#include "emulator/storage/json_table.h"

namespace terrarium::services::s3 {
namespace {

using nlohmann::json;

// One kind of configuration: its row name, the input member a PUT carries it in, the output
// member a GET answers it in ("" when the document's members are the output's), and what a GET
// answers when there is none: an error, or a default document.
struct ConfigKind {
  const char* row;
  const char* put_member;
  const char* get_member;
  const char* missing_code;
  const char* missing_message;
  const char* default_document;
};

const ConfigKind kPolicy{
    "policy", "Policy", "Policy", "NoSuchBucketPolicy", "The bucket policy does not exist",
    nullptr};
const ConfigKind kCors{"cors",
                       "CORSConfiguration",
                       "",
                       "NoSuchCORSConfiguration",
                       "The CORS configuration does not exist",
                       nullptr};
const ConfigKind kWebsite{"website",
                          "WebsiteConfiguration",
                          "",
                          "NoSuchWebsiteConfiguration",
                          "The specified bucket does not have a website configuration",
                          nullptr};
const ConfigKind kLifecycle{"lifecycle",
                            "LifecycleConfiguration",
                            "",
                            "NoSuchLifecycleConfiguration",
                            "The lifecycle configuration does not exist",
                            nullptr};
const ConfigKind kReplication{"replication",
                              "ReplicationConfiguration",
                              "ReplicationConfiguration",
                              "ReplicationConfigurationNotFoundError",
                              "The replication configuration was not found",
                              nullptr};
const ConfigKind kEncryption{
    "encryption",
    "ServerSideEncryptionConfiguration",
    "ServerSideEncryptionConfiguration",
    nullptr,
    nullptr,
    R"({"Rules":[{"ApplyServerSideEncryptionByDefault":{"SSEAlgorithm":"AES256"},)"
    R"("BucketKeyEnabled":false}]})"};
const ConfigKind kObjectLock{"object-lock",
                             "ObjectLockConfiguration",
                             "ObjectLockConfiguration",
                             "ObjectLockConfigurationNotFoundError",
                             "Object Lock configuration does not exist for this bucket",
                             nullptr};
const ConfigKind kTagging{"tagging", "Tagging", "", "NoSuchTagSet", "The TagSet does not exist",
                          nullptr};
const ConfigKind kPublicAccessBlock{"public-access-block",
                                    "PublicAccessBlockConfiguration",
                                    "PublicAccessBlockConfiguration",
                                    "NoSuchPublicAccessBlockConfiguration",
                                    "The public access block configuration was not found",
                                    nullptr};
const ConfigKind kOwnership{"ownership",
                            "OwnershipControls",
                            "OwnershipControls",
                            "OwnershipControlsNotFoundError",
                            "The bucket ownership controls were not found",
                            nullptr};
const ConfigKind kNotification{
    "notification", "NotificationConfiguration", "", nullptr, nullptr, "{}"};
const ConfigKind kAccelerate{"accelerate", "AccelerateConfiguration", "", nullptr, nullptr, "{}"};
const ConfigKind kRequestPayment{"request-payment", "RequestPaymentConfiguration", "", nullptr,
                                 nullptr,           R"({"Payer":"BucketOwner"})"};
const ConfigKind kLogging{"logging", "BucketLoggingStatus", "", nullptr, nullptr, "{}"};

std::string Row(const json& bucket, const ConfigKind& kind) { return ConfigRow(bucket, kind.row); }

std::optional<json> LoadConfig(storage::ReadTxn& txn, const json& bucket, const ConfigKind& kind) {
  return storage::GetJson(txn, kConfigTable, Row(bucket, kind));
}

json GetConfig(RequestContext& ctx, const json& input, const ConfigKind& kind) {
  auto txn = ctx.store->BeginRead();
  json bucket = RequireInputBucket(*txn, input);
  std::optional<json> document = LoadConfig(*txn, bucket, kind);
  if (!document) {
    if (kind.default_document == nullptr) {
      throw AwsError(kind.missing_code, kind.missing_message, 404)
          .With("BucketName", bucket["Name"]);
    }
    document = json::parse(kind.default_document);
  }
  if (*kind.get_member != '\0') return {{kind.get_member, *document}};
  return *document;
}

// Stores the input's configuration member; `check` validates it first.
json PutConfig(
    RequestContext& ctx, const json& input, const ConfigKind& kind,
    const std::function<void(const json& bucket, const json& document)>& check = nullptr) {
  auto it = input.find(kind.put_member);
  if (it == input.end()) throw MalformedXml();
  auto txn = ctx.store->BeginWrite();
  json bucket = RequireInputBucket(*txn, input);
  if (check) check(bucket, *it);
  storage::PutJson(*txn, kConfigTable, Row(bucket, kind), *it);
  txn->Commit();
  return json::object();
}

json DeleteConfig(RequestContext& ctx, const json& input, const ConfigKind& kind) {
  auto txn = ctx.store->BeginWrite();
  json bucket = RequireInputBucket(*txn, input);
  txn->Erase(kConfigTable, Row(bucket, kind));
  txn->Commit();
  return json::object();
}

bool KnownEvent(const std::string& event) {
  static const char* const kEvents[] = {"s3:TestEvent",
                                        "s3:ObjectCreated:*",
                                        "s3:ObjectCreated:Put",
                                        "s3:ObjectCreated:Post",
                                        "s3:ObjectCreated:Copy",
                                        "s3:ObjectCreated:CompleteMultipartUpload",
                                        "s3:ObjectRemoved:*",
                                        "s3:ObjectRemoved:Delete",
                                        "s3:ObjectRemoved:DeleteMarkerCreated",
                                        "s3:ObjectRestore:*",
                                        "s3:ObjectRestore:Post",
                                        "s3:ObjectRestore:Completed",
                                        "s3:ObjectRestore:Delete",
                                        "s3:ReducedRedundancyLostObject",
                                        "s3:Replication:*",
                                        "s3:Replication:OperationFailedReplication",
                                        "s3:Replication:OperationNotTracked",
                                        "s3:Replication:OperationMissedThreshold",
                                        "s3:Replication:OperationReplicatedAfterThreshold",
                                        "s3:LifecycleExpiration:*",
                                        "s3:LifecycleExpiration:Delete",
                                        "s3:LifecycleExpiration:DeleteMarkerCreated",
                                        "s3:LifecycleTransition",
                                        "s3:IntelligentTiering",
                                        "s3:ObjectTagging:*",
                                        "s3:ObjectTagging:Put",
                                        "s3:ObjectTagging:Delete",
                                        "s3:ObjectAcl:Put"};
  for (const char* known : kEvents) {
    if (event == known) return true;
  }
  return false;
}

// Events, destination ARNs and key filter rules of a notification configuration (the queues
// and functions are checked to exist by ValidateDestinations).
void ValidateNotification(const json& document) {
  constexpr std::pair<const char*, const char*> kKinds[] = {
      {"TopicConfigurations", "TopicArn"},
      {"QueueConfigurations", "QueueArn"},
      {"LambdaFunctionConfigurations", "LambdaFunctionArn"}};
  for (const auto& [list, arn_member] : kKinds) {
    for (const json& config : document.value(list, json::array())) {
      std::string arn = config.value(arn_member, "");
      if (!arn.starts_with("arn:")) {
        throw InvalidArgument("The ARN is not well formed", arn_member, arn);
      }
      json events = config.value("Events", json::array());
      if (events.empty()) throw MalformedXml();
      for (const json& event : events) {
        if (!KnownEvent(event.get<std::string>())) {
          throw InvalidArgument("The event is not supported for notifications", "Event",
                                event.get<std::string>());
        }
      }
      json rules = config.value("Filter", json::object())
                       .value("Key", json::object())
                       .value("FilterRules", json::array());
      for (const json& rule : rules) {
        std::string name = rule.value("Name", "");
        for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        if (name != "prefix" && name != "suffix") {
          throw InvalidArgument("filter rule name must be either prefix or suffix",
                                "FilterRule.Name", rule.value("Name", ""));
        }
      }
    }
  }
}

}  // namespace

json GetBucketPolicy(RequestContext& ctx, const json& input) {
  return GetConfig(ctx, input, kPolicy);
}
json PutBucketPolicy(RequestContext& ctx, const json& input) {
  return PutConfig(ctx, input, kPolicy, [](const json&, const json& document) {
    std::string text = document.is_string() ? document.get<std::string>() : "";
    json parsed = json::parse(text, nullptr, false);
    if (parsed.is_discarded() || !parsed.is_object()) {
      throw AwsError("MalformedPolicy",
                     "Policies must be valid JSON and the first byte must be '{'", 400);
    }
  });
}
json DeleteBucketPolicy(RequestContext& ctx, const json& input) {
  return DeleteConfig(ctx, input, kPolicy);
}

json GetBucketCors(RequestContext& ctx, const json& input) { return GetConfig(ctx, input, kCors); }
json PutBucketCors(RequestContext& ctx, const json& input) { return PutConfig(ctx, input, kCors); }
json DeleteBucketCors(RequestContext& ctx, const json& input) {
  return DeleteConfig(ctx, input, kCors);
}

json GetBucketWebsite(RequestContext& ctx, const json& input) {
  return GetConfig(ctx, input, kWebsite);
}
json PutBucketWebsite(RequestContext& ctx, const json& input) {
  return PutConfig(ctx, input, kWebsite);
}
json DeleteBucketWebsite(RequestContext& ctx, const json& input) {
  return DeleteConfig(ctx, input, kWebsite);
}

json GetBucketLifecycleConfiguration(RequestContext& ctx, const json& input) {
  json output = GetConfig(ctx, input, kLifecycle);
  std::string size = output.value("TransitionDefaultMinimumObjectSize", "");
  output.erase("TransitionDefaultMinimumObjectSize");
  output["TransitionDefaultMinimumObjectSize"] = size.empty() ? "all_storage_classes_128K" : size;
  return output;
}
json PutBucketLifecycleConfiguration(RequestContext& ctx, const json& input) {
  json document = input.value("LifecycleConfiguration", json::object());
  std::string size = input.value("TransitionDefaultMinimumObjectSize", "all_storage_classes_128K");
  document["TransitionDefaultMinimumObjectSize"] = size;
  json stored = input;
  stored["LifecycleConfiguration"] = document;
  PutConfig(ctx, stored, kLifecycle);
  return {{"TransitionDefaultMinimumObjectSize", size}};
}
json DeleteBucketLifecycle(RequestContext& ctx, const json& input) {
  return DeleteConfig(ctx, input, kLifecycle);
}

json GetBucketReplication(RequestContext& ctx, const json& input) {
  return GetConfig(ctx, input, kReplication);
}
json PutBucketReplication(RequestContext& ctx, const json& input) {
  return PutConfig(ctx, input, kReplication, [](const json& bucket, const json&) {
    if (bucket.value("Versioning", "") != "Enabled") {
      throw InvalidRequest(
          "Versioning must be 'Enabled' on the bucket to apply a replication configuration");
    }
  });
}
json DeleteBucketReplication(RequestContext& ctx, const json& input) {
  return DeleteConfig(ctx, input, kReplication);
}

json GetBucketEncryption(RequestContext& ctx, const json& input) {
  return GetConfig(ctx, input, kEncryption);
}
json PutBucketEncryption(RequestContext& ctx, const json& input) {
  return PutConfig(ctx, input, kEncryption);
}
// Deleting resets to the default (SSE-S3), as AWS does since 2023.
json DeleteBucketEncryption(RequestContext& ctx, const json& input) {
  return DeleteConfig(ctx, input, kEncryption);
}

json GetObjectLockConfiguration(RequestContext& ctx, const json& input) {
  return GetConfig(ctx, input, kObjectLock);
}
json PutObjectLockConfiguration(RequestContext& ctx, const json& input) {
  return PutConfig(ctx, input, kObjectLock, [](const json& bucket, const json&) {
    if (bucket.value("Versioning", "") != "Enabled") {
      throw InvalidRequest(
          "Versioning must be 'Enabled' on the bucket to apply a Object Lock "
          "configuration");
    }
  });
}

json GetBucketTagging(RequestContext& ctx, const json& input) {
  return GetConfig(ctx, input, kTagging);
}
json PutBucketTagging(RequestContext& ctx, const json& input) {
  return PutConfig(ctx, input, kTagging, [](const json&, const json& document) {
    ValidateTags(document.value("TagSet", json::array()), 50);
  });
}
json DeleteBucketTagging(RequestContext& ctx, const json& input) {
  return DeleteConfig(ctx, input, kTagging);
}

json GetPublicAccessBlock(RequestContext& ctx, const json& input) {
  return GetConfig(ctx, input, kPublicAccessBlock);
}
json PutPublicAccessBlock(RequestContext& ctx, const json& input) {
  return PutConfig(ctx, input, kPublicAccessBlock);
}
json DeletePublicAccessBlock(RequestContext& ctx, const json& input) {
  return DeleteConfig(ctx, input, kPublicAccessBlock);
}

json GetBucketOwnershipControls(RequestContext& ctx, const json& input) {
  return GetConfig(ctx, input, kOwnership);
}
json PutBucketOwnershipControls(RequestContext& ctx, const json& input) {
  return PutConfig(ctx, input, kOwnership);
}
json DeleteBucketOwnershipControls(RequestContext& ctx, const json& input) {
  return DeleteConfig(ctx, input, kOwnership);
}

json GetBucketNotificationConfiguration(RequestContext& ctx, const json& input) {
  return GetConfig(ctx, input, kNotification);
}
json PutBucketNotificationConfiguration(RequestContext& ctx, const json& input) {
  // Destinations are checked (and test events sent) through the other services' APIs, outside
  // this bucket's write transaction.
  json bucket = RequireInputBucket(*ctx.store->BeginRead(), input);
  const json& document = input.value(kNotification.put_member, json::object());
  ValidateNotification(document);
  ValidateDestinations(ctx, document);
  json output = PutConfig(ctx, input, kNotification);
  SendTestEvents(ctx, document, bucket["Name"]);
  return output;
}

json GetBucketAccelerateConfiguration(RequestContext& ctx, const json& input) {
  return GetConfig(ctx, input, kAccelerate);
}
json PutBucketAccelerateConfiguration(RequestContext& ctx, const json& input) {
  return PutConfig(ctx, input, kAccelerate);
}

json GetBucketRequestPayment(RequestContext& ctx, const json& input) {
  return GetConfig(ctx, input, kRequestPayment);
}
json PutBucketRequestPayment(RequestContext& ctx, const json& input) {
  return PutConfig(ctx, input, kRequestPayment);
}

json GetBucketLogging(RequestContext& ctx, const json& input) {
  return GetConfig(ctx, input, kLogging);
}
json PutBucketLogging(RequestContext& ctx, const json& input) {
  return PutConfig(ctx, input, kLogging);
}

json GetBucketVersioning(RequestContext& ctx, const json& input) {
  json bucket = RequireInputBucket(*ctx.store->BeginRead(), input);
  json output = json::object();
  if (VersioningConfigured(bucket)) output["Status"] = bucket["Versioning"];
  if (bucket.contains("MFADelete")) output["MFADelete"] = bucket["MFADelete"];
  return output;
}
json PutBucketVersioning(RequestContext& ctx, const json& input) {
  json config = input.value("VersioningConfiguration", json::object());
  std::string status = config.value("Status", "");
  if (status != "Enabled" && status != "Suspended") throw MalformedXml();
  auto txn = ctx.store->BeginWrite();
  json bucket = RequireInputBucket(*txn, input);
  if (status == "Suspended" && LoadConfig(*txn, bucket, kObjectLock)) {
    throw AwsError("InvalidBucketState",
                   "An Object Lock configuration is present on this bucket, so the versioning "
                   "state cannot be changed.",
                   409);
  }
  bucket["Versioning"] = status;
  if (config.contains("MFADelete")) bucket["MFADelete"] = config["MFADelete"];
  storage::PutJson(*txn, kBucketsTable, bucket["Name"].get<std::string>(), bucket);
  txn->Commit();
  return json::object();
}

json GetBucketAcl(RequestContext& ctx, const json& input) {
  json bucket = RequireInputBucket(*ctx.store->BeginRead(), input);
  if (bucket.contains("ACLPolicy")) return bucket["ACLPolicy"];
  return CannedAcl(bucket.value("ACL", "private"), bucket["Account"].get<std::string>());
}
json PutBucketAcl(RequestContext& ctx, const json& input) {
  auto txn = ctx.store->BeginWrite();
  json bucket = RequireInputBucket(*txn, input);
  std::string acl = input.value("ACL", "private");
  if (!IsCannedAcl(acl)) throw InvalidArgument("Invalid canned ACL", "x-amz-acl", acl);
  bool grants = input.contains("AccessControlPolicy") || input.contains("GrantRead") ||
                input.contains("GrantFullControl") || input.contains("GrantWrite") ||
                input.contains("GrantReadACP") || input.contains("GrantWriteACP");
  CheckAclAllowed(*txn, bucket, acl, grants);
  bucket["ACL"] = acl;
  bucket.erase("ACLPolicy");
  if (auto policy = input.find("AccessControlPolicy"); policy != input.end()) {
    json document = *policy;
    if (!document.contains("Owner"))
      document["Owner"] = OwnerOf(bucket["Account"].get<std::string>());
    bucket["ACLPolicy"] = document;
  }
  storage::PutJson(*txn, kBucketsTable, bucket["Name"].get<std::string>(), bucket);
  txn->Commit();
  return json::object();
}

}  // namespace terrarium::services::s3
