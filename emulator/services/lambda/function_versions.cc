#include "emulator/services/lambda/function_versions.h"

#include "emulator/core/aws_error.h"
#include "emulator/core/ids.h"
#include "emulator/services/lambda/function_config.h"
#include "emulator/services/lambda/function_name.h"

namespace terrarium::services::lambda {
namespace {

using nlohmann::json;

[[noreturn]] void NotFound(const RequestContext& ctx, const json& record,
                           const std::string& qualifier) {
  ThrowFunctionNotFound(ctx.scope, record["Configuration"]["FunctionName"].get<std::string>(),
                        qualifier);
}

// What makes two configurations the same version.
json Essence(json config) {
  for (const char* volatile_member :
       {"Version", "FunctionArn", "RevisionId", "LastModified", "Description"}) {
    config.erase(volatile_member);
  }
  return config;
}

}  // namespace

ResolvedFunction ResolveQualifier(const RequestContext& ctx, const json& record,
                                  const std::string& qualifier) {
  if (qualifier.empty() || qualifier == "$LATEST") {
    return {record["Configuration"], record["CodeHex"]};
  }
  std::string version = qualifier;
  if (!IsVersionNumber(qualifier)) {
    auto aliases = record.value("Aliases", json::object());
    if (!aliases.contains(qualifier)) NotFound(ctx, record, qualifier);
    version = aliases[qualifier]["FunctionVersion"];
    if (version == "$LATEST") return {record["Configuration"], record["CodeHex"]};
  }
  auto versions = record.value("Versions", json::object());
  if (!versions.contains(version)) NotFound(ctx, record, qualifier);
  return {versions[version]["Configuration"], versions[version]["CodeHex"]};
}

std::string RouteAlias(const json& record, const std::string& qualifier, double draw) {
  if (qualifier.empty() || IsVersionNumber(qualifier) || qualifier == "$LATEST") return qualifier;
  auto aliases = record.find("Aliases");
  if (aliases == record.end() || !aliases->contains(qualifier)) return qualifier;
  const json& alias = (*aliases)[qualifier];
  json weights = alias.value("RoutingConfig", json::object())
                     .value("AdditionalVersionWeights", json::object());
  double threshold = 0;
  for (const auto& [version, weight] : weights.items()) {
    threshold += weight.get<double>();
    if (draw < threshold) return version;
  }
  return qualifier;
}

void CheckRoutingConfig(const RequestContext& ctx, const json& record,
                        const std::string& function_version, const json& routing) {
  json weights = routing.value("AdditionalVersionWeights", json::object());
  if (weights.empty()) return;
  if (weights.size() > 1) {
    throw AwsError("InvalidParameterValueException",
                   "Number of items in AdditionalVersionWeights cannot be greater than 1");
  }
  if (function_version == "$LATEST") {
    throw AwsError("InvalidParameterValueException",
                   "$LATEST is not supported for an alias pointing to more than 1 version");
  }
  for (const auto& [version, weight] : weights.items()) {
    if (!weight.is_number() || weight.get<double>() < 0 || weight.get<double>() > 1) {
      throw AwsError("InvalidParameterValueException",
                     "Invalid weight for version " + version + ": must be between 0.0 and 1.0");
    }
    if (!IsVersionNumber(version)) {
      throw AwsError("InvalidParameterValueException",
                     "Invalid function version " + version + " in AdditionalVersionWeights");
    }
    if (version == function_version) {
      throw AwsError("InvalidParameterValueException",
                     "Invalid function version " + version + ". Function version " + version +
                         " is already included in routing configuration.");
    }
    ResolveQualifier(ctx, record, version);  // must exist
  }
}

json PublishLatest(const RequestContext& ctx, json& record, const std::string& description) {
  json& versions = record["Versions"];
  if (versions.is_null()) versions = json::object();
  int next = record.value("NextVersion", 1);
  if (next > 1) {
    const json& newest = versions[std::to_string(next - 1)];
    if (!newest.is_null() && newest["CodeHex"] == record["CodeHex"] &&
        Essence(newest["Configuration"]) == Essence(record["Configuration"])) {
      return newest["Configuration"];
    }
  }
  std::string number = std::to_string(next);
  json config = record["Configuration"];
  config["Version"] = number;
  config["FunctionArn"] = FunctionArn(ctx.scope, config["FunctionName"].get<std::string>(), number);
  if (!description.empty()) config["Description"] = description;
  config["RevisionId"] = NewUuid();
  versions[number] = {{"Configuration", config}, {"CodeHex", record["CodeHex"]}};
  record["NextVersion"] = next + 1;
  return config;
}

}  // namespace terrarium::services::lambda
