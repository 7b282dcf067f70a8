// AWS::Lambda::EventSourceMapping: CreateEventSourceMapping; updates send the changed settings
// to UpdateEventSourceMapping (a removed one goes back to Lambda's default). Ref is the
// mapping's UUID; GetAtt Id and EventSourceMappingArn.
#include <array>

#include "iac/providers/provider_factories.h"
#include "iac/providers/provider_support.h"

namespace terrarium::iac::providers {
namespace {

enum class Kind { kInteger, kBoolean, kAsGiven };

// A setting UpdateEventSourceMapping can change; `reset` (JSON) is what removing it sends,
// null when Lambda's default depends on the source (BatchSize) and is left as it is.
struct MappingSetting {
  std::string_view name;
  Kind kind;
  const char* reset;
};

constexpr std::array<MappingSetting, 13> kSettings{{
    {"FunctionName", Kind::kAsGiven, nullptr},
    {"Enabled", Kind::kBoolean, "true"},
    {"BatchSize", Kind::kInteger, nullptr},
    {"MaximumBatchingWindowInSeconds", Kind::kInteger, "0"},
    {"FilterCriteria", Kind::kAsGiven, R"({"Filters":[]})"},
    {"FunctionResponseTypes", Kind::kAsGiven, "[]"},
    {"MaximumRetryAttempts", Kind::kInteger, "-1"},
    {"MaximumRecordAgeInSeconds", Kind::kInteger, "-1"},
    {"BisectBatchOnFunctionError", Kind::kBoolean, "false"},
    {"ParallelizationFactor", Kind::kInteger, "1"},
    {"TumblingWindowInSeconds", Kind::kInteger, "0"},
    {"DestinationConfig", Kind::kAsGiven, R"({"OnFailure":{}})"},
    {"ScalingConfig", Kind::kAsGiven, "{}"},
}};

// Settings only CreateEventSourceMapping takes (changing them replaces the mapping).
constexpr std::array<std::string_view, 5> kCreateOnly{
    "EventSourceArn", "StartingPosition", "StartingPositionTimestamp", "Queues", "Topics"};

json SettingValue(const MappingSetting& setting, const json& value) {
  switch (setting.kind) {
    case Kind::kInteger:
      return IntegerValue(value, setting.name);
    case Kind::kBoolean:
      return BooleanValue(value, setting.name);
    case Kind::kAsGiven:
      break;
  }
  return value.is_number() ? json(TextValue(value, setting.name)) : value;
}

json MappingAttributes(const json& mapping) {
  json attributes = {{"Id", mapping["UUID"]}};
  if (mapping.contains("EventSourceMappingArn")) {
    attributes["EventSourceMappingArn"] = mapping["EventSourceMappingArn"];
  }
  return attributes;
}

class LambdaEventSourceMappingProvider final : public ResourceProvider {
 public:
  std::string_view Type() const override { return "AWS::Lambda::EventSourceMapping"; }

  ProvisionedResource Create(const ProviderContext& ctx, const json& properties) override {
    json input = {{"FunctionName", RequiredString(properties, "FunctionName")}};
    for (const MappingSetting& s : kSettings) {
      auto it = properties.find(s.name);
      if (it != properties.end() && !it->is_null())
        input[std::string(s.name)] = SettingValue(s, *it);
    }
    for (std::string_view name : kCreateOnly) {
      auto it = properties.find(name);
      if (it != properties.end() && !it->is_null()) input[std::string(name)] = *it;
    }
    if (input.contains("StartingPositionTimestamp")) {
      input["StartingPositionTimestamp"] =
          IntegerValue(input["StartingPositionTimestamp"], "StartingPositionTimestamp");
    }
    json mapping = Call(ctx, "lambda", "CreateEventSourceMapping", input);
    return {mapping["UUID"], MappingAttributes(mapping)};
  }

  ProvisionedResource Update(const ProviderContext& ctx, const std::string& uuid,
                             const json& before, const json& after) override {
    json input = {{"UUID", uuid}};
    for (const MappingSetting& s : kSettings) {
      if (!Changed(before, after, s.name)) continue;
      auto it = after.find(s.name);
      if (it != after.end() && !it->is_null()) {
        input[std::string(s.name)] = SettingValue(s, *it);
      } else if (s.reset != nullptr) {
        input[std::string(s.name)] = json::parse(s.reset);
      }
    }
    json mapping = input.size() > 1
                       ? Call(ctx, "lambda", "UpdateEventSourceMapping", input)
                       : Call(ctx, "lambda", "GetEventSourceMapping", {{"UUID", uuid}});
    return {uuid, MappingAttributes(mapping)};
  }

  void Delete(const ProviderContext& ctx, const std::string& uuid, const json&) override {
    UnlessGone([&] { Call(ctx, "lambda", "DeleteEventSourceMapping", {{"UUID", uuid}}); });
  }

  std::optional<json> Read(const ProviderContext& ctx, const std::string& uuid,
                           const json& declared) override {
    json mapping;
    if (!UnlessGone([&] {
          mapping = Call(ctx, "lambda", "GetEventSourceMapping", {{"UUID", uuid}});
        })) {
      return std::nullopt;
    }
    json current = json::object();
    for (const MappingSetting& s : kSettings) {
      if (mapping.contains(s.name)) current[std::string(s.name)] = mapping[std::string(s.name)];
    }
    for (std::string_view name : kCreateOnly) {
      if (mapping.contains(name)) current[std::string(name)] = mapping[std::string(name)];
    }
    // Lambda answers the function's ARN and a state rather than the name and Enabled given.
    std::string function_arn = mapping.value("FunctionArn", "");
    std::string declared_function = StringOr(declared, "FunctionName");
    if (function_arn == declared_function ||
        function_arn.ends_with(":function:" + declared_function)) {
      current["FunctionName"] = declared_function;
    } else {
      current["FunctionName"] = function_arn;
    }
    std::string state = mapping.value("State", "");
    current["Enabled"] = state == "Enabled" || state == "Enabling" || state == "Creating";
    return OnlyDeclared(current, declared);
  }
};

}  // namespace

std::unique_ptr<ResourceProvider> MakeLambdaEventSourceMappingProvider() {
  return std::make_unique<LambdaEventSourceMappingProvider>();
}

}  // namespace terrarium::iac::providers
