// Event source mappings: Create, Get, Update, Delete, List.
// Parity notes: transitional states (Creating, Updating, Enabling, Disabling) are what the
// call that starts them returns; the next read sees the settled Enabled or Disabled. Delete
// answers Deleting and the mapping is gone at once. Only SQS queues and DynamoDB streams are
// readable sources; Kinesis, Kafka, MQ and DocumentDB answer InvalidParameterValueException.
// ListEventSourceMappings pages in UUID order; an unqualified FunctionName filter also lists the
// mappings of the function's versions and aliases. Updates during a transition never answer
// ResourceInUseException (transitions are instant).
#include <nlohmann/json.hpp>

#include "emulator/core/aws_error.h"
#include "emulator/core/ids.h"
#include "emulator/services/lambda/event_sources/mapping_config.h"
#include "emulator/services/lambda/event_sources/mapping_store.h"
#include "emulator/services/lambda/event_sources/source_arn.h"
#include "emulator/services/lambda/function_name.h"
#include "emulator/services/lambda/function_store.h"
#include "emulator/services/lambda/function_versions.h"
#include "emulator/services/lambda/lambda_ops.h"

namespace terrarium::services::lambda {
namespace {

constexpr int kDefaultMappingListItems = 100;

// The ARN mappings name the function by, after checking that the function (and its version or
// alias) exists.
std::string TargetFunctionArn(RequestContext& ctx, const std::string& function_name) {
  FunctionRef ref = ResolveFunctionName(function_name, ctx.scope);
  json record = RequireFunction(*ctx.store, ctx.scope, ref.name);
  if (!ref.qualifier.empty()) ResolveQualifier(ctx, record, ref.qualifier);
  return FunctionArn(ctx.scope, ref.name, ref.qualifier);
}

// AWS checks that it can read the source before it records the mapping. Returns a stream's
// description.
json CheckSourceExists(RequestContext& ctx, const EventSource& source) {
  if (ctx.invoker == nullptr) throw InternalError("no in-process invoker");
  try {
    if (source.kind == SourceKind::kSqs) {
      return ctx.invoker->Invoke(
          "sqs", "GetQueueAttributes",
          {{"QueueUrl", source.QueueUrl()}, {"AttributeNames", {"QueueArn"}}}, source.scope, {});
    }
    return ctx.invoker->Invoke("dynamodbstreams", "DescribeStream", {{"StreamArn", source.arn}},
                               source.scope, {});
  } catch (const AwsError& error) {
    if (source.kind == SourceKind::kSqs) {
      throw AwsError("InvalidParameterValueException",
                     "Error occurred while ReceiveMessage. SQS Error Code: "
                     "AWS.SimpleQueueService.NonExistentQueue. SQS Error Message: The specified "
                     "queue does not exist or you do not have access to it.");
    }
    throw AwsError("InvalidParameterValueException", "Stream not found: " + source.arn);
  }
}

// One mapping per source and function, as AWS allows.
void CheckNoDuplicate(RequestContext& ctx, const std::string& source_arn,
                      const std::string& function_arn, const std::string& own_uuid) {
  auto txn = ctx.store->BeginRead();
  ScanMappings(*txn, ctx.scope, "", [&](const json& record) {
    const json& config = record["Configuration"];
    if (config["UUID"] != own_uuid && config["EventSourceArn"] == source_arn &&
        config["FunctionArn"] == function_arn) {
      bool sqs = ParseEventSource(source_arn).kind == SourceKind::kSqs;
      std::string function = function_arn.substr(function_arn.find(":function:") + 10);
      throw AwsError("ResourceConflictException",
                     std::string("An event source mapping with ") + (sqs ? "SQS" : "event source") +
                         " arn (\" " + source_arn + " \") and function (\" " + function +
                         " \") already exists. Please update or delete the existing mapping "
                         "with UUID " +
                         config["UUID"].get<std::string>(),
                     409);
    }
    return true;
  });
}

void Save(RequestContext& ctx, const json& record) {
  auto txn = ctx.store->BeginWrite();
  SaveMapping(*txn, ctx.scope, record);
  txn->Commit();
}

// Whether a mapping passes ListEventSourceMappings' filters.
bool Matches(const json& config, const std::string& source_arn, const FunctionRef* function,
             const Scope& scope) {
  if (!source_arn.empty() && config["EventSourceArn"] != source_arn) return false;
  if (function == nullptr) return true;
  std::string arn = config["FunctionArn"];
  if (!function->qualifier.empty()) {
    return arn == FunctionArn(scope, function->name, function->qualifier);
  }
  std::string base = FunctionArn(scope, function->name);
  return arn == base || arn.starts_with(base + ":");
}

}  // namespace

json CreateEventSourceMapping(RequestContext& ctx, const json& input) {
  if (!input.contains("EventSourceArn")) {
    throw AwsError("InvalidParameterValueException",
                   "Unrecognized event source, must be kinesis, dynamodb stream, sqs, msk, "
                   "self-managed kafka, mq, or documentdb");
  }
  EventSource source = ParseEventSource(input["EventSourceArn"].get<std::string>());
  json config = NewMappingConfiguration(source, input);
  std::string function_arn = TargetFunctionArn(ctx, input.at("FunctionName"));
  json description = CheckSourceExists(ctx, source);
  CheckNoDuplicate(ctx, source.arn, function_arn, "");
  // LATEST means the records written after this call: remember where each shard ends now.
  json positions = json::object();
  if (config.value("StartingPosition", "") == "LATEST") {
    for (const auto& shard : description["StreamDescription"]["Shards"]) {
      json iterator = ctx.invoker->Invoke("dynamodbstreams", "GetShardIterator",
                                          {{"StreamArn", source.arn},
                                           {"ShardId", shard["ShardId"]},
                                           {"ShardIteratorType", "LATEST"}},
                                          source.scope, {});
      positions[shard["ShardId"].get<std::string>()] = {{"iterator", iterator["ShardIterator"]}};
    }
  }
  std::string uuid = NewUuid();
  config["UUID"] = uuid;
  config["FunctionArn"] = function_arn;
  config["EventSourceMappingArn"] = MappingArn(ctx.scope, uuid);
  config["LastModified"] = ctx.clock->EpochSeconds();
  json record = {{"Configuration", config},
                 {"Enabled", input.value("Enabled", true)},
                 {"Tags", input.value("Tags", json::object())},
                 {"Scope", {{"account", ctx.scope.account}, {"region", ctx.scope.region}}},
                 {"Positions", positions}};
  Save(ctx, record);
  ctx.response_status = 202;
  return config;
}

json GetEventSourceMapping(RequestContext& ctx, const json& input) {
  return SettledConfiguration(RequireMapping(*ctx.store, ctx.scope, input.at("UUID")));
}

json UpdateEventSourceMapping(RequestContext& ctx, const json& input) {
  json record = RequireMapping(*ctx.store, ctx.scope, input.at("UUID"));
  json& config = record["Configuration"];
  config = SettledConfiguration(record);
  EventSource source = ParseEventSource(config["EventSourceArn"].get<std::string>());
  ApplyMappingUpdate(config, source, input);
  if (input.contains("FunctionName")) {
    config["FunctionArn"] = TargetFunctionArn(ctx, input["FunctionName"]);
    CheckNoDuplicate(ctx, source.arn, config["FunctionArn"], config["UUID"]);
  }
  if (input.contains("Enabled")) {
    bool enabled = input["Enabled"];
    if (enabled != record.value("Enabled", true)) {
      config["State"] = enabled ? "Enabling" : "Disabling";
    }
    record["Enabled"] = enabled;
  }
  config["LastModified"] = ctx.clock->EpochSeconds();
  Save(ctx, record);
  ctx.response_status = 202;
  return config;
}

json DeleteEventSourceMapping(RequestContext& ctx, const json& input) {
  std::string uuid = input.at("UUID");
  auto txn = ctx.store->BeginWrite();
  auto record = LoadMapping(*txn, ctx.scope, uuid);
  if (!record) {
    txn.reset();
    RequireMapping(*ctx.store, ctx.scope, uuid);  // throws AWS's not-found error
  }
  EraseMapping(*txn, ctx.scope, uuid);
  txn->Commit();
  json config = SettledConfiguration(*record);
  config["State"] = "Deleting";
  ctx.response_status = 202;
  return config;
}

json ListEventSourceMappings(RequestContext& ctx, const json& input) {
  int limit = input.value("MaxItems", kDefaultMappingListItems);
  if (limit < 1 || limit > 10000) {
    throw AwsError("InvalidParameterValueException", "MaxItems must be between 1 and 10000");
  }
  std::string source_arn = input.value("EventSourceArn", "");
  std::optional<FunctionRef> function;
  if (input.contains("FunctionName")) {
    function = ResolveFunctionName(input["FunctionName"].get<std::string>(), ctx.scope);
  }
  json mappings = json::array();
  json output = json::object();
  auto txn = ctx.store->BeginRead();
  ScanMappings(*txn, ctx.scope, input.value("Marker", ""), [&](const json& record) {
    json config = SettledConfiguration(record);
    if (!Matches(config, source_arn, function ? &*function : nullptr, ctx.scope)) return true;
    if (static_cast<int>(mappings.size()) == limit) {
      output["NextMarker"] = mappings.back()["UUID"];
      return false;
    }
    mappings.push_back(std::move(config));
    return true;
  });
  output["EventSourceMappings"] = std::move(mappings);
  return output;
}

}  // namespace terrarium::services::lambda
