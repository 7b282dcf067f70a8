// AWS::Lambda::Permission: AddPermission under a generated statement id. Its identifiers are
// the function and the statement id, so Ref is "<FunctionName>|<Id>"; GetAtt Id. Every
// property requires replacement, so there is no in-place update.
#include "iac/providers/provider_factories.h"
#include "iac/providers/provider_support.h"

namespace terrarium::iac::providers {
namespace {

constexpr std::size_t kMaxStatementId = 100;

std::string StatementIdOf(const std::string& physical_id) {
  return physical_id.substr(physical_id.rfind('|') + 1);
}

class LambdaPermissionProvider final : public ResourceProvider {
 public:
  std::string_view Type() const override { return "AWS::Lambda::Permission"; }

  ProvisionedResource Create(const ProviderContext& ctx, const json& properties) override {
    std::string function = RequiredString(properties, "FunctionName");
    std::string statement = GeneratedId(ctx);
    if (statement.size() > kMaxStatementId) statement.erase(0, statement.size() - kMaxStatementId);
    json input = {{"FunctionName", function},
                  {"StatementId", statement},
                  {"Action", RequiredString(properties, "Action")},
                  {"Principal", RequiredString(properties, "Principal")}};
    for (const char* optional : {"SourceArn", "SourceAccount", "EventSourceToken", "PrincipalOrgID",
                                 "FunctionUrlAuthType"}) {
      if (properties.contains(optional)) input[optional] = StringOr(properties, optional);
    }
    Call(ctx, "lambda", "AddPermission", input);
    return {function + "|" + statement, {{"Id", statement}}};
  }

  ProvisionedResource Update(const ProviderContext&, const std::string& physical_id, const json&,
                             const json&) override {
    return {physical_id, {{"Id", StatementIdOf(physical_id)}}};
  }

  void Delete(const ProviderContext& ctx, const std::string& physical_id,
              const json& properties) override {
    UnlessGone([&] {
      Call(ctx, "lambda", "RemovePermission",
           {{"FunctionName", StringOr(properties, "FunctionName")},
            {"StatementId", StatementIdOf(physical_id)}});
    });
  }

  std::optional<json> Read(const ProviderContext& ctx, const std::string& physical_id,
                           const json& declared) override {
    json output;
    if (!UnlessGone([&] {
          output = Call(ctx, "lambda", "GetPolicy",
                        {{"FunctionName", StringOr(declared, "FunctionName")}});
        })) {
      return std::nullopt;
    }
    json policy = DocumentValue(output.value("Policy", ""));
    const std::string sid = StatementIdOf(physical_id);
    for (const json& statement : policy.value("Statement", json::array())) {
      if (statement.value("Sid", "") != sid) continue;
      json principal = statement.value("Principal", json());
      if (principal.is_object() && !principal.empty()) principal = principal.begin().value();
      json condition = statement.value("Condition", json::object());
      json current = {{"FunctionName", declared.value("FunctionName", json())},
                      {"Action", statement.value("Action", json())},
                      {"Principal", principal}};
      json source_arn = condition.value("ArnLike", json::object()).value("AWS:SourceArn", json());
      if (!source_arn.is_null()) current["SourceArn"] = source_arn;
      json account =
          condition.value("StringEquals", json::object()).value("AWS:SourceAccount", json());
      if (!account.is_null()) current["SourceAccount"] = account;
      return OnlyDeclared(current, declared);
    }
    return std::nullopt;
  }
};

}  // namespace

std::unique_ptr<ResourceProvider> MakeLambdaPermissionProvider() {
  return std::make_unique<LambdaPermissionProvider>();
}

}  // namespace terrarium::iac::providers
