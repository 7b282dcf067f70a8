// AWS::IAM::Role: CreateRole, then its inline Policies and ManagedPolicyArns. Updates change
// only what differs (trust policy, description, session duration, boundary, each inline
// policy, each attachment, tags). Deleting first removes every inline and attached policy, as
// IAM refuses to delete a role that has them. Ref is the role name; GetAtt Arn and RoleId.
// Parity: Read reports only the declared inline policies and managed policy ARNs (present or
// missing), so policies other resources of the stack put on the role are not drift; one added
// out of band is not reported either.
#include <set>

#include "iac/providers/iam_entities.h"
#include "iac/providers/provider_factories.h"

namespace terrarium::iac::providers {
namespace {

constexpr long long kDefaultMaxSessionDuration = 3600;

// Inline policies by name from the template's Policies list.
std::map<std::string, json> InlinePolicies(const json& properties) {
  std::map<std::string, json> out;
  json policies = properties.value("Policies", json::array());
  if (!policies.is_array())
    throw PropertyError("Value of property {/Policies} does not match type {Array}");
  for (const json& p : policies) {
    if (!p.is_object() || !p.contains("PolicyDocument")) {
      throw PropertyError("The property {/Policies/PolicyDocument} is required");
    }
    out[RequiredString(p, "PolicyName")] = p["PolicyDocument"];
  }
  return out;
}

std::set<std::string> ManagedArns(const json& properties) {
  std::set<std::string> out;
  json arns = properties.value("ManagedPolicyArns", json::array());
  if (!arns.is_array()) {
    throw PropertyError("Value of property {/ManagedPolicyArns} does not match type {Array}");
  }
  for (const json& arn : arns) out.insert(TextValue(arn, "ManagedPolicyArns"));
  return out;
}

class IamRoleProvider final : public ResourceProvider {
 public:
  std::string_view Type() const override { return "AWS::IAM::Role"; }

  ProvisionedResource Create(const ProviderContext& ctx, const json& properties) override {
    std::string name = GivenOrGeneratedName(ctx, properties, "RoleName");
    if (!properties.contains("AssumeRolePolicyDocument")) {
      throw PropertyError("The property {/AssumeRolePolicyDocument} is required");
    }
    json input = {
        {"RoleName", name},
        {"AssumeRolePolicyDocument", DocumentText(properties["AssumeRolePolicyDocument"])},
        {"Path", StringOr(properties, "Path", "/")}};
    if (properties.contains("Description"))
      input["Description"] = StringOr(properties, "Description");
    if (properties.contains("MaxSessionDuration")) {
      input["MaxSessionDuration"] =
          IntegerValue(properties["MaxSessionDuration"], "MaxSessionDuration");
    }
    if (properties.contains("PermissionsBoundary")) {
      input["PermissionsBoundary"] = StringOr(properties, "PermissionsBoundary");
    }
    auto tags = TagMap(properties.value("Tags", json()));
    if (!tags.empty()) input["Tags"] = TagList(tags);
    json role = Call(ctx, "iam", "CreateRole", input)["Role"];
    try {
      for (const auto& [policy, document] : InlinePolicies(properties)) {
        PutInlinePolicy(ctx, IamRoles(), name, policy, document);
      }
      for (const std::string& arn : ManagedArns(properties)) {
        Call(ctx, "iam", "AttachRolePolicy", {{"RoleName", name}, {"PolicyArn", arn}});
      }
    } catch (...) {
      // Leave nothing behind: the applier never learns this role's name.
      Delete(ctx, name, properties);
      throw;
    }
    return {name, {{"Arn", role["Arn"]}, {"RoleId", role["RoleId"]}}};
  }

