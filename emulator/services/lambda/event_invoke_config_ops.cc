// Event invoke configs (retries, maximum event age, destinations of asynchronous invocations):
// Put, Get, Update, Delete, List. Kept in the function's record under "EventInvokeConfigs",
// by qualifier ("$LATEST", a version or an alias).
// Parity notes: destinations are checked to be ARNs of a supported kind (SQS, SNS, Lambda,
// EventBridge) but not to exist; only SQS and Lambda destinations are delivered to.
#include <nlohmann/json.hpp>

#include "emulator/core/aws_error.h"
#include "emulator/services/lambda/function_name.h"
#include "emulator/services/lambda/function_store.h"
#include "emulator/services/lambda/function_versions.h"
#include "emulator/services/lambda/lambda_ops.h"

namespace terrarium::services::lambda {
namespace {

// Where a config lives: its slot in the record and the qualified function ARN it names.
struct ConfigTarget {
  std::string slot;  // "$LATEST", a version or an alias
  std::string arn;
};

FunctionRef RefOf(RequestContext& ctx, const json& input) {
  return ResolveFunctionName(input.at("FunctionName").get<std::string>(), ctx.scope,
                             input.value("Qualifier", ""));
}

ConfigTarget Locate(RequestContext& ctx, const FunctionRef& ref, const json& record) {
  ConfigTarget target{ref.qualifier.empty() ? "$LATEST" : ref.qualifier, ""};
  ResolveQualifier(ctx, record, target.slot);  // must exist
  target.arn = FunctionArn(ctx.scope, ref.name, target.slot);
  return target;
}

void CheckDestination(const json& destination_config, const char* which) {
  if (!destination_config.contains(which)) return;
  std::string arn = destination_config[which].value("Destination", "");
  if (arn.empty()) return;
  for (const char* prefix :
       {"arn:aws:sqs:", "arn:aws:sns:", "arn:aws:lambda:", "arn:aws:events:"}) {
    if (arn.starts_with(prefix)) return;
  }
  throw AwsError("InvalidParameterValueException", "The destination ARN " + arn + " is invalid.");
}

void Validate(const json& input) {
  if (input.contains("DestinationConfig")) {
    CheckDestination(input["DestinationConfig"], "OnSuccess");
    CheckDestination(input["DestinationConfig"], "OnFailure");
  }
}

// A read of the configs: the record alone, outside any write.
std::pair<ConfigTarget, json> Read(RequestContext& ctx, const json& input) {
  FunctionRef ref = RefOf(ctx, input);
  json record = RequireFunction(*ctx.store, ctx.scope, ref.name);
  ConfigTarget target = Locate(ctx, ref, record);
  return {target, record.value("EventInvokeConfigs", json::object())};
}

// A change to the configs: the record is read and written back in one write transaction, so a
// concurrent change to the same function (a tag, an alias) is never lost.
template <typename Change>
json EditConfigs(RequestContext& ctx, const json& input, Change&& change) {
  FunctionRef ref = RefOf(ctx, input);
  FunctionEdit edit(*ctx.store, ctx.scope, ref.name);
  ConfigTarget target = Locate(ctx, ref, edit.record());
  json& configs = edit.record()["EventInvokeConfigs"];
  if (configs.is_null()) configs = json::object();
  json output = change(target, configs);
  edit.Save();
  return output;
}

json Stamp(RequestContext& ctx, const ConfigTarget& target, json config) {
  config["FunctionArn"] = target.arn;
  config["LastModified"] = ctx.clock->EpochSeconds();
  if (!config.contains("DestinationConfig")) {
    config["DestinationConfig"] = {{"OnSuccess", json::object()}, {"OnFailure", json::object()}};
  }
  return config;
}

[[noreturn]] void ThrowNoConfig(const ConfigTarget& target) {
  throw AwsError("ResourceNotFoundException",
                 "The function " + target.arn + " doesn't have an EventInvokeConfig", 404);
}

json Members(const json& input) {
  json config = json::object();
  for (const char* member :
       {"MaximumRetryAttempts", "MaximumEventAgeInSeconds", "DestinationConfig"}) {
    if (input.contains(member)) config[member] = input[member];
  }
  return config;
}

}  // namespace

json PutFunctionEventInvokeConfig(RequestContext& ctx, const json& input) {
  Validate(input);
  return EditConfigs(ctx, input, [&](const ConfigTarget& target, json& configs) {
    configs[target.slot] = Stamp(ctx, target, Members(input));
    return configs[target.slot];
  });
}

json UpdateFunctionEventInvokeConfig(RequestContext& ctx, const json& input) {
  Validate(input);
  return EditConfigs(ctx, input, [&](const ConfigTarget& target, json& configs) {
    json config = configs.value(target.slot, json::object());
    json members = Members(input);
    for (const auto& [member, value] : members.items()) config[member] = value;
    configs[target.slot] = Stamp(ctx, target, config);
    return configs[target.slot];
  });
}

json GetFunctionEventInvokeConfig(RequestContext& ctx, const json& input) {
  auto [target, configs] = Read(ctx, input);
  if (!configs.contains(target.slot)) ThrowNoConfig(target);
  return configs[target.slot];
}

json DeleteFunctionEventInvokeConfig(RequestContext& ctx, const json& input) {
  EditConfigs(ctx, input, [&](const ConfigTarget& target, json& configs) {
    if (!configs.contains(target.slot)) ThrowNoConfig(target);
    configs.erase(target.slot);
    return json::object();
  });
  ctx.response_status = 204;
  return json::object();
}

json ListFunctionEventInvokeConfigs(RequestContext& ctx, const json& input) {
  auto [target, configs] = Read(ctx, input);
  size_t limit = input.value("MaxItems", 50);
  std::string marker = input.value("Marker", "");
  json list = json::array();
  json output = json::object();
  for (const auto& [slot, config] : configs.items()) {
    if (!marker.empty() && slot <= marker) continue;
    if (list.size() == limit) {
      output["NextMarker"] = list.back()["FunctionArn"].get<std::string>().substr(
          list.back()["FunctionArn"].get<std::string>().rfind(':') + 1);
      break;
    }
    list.push_back(config);
  }
  output["FunctionEventInvokeConfigs"] = list;
  return output;
}

// The spec fields of asynchronous invocations, from the event invoke config of `qualifier`
// (falling back to the unqualified one, as AWS does for $LATEST) and the DeadLetterConfig.
void ApplyAsyncSettings(const json& record, const std::string& qualifier, const json& config,
                        FunctionSpec& spec) {
  json configs = record.value("EventInvokeConfigs", json::object());
  std::string slot = qualifier.empty() ? "$LATEST" : qualifier;
  if (configs.contains(slot)) {
    const json& invoke_config = configs[slot];
    spec.async_max_retries = invoke_config.value("MaximumRetryAttempts", 2);
    spec.async_max_age_seconds = invoke_config.value("MaximumEventAgeInSeconds", 21600);
    json destinations = invoke_config.value("DestinationConfig", json::object());
    spec.on_success_destination =
        destinations.value("OnSuccess", json::object()).value("Destination", "");
    spec.on_failure_destination =
        destinations.value("OnFailure", json::object()).value("Destination", "");
  }
  spec.dead_letter_target = config.value("DeadLetterConfig", json::object()).value("TargetArn", "");
}

}  // namespace terrarium::services::lambda
