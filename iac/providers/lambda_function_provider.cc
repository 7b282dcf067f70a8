// AWS::Lambda::Function: CreateFunction with the code given inline (Code.ZipFile, zipped as
// index.py or index.js the way CloudFormation does), as a package (Code.ZipFileBase64, Terrarium's
// own), from S3 (S3Bucket/S3Key) or as an image.
// Updates send UpdateFunctionCode when Code or Architectures change, UpdateFunctionConfiguration
// with the changed settings (a removed one goes back to Lambda's default) and the tag
// difference. Ref is the function name; GetAtt Arn.
// Parity: CloudFormation also adds its cfn-response module beside inline code; Terrarium does
// not. Read leaves Code out: it is write-only, as CloudFormation's drift detection treats it.
#include <array>

#include "emulator/core/encoding.h"
#include "iac/providers/inline_zip.h"
#include "iac/providers/provider_factories.h"
#include "iac/providers/provider_support.h"

namespace terrarium::iac::providers {
namespace {

// A setting UpdateFunctionConfiguration changes; `reset` is what removing it sends.
struct FunctionSetting {
  std::string_view property;  // template name
  std::string_view member;    // API member
  const char* reset;          // JSON text
};

constexpr std::array<FunctionSetting, 13> kFunctionSettings{{
    {"Role", "Role", nullptr},
    {"Handler", "Handler", nullptr},
    {"Runtime", "Runtime", nullptr},
    {"Description", "Description", R"("")"},
    {"Timeout", "Timeout", "3"},
    {"MemorySize", "MemorySize", "128"},
    {"Environment", "Environment", R"({"Variables":{}})"},
    {"Layers", "Layers", "[]"},
    {"TracingConfig", "TracingConfig", R"({"Mode":"PassThrough"})"},
    {"DeadLetterConfig", "DeadLetterConfig", R"({"TargetArn":""})"},
    {"VpcConfig", "VpcConfig", R"({"SubnetIds":[],"SecurityGroupIds":[]})"},
    {"EphemeralStorage", "EphemeralStorage", R"({"Size":512})"},
    {"KmsKeyArn", "KMSKeyArn", R"("")"},
}};

// The API value of one setting, with the types Lambda's model wants.
json FunctionSettingValue(const FunctionSetting& setting, const json& value) {
  const std::string_view name = setting.property;
  if (name == "Timeout" || name == "MemorySize") return IntegerValue(value, name);
  if (name == "EphemeralStorage") {
    return {{"Size", IntegerValue(value.value("Size", json()), "EphemeralStorage/Size")}};
  }
  if (name == "Environment") {
    json variables = json::object();
    const json given = value.value("Variables", json::object());  // outlives the loop
    for (const auto& [key, v] : given.items()) {
      variables[key] = TextValue(v, "Environment/Variables/" + key);
    }
    return {{"Variables", variables}};
  }
  if (value.is_string() || value.is_number() || value.is_boolean()) return TextValue(value, name);
  return value;
}

// The file CloudFormation puts inline source in, by runtime.
std::string InlineFileName(const std::string& runtime) {
  if (runtime.starts_with("python")) return "index.py";
  if (runtime.starts_with("nodejs")) return "index.js";
  throw PropertyError(
      "ZipFile can only be used when Runtime is set to a nodejs or python runtime; "
      "{/Runtime} is " +
      (runtime.empty() ? std::string("missing") : runtime));
}

// CreateFunction's and UpdateFunctionCode's Code members from the template's Code.
json CodeInput(const json& properties) {
  auto it = properties.find("Code");
  if (it == properties.end() || !it->is_object())
    throw PropertyError("The property {/Code} is required");
  const json& code = *it;
  if (code.contains("ZipFile")) {
    std::string zip = ZipWithOneFile(InlineFileName(StringOr(properties, "Runtime")),
                                     TextValue(code["ZipFile"], "Code/ZipFile"));
    return {{"ZipFile", Base64Encode(zip)}};
  }
  // Terrarium's own member: a zip package's bytes, base64 (what the Terraform importer passes
  // for a function's `filename`; CloudFormation's ZipFile is source text).
  if (code.contains("ZipFileBase64")) {
    return {{"ZipFile", TextValue(code["ZipFileBase64"], "Code/ZipFileBase64")}};
  }
  if (code.contains("ImageUri"))
    return {{"ImageUri", TextValue(code["ImageUri"], "Code/ImageUri")}};
  if (!code.contains("S3Bucket") || !code.contains("S3Key")) {
    throw PropertyError("{/Code} needs ZipFile, ImageUri or both S3Bucket and S3Key");
  }
  json out = {{"S3Bucket", TextValue(code["S3Bucket"], "Code/S3Bucket")},
              {"S3Key", TextValue(code["S3Key"], "Code/S3Key")}};
  if (code.contains("S3ObjectVersion")) {
    out["S3ObjectVersion"] = TextValue(code["S3ObjectVersion"], "Code/S3ObjectVersion");
  }
  return out;
}

class LambdaFunctionProvider final : public ResourceProvider {
 public:
  std::string_view Type() const override { return "AWS::Lambda::Function"; }

