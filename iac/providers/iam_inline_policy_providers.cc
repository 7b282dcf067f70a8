// AWS::IAM::Policy (one inline policy put on every listed role, user and group; Ref is a
// generated id) and AWS::IAM::RolePolicy (one inline policy of one role; its id is
// "<PolicyName>|<RoleName>", the resource's two identifiers).
#include <algorithm>

#include "iac/providers/iam_entities.h"
#include "iac/providers/provider_factories.h"

namespace terrarium::iac::providers {
namespace {

json RequiredDocument(const json& properties) {
  auto it = properties.find("PolicyDocument");
  if (it == properties.end() || it->is_null()) {
    throw PropertyError("The property {/PolicyDocument} is required");
  }
  return *it;
}

bool Contains(const std::vector<std::string>& names, const std::string& name) {
  return std::find(names.begin(), names.end(), name) != names.end();
}

class IamPolicyProvider final : public ResourceProvider {
 public:
  std::string_view Type() const override { return "AWS::IAM::Policy"; }

  ProvisionedResource Create(const ProviderContext& ctx, const json& properties) override {
    std::string policy = RequiredString(properties, "PolicyName");
    json document = RequiredDocument(properties);
    bool any = false;
    for (const IamEntityKind& kind : kIamEntityKinds) any |= !EntityNames(properties, kind).empty();
    if (!any) {
      throw PropertyError("At least one of [Groups,Roles,Users] must be non-empty");
    }
    try {
      for (const IamEntityKind& kind : kIamEntityKinds) {
        for (const std::string& entity : EntityNames(properties, kind)) {
          PutInlinePolicy(ctx, kind, entity, policy, document);
        }
      }
    } catch (...) {
      Delete(ctx, "", properties);
      throw;
    }
    std::string id = GeneratedId(ctx);
    return {id, {{"Id", id}}};
  }

  ProvisionedResource Update(const ProviderContext& ctx, const std::string& physical_id,
                             const json& before, const json& after) override {
    std::string old_name = StringOr(before, "PolicyName");
    std::string new_name = RequiredString(after, "PolicyName");
    json document = RequiredDocument(after);
    for (const IamEntityKind& kind : kIamEntityKinds) {
      auto kept = EntityNames(after, kind);
      for (const std::string& entity : EntityNames(before, kind)) {
        if (old_name != new_name || !Contains(kept, entity)) {
          DeleteInlinePolicy(ctx, kind, entity, old_name);
        }
      }
      for (const std::string& entity : kept) PutInlinePolicy(ctx, kind, entity, new_name, document);
    }
    return {physical_id, {{"Id", physical_id}}};
  }

  void Delete(const ProviderContext& ctx, const std::string&, const json& properties) override {
    std::string policy = StringOr(properties, "PolicyName");
    for (const IamEntityKind& kind : kIamEntityKinds) {
      for (const std::string& entity : EntityNames(properties, kind)) {
        DeleteInlinePolicy(ctx, kind, entity, policy);
      }
    }
  }

  std::optional<json> Read(const ProviderContext& ctx, const std::string&,
                           const json& declared) override {
    std::string policy = StringOr(declared, "PolicyName");
    json current = {{"PolicyName", policy}};
    bool found = false;
    for (const IamEntityKind& kind : kIamEntityKinds) {
      json holders = json::array();
      for (const std::string& entity : EntityNames(declared, kind)) {
        auto document = GetInlinePolicy(ctx, kind, entity, policy);
        if (!document) continue;
        holders.push_back(entity);
        current["PolicyDocument"] = *document;
        found = true;
      }
      current[std::string(kind.list_property)] = holders;
    }
    if (!found) return std::nullopt;
    return OnlyDeclared(current, declared);
  }
};

class IamRolePolicyProvider final : public ResourceProvider {
 public:
  std::string_view Type() const override { return "AWS::IAM::RolePolicy"; }

  ProvisionedResource Create(const ProviderContext& ctx, const json& properties) override {
    std::string policy = RequiredString(properties, "PolicyName");
    std::string role = RequiredString(properties, "RoleName");
    PutInlinePolicy(ctx, IamRoles(), role, policy, RequiredDocument(properties));
    return {policy + "|" + role, json::object()};
  }

  ProvisionedResource Update(const ProviderContext& ctx, const std::string& physical_id,
                             const json&, const json& after) override {
    PutInlinePolicy(ctx, IamRoles(), RequiredString(after, "RoleName"),
                    RequiredString(after, "PolicyName"), RequiredDocument(after));
    return {physical_id, json::object()};
  }

  void Delete(const ProviderContext& ctx, const std::string&, const json& properties) override {
    DeleteInlinePolicy(ctx, IamRoles(), StringOr(properties, "RoleName"),
                       StringOr(properties, "PolicyName"));
  }

  std::optional<json> Read(const ProviderContext& ctx, const std::string&,
                           const json& declared) override {
    std::string policy = StringOr(declared, "PolicyName");
    std::string role = StringOr(declared, "RoleName");
    auto document = GetInlinePolicy(ctx, IamRoles(), role, policy);
    if (!document) return std::nullopt;
    return OnlyDeclared({{"PolicyName", policy}, {"RoleName", role}, {"PolicyDocument", *document}},
                        declared);
  }
};

}  // namespace

std::unique_ptr<ResourceProvider> MakeIamPolicyProvider() {
  return std::make_unique<IamPolicyProvider>();
}
std::unique_ptr<ResourceProvider> MakeIamRolePolicyProvider() {
  return std::make_unique<IamRolePolicyProvider>();
}

}  // namespace terrarium::iac::providers