  ProvisionedResource Update(const ProviderContext& ctx, const std::string& name,
                             const json& before, const json& after) override {
    if (Changed(before, after, "AssumeRolePolicyDocument")) {
      Call(ctx, "iam", "UpdateAssumeRolePolicy",
           {{"RoleName", name},
            {"PolicyDocument", DocumentText(after.value("AssumeRolePolicyDocument", json()))}});
    }
    if (Changed(before, after, "Description") || Changed(before, after, "MaxSessionDuration")) {
      long long duration = after.contains("MaxSessionDuration")
                               ? IntegerValue(after["MaxSessionDuration"], "MaxSessionDuration")
                               : kDefaultMaxSessionDuration;
      Call(ctx, "iam", "UpdateRole",
           {{"RoleName", name},
            {"Description", StringOr(after, "Description")},
            {"MaxSessionDuration", duration}});
    }
    if (Changed(before, after, "PermissionsBoundary")) {
      std::string boundary = StringOr(after, "PermissionsBoundary");
      if (boundary.empty()) {
        Call(ctx, "iam", "DeleteRolePermissionsBoundary", {{"RoleName", name}});
      } else {
        Call(ctx, "iam", "PutRolePermissionsBoundary",
             {{"RoleName", name}, {"PermissionsBoundary", boundary}});
      }
    }
    auto old_policies = InlinePolicies(before);
    auto new_policies = InlinePolicies(after);
    for (const auto& [policy, document] : old_policies) {
      if (!new_policies.contains(policy)) DeleteInlinePolicy(ctx, IamRoles(), name, policy);
    }
    for (const auto& [policy, document] : new_policies) {
      auto old = old_policies.find(policy);
      if (old == old_policies.end() || old->second != document) {
        PutInlinePolicy(ctx, IamRoles(), name, policy, document);
      }
    }
    auto old_arns = ManagedArns(before);
    auto new_arns = ManagedArns(after);
    for (const std::string& arn : old_arns) {
      if (!new_arns.contains(arn)) {
        UnlessGone([&] {
          Call(ctx, "iam", "DetachRolePolicy", {{"RoleName", name}, {"PolicyArn", arn}});
        });
      }
    }
    for (const std::string& arn : new_arns) {
      if (!old_arns.contains(arn)) {
        Call(ctx, "iam", "AttachRolePolicy", {{"RoleName", name}, {"PolicyArn", arn}});
      }
    }
    TagChanges tags = DiffTags(before.value("Tags", json()), after.value("Tags", json()));
    if (!tags.removed.empty()) {
      Call(ctx, "iam", "UntagRole", {{"RoleName", name}, {"TagKeys", tags.removed}});
    }
    if (!tags.set.empty()) {
      Call(ctx, "iam", "TagRole", {{"RoleName", name}, {"Tags", TagList(tags.set)}});
    }
    json role = Call(ctx, "iam", "GetRole", {{"RoleName", name}})["Role"];
    return {name, {{"Arn", role["Arn"]}, {"RoleId", role["RoleId"]}}};
  }

  void Delete(const ProviderContext& ctx, const std::string& name, const json&) override {
    UnlessGone([&] {
      json attached =
          Call(ctx, "iam", "ListAttachedRolePolicies", {{"RoleName", name}, {"MaxItems", 1000}});
      for (const json& p : attached.value("AttachedPolicies", json::array())) {
        UnlessGone([&] {
          Call(ctx, "iam", "DetachRolePolicy", {{"RoleName", name}, {"PolicyArn", p["PolicyArn"]}});
        });
      }
      json inline_names =
          Call(ctx, "iam", "ListRolePolicies", {{"RoleName", name}, {"MaxItems", 1000}});
      for (const json& policy : inline_names.value("PolicyNames", json::array())) {
        DeleteInlinePolicy(ctx, IamRoles(), name, policy.get<std::string>());
      }
      Call(ctx, "iam", "DeleteRole", {{"RoleName", name}});
    });
  }

  std::optional<json> Read(const ProviderContext& ctx, const std::string& name,
                           const json& declared) override {
    json current = json::object();
    bool exists = UnlessGone([&] {
      json role = Call(ctx, "iam", "GetRole", {{"RoleName", name}})["Role"];
      current["RoleName"] = role["RoleName"];
      current["Path"] = role["Path"];
      current["AssumeRolePolicyDocument"] =
          DecodedDocument(role.value("AssumeRolePolicyDocument", ""));
      current["MaxSessionDuration"] = role.value("MaxSessionDuration", kDefaultMaxSessionDuration);
      if (role.contains("Description")) current["Description"] = role["Description"];
      if (role.contains("PermissionsBoundary")) {
        current["PermissionsBoundary"] = role["PermissionsBoundary"]["PermissionsBoundaryArn"];
      }
      // Only the declared inline policies and attachments: AWS::IAM::Policy and
      // ManagedPolicy resources add theirs to the same role.
      json policies = json::array();
      for (const auto& [policy, declared_document] : InlinePolicies(declared)) {
        auto document = GetInlinePolicy(ctx, IamRoles(), name, policy);
        if (document) policies.push_back({{"PolicyName", policy}, {"PolicyDocument", *document}});
      }
      current["Policies"] = policies;
      json arns = json::array();
      json attached =
          Call(ctx, "iam", "ListAttachedRolePolicies", {{"RoleName", name}, {"MaxItems", 1000}});
      const std::set<std::string> declared_arns = ManagedArns(declared);
      for (const json& p : attached.value("AttachedPolicies", json::array())) {
        if (declared_arns.contains(p["PolicyArn"].get<std::string>()))
          arns.push_back(p["PolicyArn"]);
      }
      current["ManagedPolicyArns"] = arns;
      json tags = Call(ctx, "iam", "ListRoleTags", {{"RoleName", name}, {"MaxItems", 1000}});
      current["Tags"] = TagList(TagMap(tags.value("Tags", json::array())));
    });
    if (!exists) return std::nullopt;
    return OnlyDeclared(current, declared);
  }
};

}  // namespace

std::unique_ptr<ResourceProvider> MakeIamRoleProvider() {
  return std::make_unique<IamRoleProvider>();
}

}  // namespace terrarium::iac::providers
