#include "iac/providers/iam_entities.h"

#include "emulator/core/url.h"

namespace terrarium::iac::providers {

const std::array<IamEntityKind, 3> kIamEntityKinds{{
    {"Roles", "RoleName", "PutRolePolicy", "DeleteRolePolicy", "GetRolePolicy", "AttachRolePolicy",
     "DetachRolePolicy"},
    {"Users", "UserName", "PutUserPolicy", "DeleteUserPolicy", "GetUserPolicy", "AttachUserPolicy",
     "DetachUserPolicy"},
    {"Groups", "GroupName", "PutGroupPolicy", "DeleteGroupPolicy", "GetGroupPolicy",
     "AttachGroupPolicy", "DetachGroupPolicy"},
}};

const IamEntityKind& IamRoles() { return kIamEntityKinds[0]; }

std::vector<std::string> EntityNames(const json& properties, const IamEntityKind& kind) {
  std::vector<std::string> names;
  auto it = properties.find(kind.list_property);
  if (it == properties.end() || it->is_null()) return names;
  if (!it->is_array()) {
    throw PropertyError("Value of property {/" + std::string(kind.list_property) +
                        "} does not match type {Array}");
  }
  for (const json& name : *it) names.push_back(TextValue(name, kind.list_property));
  return names;
}

void PutInlinePolicy(const ProviderContext& ctx, const IamEntityKind& kind,
                     const std::string& entity, const std::string& policy_name,
                     const json& document) {
  Call(ctx, "iam", kind.put_policy,
       {{std::string(kind.name_member), entity},
        {"PolicyName", policy_name},
        {"PolicyDocument", DocumentText(document)}});
}

void DeleteInlinePolicy(const ProviderContext& ctx, const IamEntityKind& kind,
                        const std::string& entity, const std::string& policy_name) {
  UnlessGone([&] {
    Call(ctx, "iam", kind.delete_policy,
         {{std::string(kind.name_member), entity}, {"PolicyName", policy_name}});
  });
}

std::optional<json> GetInlinePolicy(const ProviderContext& ctx, const IamEntityKind& kind,
                                    const std::string& entity, const std::string& policy_name) {
  json output;
  if (!UnlessGone([&] {
        output = Call(ctx, "iam", kind.get_policy,
                      {{std::string(kind.name_member), entity}, {"PolicyName", policy_name}});
      })) {
    return std::nullopt;
  }
  return DecodedDocument(output.value("PolicyDocument", ""));
}

json DecodedDocument(const std::string& encoded) { return DocumentValue(PercentDecode(encoded)); }

}  // namespace terrarium::iac::providers
