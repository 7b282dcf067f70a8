#include "emulator/services/s3/notifications.h"

#include <fmt/format.h>

#include "emulator/core/ascii.h"
#include "emulator/core/aws_error.h"
#include "emulator/core/encoding.h"
#include "emulator/core/ids.h"
#include "emulator/core/timestamp.h"
#include "emulator/core/url.h"
#include "emulator/services/s3/errors.h"
#include "emulator/services/s3/s3_common.h"
#include "emulator/services/s3/s3_store.h"
#include "emulator/storage/json_table.h"

namespace terrarium::services::s3 {
namespace {

using nlohmann::json;

// "s3:ObjectCreated:*" matches every ObjectCreated event; others match exactly.
bool EventMatches(const std::string& pattern, const std::string& event_name) {
  std::string wanted = "s3:" + event_name;
  if (pattern.ends_with(":*")) return wanted.starts_with(pattern.substr(0, pattern.size() - 1));
  return pattern == wanted;
}

bool FilterMatches(const json& configuration, const std::string& key) {
  json rules = configuration.value("Filter", json::object())
                   .value("Key", json::object())
                   .value("FilterRules", json::array());
  for (const json& rule : rules) {
    std::string name = AsciiLower(rule.value("Name", ""));
    std::string value = rule.value("Value", "");
    if (name == "prefix" && !key.starts_with(value)) return false;
    if (name == "suffix" && !key.ends_with(value)) return false;
  }
  return true;
}

// The account, region and last field of an ARN (arn:aws:sqs:<region>:<account>:<name>,
// arn:aws:lambda:<region>:<account>:function:<name>[:<qualifier>]).
struct ArnParts {
  Scope scope;
  std::string resource;
};
std::optional<ArnParts> SplitArn(const std::string& arn) {
  size_t at = 0;
  std::vector<std::string> parts;
  for (int i = 0; i < 5; ++i) {
    size_t colon = arn.find(':', at);
    if (colon == std::string::npos) return std::nullopt;
    parts.push_back(arn.substr(at, colon - at));
    at = colon + 1;
  }
  if (parts[3].empty() || parts[4].empty()) return std::nullopt;
  return ArnParts{Scope{parts[4], parts[3]}, arn.substr(at)};
}

std::string QueueUrl(const ArnParts& parts) {
  return "http://localhost:4566/" + parts.scope.account + "/" + parts.resource;
}

// The S3 event's object key: URL-encoded, a space as '+', slashes kept.
std::string EventKey(const std::string& key) {
  std::string encoded = PercentEncode(key, /*keep_slash=*/true);
  std::string out;
  for (size_t i = 0; i < encoded.size(); ++i) {
    if (encoded.compare(i, 3, "%20") == 0) {
      out.push_back('+');
      i += 2;
    } else {
      out.push_back(encoded[i]);
    }
  }
  return out;
}

// Calls `fn` for each queue and function configuration with its ARN.
template <typename Fn>
void ForEachDestination(const json& configuration, Fn fn) {
  for (const json& queue : configuration.value("QueueConfigurations", json::array())) {
    fn(NotificationTarget::Kind::kQueue, queue.value("QueueArn", ""), queue);
  }
  for (const json& function : configuration.value("LambdaFunctionConfigurations", json::array())) {
    fn(NotificationTarget::Kind::kFunction, function.value("LambdaFunctionArn", ""), function);
  }
}

// What every event of a request carries.
void FillCommon(const RequestContext& ctx, const json& bucket, ObjectEvent& event) {
  event.time = ctx.clock->EpochSeconds();
  event.sequencer = NextSequencer(ctx.clock->Now());
  Scope scope = BucketScope(bucket);
  event.region = scope.region;
  event.owner_account = scope.account;
  event.request_id = ctx.request_id;
}

// The ObjectCreated event an operation causes.
std::string CreatedEventName(const std::string& operation) {
  if (operation == "CopyObject") return "ObjectCreated:Copy";
  if (operation == "PostObject") return "ObjectCreated:Post";
  if (operation == "CompleteMultipartUpload") return "ObjectCreated:CompleteMultipartUpload";
  return "ObjectCreated:Put";
}

}  // namespace

void NotifyObjectCreated(RequestContext& ctx, const json& notification, const json& bucket,
                         const json& record) {
  ObjectEvent event;
  event.event_name = CreatedEventName(ctx.operation);
  event.bucket = bucket["Name"];
  event.key = record["Key"];
  event.size = record.value("Size", uint64_t{0});
  std::string etag = record.value("ETag", "");
  if (etag.size() >= 2 && etag.front() == '"') etag = etag.substr(1, etag.size() - 2);
  event.etag = etag;
  if (VersioningConfigured(bucket)) event.version_id = record.value("VersionId", "");
  FillCommon(ctx, bucket, event);
  DeliverObjectEvent(ctx, notification, event);
}

void NotifyObjectRemoved(RequestContext& ctx, const json& notification, const json& bucket,
                         const std::string& key, bool marker_created,
                         const std::string& version_id) {
  ObjectEvent event;
  event.event_name = marker_created ? "ObjectRemoved:DeleteMarkerCreated" : "ObjectRemoved:Delete";
  event.bucket = bucket["Name"];
  event.key = key;
  event.version_id = version_id;
  FillCommon(ctx, bucket, event);
  DeliverObjectEvent(ctx, notification, event);
}

std::vector<NotificationTarget> MatchNotificationTargets(const json& configuration,
                                                         const std::string& event_name,
                                                         const std::string& key) {
  std::vector<NotificationTarget> targets;
  ForEachDestination(configuration,
                     [&](NotificationTarget::Kind kind, const std::string& arn, const json& entry) {
                       bool wanted = false;
                       for (const json& pattern : entry.value("Events", json::array())) {
                         wanted = wanted || EventMatches(pattern.get<std::string>(), event_name);
                       }
                       if (wanted && FilterMatches(entry, key)) {
                         targets.push_back({kind, arn, entry.value("Id", "")});
                       }
                     });
  return targets;
}

json S3EventDocument(const ObjectEvent& event, const std::string& configuration_id) {
  json object = {{"key", EventKey(event.key)}, {"sequencer", event.sequencer}};
  if (event.size) object["size"] = *event.size;
  if (!event.etag.empty()) object["eTag"] = event.etag;
  if (!event.version_id.empty()) object["versionId"] = event.version_id;
  std::string principal = "AWS:" + event.owner_account;
  json record = {
      {"eventVersion", "2.1"},
      {"eventSource", "aws:s3"},
      {"awsRegion", event.region},
      {"eventTime", FormatIso8601(event.time)},
      {"eventName", event.event_name},
      {"userIdentity", {{"principalId", principal}}},
      {"requestParameters", {{"sourceIPAddress", "127.0.0.1"}}},
      {"responseElements",
       {{"x-amz-request-id", event.request_id}, {"x-amz-id-2", Base64Encode(event.request_id)}}},
      {"s3",
       {{"s3SchemaVersion", "1.0"},
        {"configurationId", configuration_id},
        {"bucket",
         {{"name", event.bucket},
          {"ownerIdentity", {{"principalId", event.owner_account}}},
          {"arn", "arn:aws:s3:::" + event.bucket}}},
        {"object", std::move(object)}}}};
  return {{"Records", json::array({std::move(record)})}};
}

json S3TestEvent(const std::string& bucket, const std::string& request_id, double time) {
  return {{"Service", "Amazon S3"},      {"Event", "s3:TestEvent"},
          {"Time", FormatIso8601(time)}, {"Bucket", bucket},
          {"RequestId", request_id},     {"HostId", Base64Encode(request_id)}};
}

std::string NextSequencer(Clock::TimePoint time) {
  auto nanos =
      std::chrono::duration_cast<std::chrono::nanoseconds>(time.time_since_epoch()).count();
  return fmt::format("{:018X}", static_cast<uint64_t>(nanos));
}

std::optional<json> LoadNotificationTargets(storage::ReadTxn& txn, const json& bucket) {
  auto configuration = storage::GetJson(txn, kConfigTable, ConfigRow(bucket, "notification"));
  if (!configuration) return std::nullopt;
  if (configuration->value("QueueConfigurations", json::array()).empty() &&
      configuration->value("LambdaFunctionConfigurations", json::array()).empty()) {
    return std::nullopt;
  }
  return configuration;
}

void DeliverObjectEvent(RequestContext& ctx, const json& configuration, const ObjectEvent& event) {
  if (ctx.invoker == nullptr) return;
  for (const NotificationTarget& target :
       MatchNotificationTargets(configuration, event.event_name, event.key)) {
    auto parts = SplitArn(target.arn);
    if (!parts) continue;
    std::string body = S3EventDocument(event, target.configuration_id).dump();
    try {
      if (target.kind == NotificationTarget::Kind::kQueue) {
        ctx.invoker->Invoke("sqs", "SendMessage",
                            {{"QueueUrl", QueueUrl(*parts)}, {"MessageBody", body}}, parts->scope,
                            {});
      } else {
        ctx.invoker->Invoke("lambda", "Invoke",
                            {{"FunctionName", target.arn}, {"InvocationType", "Event"}},
                            parts->scope, {.request = Body::FromString(body), .response = nullptr});
      }
    } catch (const AwsError&) {
      // The destination went away after the configuration was put: S3 drops the event.
    }
  }
}

void ValidateDestinations(RequestContext& ctx, const json& configuration) {
  if (ctx.invoker == nullptr) return;
  ForEachDestination(configuration, [&](NotificationTarget::Kind kind, const std::string& arn,
                                        const json&) {
    auto parts = SplitArn(arn);
    bool reachable = false;
    if (parts) {
      try {
        if (kind == NotificationTarget::Kind::kQueue) {
          ctx.invoker->Invoke("sqs", "GetQueueAttributes",
                              {{"QueueUrl", QueueUrl(*parts)}, {"AttributeNames", {"QueueArn"}}},
                              parts->scope, {});
        } else {
          ctx.invoker->Invoke("lambda", "GetFunctionConfiguration", {{"FunctionName", arn}},
                              parts->scope, {});
        }
        reachable = true;
      } catch (const AwsError&) {
      }
    }
    if (!reachable) {
      throw InvalidArgument(
          "Unable to validate the following destination configurations", arn,
          kind == NotificationTarget::Kind::kQueue
              ? "Permissions on the destination queue do not allow S3 to publish notifications "
                "from this bucket"
              : "Not authorized to invoke function [" + arn + "]");
    }
  });
}

void SendTestEvents(RequestContext& ctx, const json& configuration, const std::string& bucket) {
  if (ctx.invoker == nullptr) return;
  std::string body = S3TestEvent(bucket, ctx.request_id, ctx.clock->EpochSeconds()).dump();
  for (const json& queue : configuration.value("QueueConfigurations", json::array())) {
    auto parts = SplitArn(queue.value("QueueArn", ""));
    if (!parts) continue;
    try {
      ctx.invoker->Invoke("sqs", "SendMessage",
                          {{"QueueUrl", QueueUrl(*parts)}, {"MessageBody", body}}, parts->scope,
                          {});
    } catch (const AwsError&) {
    }
  }
}

}  // namespace terrarium::services::s3
