// IAM's three principal kinds (roles, users, groups) as the IAM resource providers address
// them: the template property that lists them and the operations that give them inline or
// managed policies. Shared by AWS::IAM::Role, Policy, RolePolicy and ManagedPolicy.
#pragma once

#include <array>
#include <string>
#include <string_view>
#include <vector>

#include "iac/providers/provider_support.h"

namespace terrarium::iac::providers {

struct IamEntityKind {
  std::string_view list_property;  // "Roles"
  std::string_view name_member;    // "RoleName"
  std::string_view put_policy;     // "PutRolePolicy"
  std::string_view delete_policy;  // "DeleteRolePolicy"
  std::string_view get_policy;     // "GetRolePolicy"
  std::string_view attach;         // "AttachRolePolicy"
  std::string_view detach;         // "DetachRolePolicy"
};

extern const std::array<IamEntityKind, 3> kIamEntityKinds;
const IamEntityKind& IamRoles();

// The names listed in `properties[kind.list_property]` (absent: none).
std::vector<std::string> EntityNames(const json& properties, const IamEntityKind& kind);

// Inline policy `policy_name` of entity `entity`: put, delete (gone is fine) and read (nullopt
// when either is gone).
void PutInlinePolicy(const ProviderContext& ctx, const IamEntityKind& kind,
                     const std::string& entity, const std::string& policy_name,
                     const json& document);
void DeleteInlinePolicy(const ProviderContext& ctx, const IamEntityKind& kind,
                        const std::string& entity, const std::string& policy_name);
std::optional<json> GetInlinePolicy(const ProviderContext& ctx, const IamEntityKind& kind,
                                    const std::string& entity, const std::string& policy_name);

// IAM answers policy documents percent-encoded; this gives the template form.
json DecodedDocument(const std::string& encoded);

}  // namespace terrarium::iac::providers