  ProvisionedResource Create(const ProviderContext& ctx, const json& properties) override {
    json input = {{"FunctionName", GivenOrGeneratedName(ctx, properties, "FunctionName")},
                  {"Code", CodeInput(properties)}};
    for (const FunctionSetting& s : kFunctionSettings) {
      auto it = properties.find(s.property);
      if (it != properties.end() && !it->is_null())
        input[std::string(s.member)] = FunctionSettingValue(s, *it);
    }
    if (properties.contains("PackageType"))
      input["PackageType"] = StringOr(properties, "PackageType");
    if (properties.contains("Architectures")) input["Architectures"] = properties["Architectures"];
    if (properties.contains("LoggingConfig")) input["LoggingConfig"] = properties["LoggingConfig"];
    if (properties.contains("Tags")) input["Tags"] = TagObject(TagMap(properties["Tags"]));
    json config = Call(ctx, "lambda", "CreateFunction", input);
    std::string name = config["FunctionName"];
    if (properties.contains("ReservedConcurrentExecutions")) {
      try {
        SetConcurrency(ctx, name, properties);
      } catch (...) {
        Delete(ctx, name, properties);
        throw;
      }
    }
    return {name, {{"Arn", config["FunctionArn"]}}};
  }

  ProvisionedResource Update(const ProviderContext& ctx, const std::string& name,
                             const json& before, const json& after) override {
    if (Changed(before, after, "Code") || Changed(before, after, "Architectures") ||
        (Changed(before, after, "Runtime") &&
         after.value("Code", json::object()).contains("ZipFile"))) {
      json input = CodeInput(after);
      input["FunctionName"] = name;
      if (after.contains("Architectures")) input["Architectures"] = after["Architectures"];
      Call(ctx, "lambda", "UpdateFunctionCode", input);
    }
    json input = {{"FunctionName", name}};
    for (const FunctionSetting& s : kFunctionSettings) {
      if (!Changed(before, after, s.property)) continue;
      auto it = after.find(s.property);
      if (it != after.end() && !it->is_null()) {
        input[std::string(s.member)] = FunctionSettingValue(s, *it);
      } else if (s.reset != nullptr) {
        input[std::string(s.member)] = json::parse(s.reset);
      }
    }
    if (Changed(before, after, "LoggingConfig")) {
      input["LoggingConfig"] = after.value("LoggingConfig", json{{"LogFormat", "Text"}});
    }
    if (input.size() > 1) Call(ctx, "lambda", "UpdateFunctionConfiguration", input);
    if (Changed(before, after, "ReservedConcurrentExecutions")) {
      if (after.contains("ReservedConcurrentExecutions")) {
        SetConcurrency(ctx, name, after);
      } else {
        Call(ctx, "lambda", "DeleteFunctionConcurrency", {{"FunctionName", name}});
      }
    }
    json config = Call(ctx, "lambda", "GetFunctionConfiguration", {{"FunctionName", name}});
    TagChanges tags = DiffTags(before.value("Tags", json()), after.value("Tags", json()));
    if (!tags.removed.empty()) {
      Call(ctx, "lambda", "UntagResource",
           {{"Resource", config["FunctionArn"]}, {"TagKeys", tags.removed}});
    }
    if (!tags.set.empty()) {
      Call(ctx, "lambda", "TagResource",
           {{"Resource", config["FunctionArn"]}, {"Tags", TagObject(tags.set)}});
    }
    return {name, {{"Arn", config["FunctionArn"]}}};
  }

  void Delete(const ProviderContext& ctx, const std::string& name, const json&) override {
    UnlessGone([&] { Call(ctx, "lambda", "DeleteFunction", {{"FunctionName", name}}); });
  }

  std::optional<json> Read(const ProviderContext& ctx, const std::string& name,
                           const json& declared) override {
    json function;
    if (!UnlessGone([&] {
          function = Call(ctx, "lambda", "GetFunction", {{"FunctionName", name}});
        })) {
      return std::nullopt;
    }
    const json& config = function["Configuration"];
    json current = {{"FunctionName", config["FunctionName"]}};
    for (const char* member :
         {"Role", "Handler", "Runtime", "Description", "Timeout", "MemorySize", "TracingConfig",
          "EphemeralStorage", "PackageType", "Architectures"}) {
      if (config.contains(member)) current[member] = config[member];
    }
    if (config.contains("KMSKeyArn")) current["KmsKeyArn"] = config["KMSKeyArn"];
    json variables = config.value("Environment", json::object()).value("Variables", json::object());
    if (!variables.empty()) current["Environment"] = {{"Variables", variables}};
    json layers = json::array();
    for (const json& layer : config.value("Layers", json::array())) layers.push_back(layer["Arn"]);
    if (!layers.empty()) current["Layers"] = layers;
    current["Tags"] = TagList(TagMapOfObject(function.value("Tags", json::object())));
    return OnlyDeclared(current, declared);
  }

 private:
  static void SetConcurrency(const ProviderContext& ctx, const std::string& name,
                             const json& properties) {
    Call(ctx, "lambda", "PutFunctionConcurrency",
         {{"FunctionName", name},
          {"ReservedConcurrentExecutions", IntegerValue(properties["ReservedConcurrentExecutions"],
                                                        "ReservedConcurrentExecutions")}});
  }
};

}  // namespace

std::unique_ptr<ResourceProvider> MakeLambdaFunctionProvider() {
  return std::make_unique<LambdaFunctionProvider>();
}

}  // namespace terrarium::iac::providers
