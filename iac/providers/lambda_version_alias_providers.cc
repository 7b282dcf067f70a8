// AWS::Lambda::Version (PublishVersion; Ref is the version's ARN, GetAtt Version and
// FunctionArn) and AWS::Lambda::Alias (CreateAlias; Ref is the alias ARN, GetAtt AliasArn).
#include "iac/providers/provider_factories.h"
#include "iac/providers/provider_support.h"

namespace terrarium::iac::providers {
namespace {

// "arn:...:function:name:qualifier" -> "qualifier"
std::string QualifierOf(const std::string& arn) { return arn.substr(arn.rfind(':') + 1); }

class LambdaVersionProvider final : public ResourceProvider {
 public:
  std::string_view Type() const override { return "AWS::Lambda::Version"; }

  ProvisionedResource Create(const ProviderContext& ctx, const json& properties) override {
    json input = {{"FunctionName", RequiredString(properties, "FunctionName")}};
    if (properties.contains("Description"))
      input["Description"] = StringOr(properties, "Description");
    if (properties.contains("CodeSha256")) input["CodeSha256"] = StringOr(properties, "CodeSha256");
    json version = Call(ctx, "lambda", "PublishVersion", input);
    std::string arn = version["FunctionArn"];
    return {arn, {{"Version", version["Version"]}, {"FunctionArn", arn}}};
  }

  // Every property of a version requires replacement (update_behavior.cc), so the applier
  // never asks for an in-place change.
  ProvisionedResource Update(const ProviderContext&, const std::string& arn, const json&,
                             const json&) override {
    return {arn, {{"Version", QualifierOf(arn)}, {"FunctionArn", arn}}};
  }

  void Delete(const ProviderContext& ctx, const std::string& arn, const json& properties) override {
    UnlessGone([&] {
      Call(ctx, "lambda", "DeleteFunction",
           {{"FunctionName", StringOr(properties, "FunctionName")},
            {"Qualifier", QualifierOf(arn)}});
    });
  }

  std::optional<json> Read(const ProviderContext& ctx, const std::string& arn,
                           const json& declared) override {
    json config;
    if (!UnlessGone([&] {
          config = Call(ctx, "lambda", "GetFunctionConfiguration",
                        {{"FunctionName", StringOr(declared, "FunctionName")},
                         {"Qualifier", QualifierOf(arn)}});
        })) {
      return std::nullopt;
    }
    return OnlyDeclared({{"FunctionName", declared.value("FunctionName", json())},
                         {"Description", config.value("Description", "")},
                         {"CodeSha256", config.value("CodeSha256", "")}},
                        declared);
  }
};

// RoutingConfig in template form ({AdditionalVersionWeights: [{FunctionVersion,
// FunctionWeight}]}) as the API's map of version to weight, and back.
json RoutingInput(const json& routing) {
  json weights = json::object();
  for (const json& w : routing.value("AdditionalVersionWeights", json::array())) {
    json weight = w.value("FunctionWeight", json());
    if (weight.is_string()) weight = json::parse(weight.get<std::string>(), nullptr, false);
    if (!weight.is_number()) {
      throw PropertyError(
          "Value of property {/RoutingConfig/AdditionalVersionWeights/FunctionWeight} "
          "does not match type {Double}");
    }
    weights[RequiredString(w, "FunctionVersion")] = weight;
  }
  return {{"AdditionalVersionWeights", weights}};
}

json RoutingTemplate(const json& routing) {
  json weights = json::array();
  const json given = routing.value("AdditionalVersionWeights", json::object());
  for (const auto& [version, weight] : given.items()) {
    weights.push_back({{"FunctionVersion", version}, {"FunctionWeight", weight}});
  }
  return {{"AdditionalVersionWeights", weights}};
}

class LambdaAliasProvider final : public ResourceProvider {
 public:
  std::string_view Type() const override { return "AWS::Lambda::Alias"; }

  ProvisionedResource Create(const ProviderContext& ctx, const json& properties) override {
    json input = Input(properties);
    input["Name"] = RequiredString(properties, "Name");
    std::string arn = Call(ctx, "lambda", "CreateAlias", input)["AliasArn"];
    return {arn, {{"AliasArn", arn}}};
  }

  ProvisionedResource Update(const ProviderContext& ctx, const std::string& arn, const json&,
                             const json& after) override {
    json input = Input(after);
    input["Name"] = QualifierOf(arn);
    if (!after.contains("Description")) input["Description"] = "";
    if (!after.contains("RoutingConfig"))
      input["RoutingConfig"] = {{"AdditionalVersionWeights", json::object()}};
    Call(ctx, "lambda", "UpdateAlias", input);
    return {arn, {{"AliasArn", arn}}};
  }

  void Delete(const ProviderContext& ctx, const std::string& arn, const json& properties) override {
    UnlessGone([&] {
      Call(ctx, "lambda", "DeleteAlias",
           {{"FunctionName", StringOr(properties, "FunctionName")}, {"Name", QualifierOf(arn)}});
    });
  }

  std::optional<json> Read(const ProviderContext& ctx, const std::string& arn,
                           const json& declared) override {
    json alias;
    if (!UnlessGone([&] {
          alias = Call(
              ctx, "lambda", "GetAlias",
              {{"FunctionName", StringOr(declared, "FunctionName")}, {"Name", QualifierOf(arn)}});
        })) {
      return std::nullopt;
    }
    json current = {{"FunctionName", declared.value("FunctionName", json())},
                    {"Name", alias["Name"]},
                    {"FunctionVersion", alias["FunctionVersion"]},
                    {"Description", alias.value("Description", "")}};
    if (alias.contains("RoutingConfig"))
      current["RoutingConfig"] = RoutingTemplate(alias["RoutingConfig"]);
    return OnlyDeclared(current, declared);
  }

 private:
  static json Input(const json& properties) {
    json input = {{"FunctionName", RequiredString(properties, "FunctionName")},
                  {"FunctionVersion", RequiredString(properties, "FunctionVersion")}};
    if (properties.contains("Description"))
      input["Description"] = StringOr(properties, "Description");
    if (properties.contains("RoutingConfig"))
      input["RoutingConfig"] = RoutingInput(properties["RoutingConfig"]);
    return input;
  }
};

}  // namespace

std::unique_ptr<ResourceProvider> MakeLambdaVersionProvider() {
  return std::make_unique<LambdaVersionProvider>();
}
std::unique_ptr<ResourceProvider> MakeLambdaAliasProvider() {
  return std::make_unique<LambdaAliasProvider>();
}

}  // namespace terrarium::iac::providers
