#include "emulator/services/lambda/function_config.h"

#include "emulator/core/aws_error.h"
#include "emulator/core/ids.h"
#include "emulator/core/timestamp.h"
#include "emulator/services/lambda/function_name.h"
#include "emulator/services/lambda/layer_store.h"
#include "emulator/storage/store.h"

namespace terrarium::services::lambda {
namespace {

using nlohmann::json;

// Members copied as given from CreateFunction/UpdateFunctionConfiguration to the configuration.
constexpr const char* kCopiedFunctionFields[] = {
    "Role",      "Handler",       "Description",      "Timeout",          "MemorySize",   "Runtime",
    "KMSKeyArn", "TracingConfig", "DeadLetterConfig", "EphemeralStorage", "LoggingConfig"};

void CheckRuntimeAndHandler(const json& config) {
  if (config.value("PackageType", "Zip") != "Zip") return;
  if (!config.contains("Runtime")) {
    throw AwsError("InvalidParameterValueException",
                   "Runtime and Handler are mandatory parameters for functions created with "
                   "deployment packages.");
  }
  if (!config.contains("Handler") &&
      !config["Runtime"].get<std::string>().starts_with("provided")) {
    throw AwsError("InvalidParameterValueException",
                   "Runtime and Handler are mandatory parameters for functions created with "
                   "deployment packages.");
  }
}

}  // namespace

std::string LambdaTimestamp(double epoch_seconds) {
  std::string text = FormatIso8601(epoch_seconds);
  if (!text.empty() && text.back() == 'Z') text.replace(text.size() - 1, 1, "+0000");
  return text;
}

json NewConfiguration(const RequestContext& ctx, const std::string& name, const json& input) {
  json config = {{"FunctionName", name},
                 {"FunctionArn", FunctionArn(ctx.scope, name)},
                 {"Description", ""},
                 {"Timeout", 3},
                 {"MemorySize", 128},
                 {"Version", "$LATEST"},
                 {"TracingConfig", {{"Mode", "PassThrough"}}},
                 {"State", "Active"},
                 {"LastUpdateStatus", "Successful"},
                 {"PackageType", input.value("PackageType", "Zip")},
                 {"Architectures", input.value("Architectures", json::array({"x86_64"}))},
                 {"EphemeralStorage", {{"Size", 512}}},
                 {"SnapStart", {{"ApplyOn", "None"}, {"OptimizationStatus", "Off"}}},
                 {"LoggingConfig", {{"LogFormat", "Text"}, {"LogGroup", "/aws/lambda/" + name}}}};
  ApplyConfigurationUpdate(ctx, config, input);
  CheckRuntimeAndHandler(config);
  Touch(config, ctx.clock->EpochSeconds());
  return config;
}

void ApplyConfigurationUpdate(const RequestContext& ctx, json& config, const json& input) {
  for (const char* member : kCopiedFunctionFields) {
    if (input.contains(member)) config[member] = input[member];
  }
  if (input.contains("Environment")) {
    json variables = input["Environment"].value("Variables", json::object());
    config["Environment"] = {{"Variables", variables}};
  }
  if (input.contains("Layers")) {
    config["Layers"] = ResolveFunctionLayers(ctx, input["Layers"]);
    if (config["Layers"].empty()) config.erase("Layers");
  }
  if (input.contains("VpcConfig")) {
    config["VpcConfig"] = input["VpcConfig"];
    config["VpcConfig"]["VpcId"] = "";
  }
  if (config.contains("LoggingConfig") && !config["LoggingConfig"].contains("LogGroup")) {
    config["LoggingConfig"]["LogGroup"] =
        "/aws/lambda/" + config["FunctionName"].get<std::string>();
  }
  if (config.contains("Runtime")) CheckRuntimeAndHandler(config);
}

void Touch(json& config, double now) {
  config["RevisionId"] = NewUuid();
  config["LastModified"] = LambdaTimestamp(now);
}

FunctionSpec MakeSpec(const RequestContext& ctx, const json& config, const std::string& code_hex,
                      const std::string& invoked_arn) {
  FunctionSpec spec;
  spec.account = ctx.scope.account;
  spec.region = ctx.scope.region;
  spec.name = config["FunctionName"];
  spec.version = config.value("Version", "$LATEST");
  spec.arn = FunctionArn(ctx.scope, spec.name);
  spec.invoked_arn = invoked_arn;
  spec.revision_id = config.value("RevisionId", "");
  spec.runtime = config.value("Runtime", "");
  spec.handler = config.value("Handler", "");
  spec.timeout_seconds = config.value("Timeout", 3);
  spec.memory_mb = config.value("MemorySize", 128);
  if (auto env = config.find("Environment"); env != config.end()) {
    json variables = env->value("Variables", json::object());
    for (const auto& [name, value] : variables.items()) {
      spec.environment[name] = value.get<std::string>();
    }
  }
  spec.code_sha256_hex = code_hex;
  spec.code_zip = ctx.store->Blobs().PathOf(code_hex);
  for (const auto& layer : config.value("Layers", json::array())) {
    auto version = LoadLayerVersion(*ctx.store, layer.value("Arn", ""));
    if (!version) continue;  // configured layers exist; a snapshot may lack one
    std::string hex = (*version)["CodeHex"];
    spec.layers.push_back({hex, ctx.store->Blobs().PathOf(hex)});
  }
  return spec;
}

}  // namespace terrarium::services::lambda
