// IAM roles: create/read/update/delete, trust policy, tags, inline and attached policies,
// permissions boundary.
// Parity notes: RoleLastUsed is always empty (no request is attributed to a role). The quota of
// roles per account is not enforced. Trust policies are checked for well-formed JSON with a
// Statement, not against the full policy grammar.
#include "emulator/services/iam/attached_policies.h"
#include "emulator/services/iam/entity_common.h"
#include "emulator/services/iam/iam_ops.h"
#include "emulator/services/iam/inline_policies.h"
#include "emulator/services/iam/permissions_boundary.h"
#include "emulator/services/iam/policy_document.h"
#include "emulator/services/iam/records.h"
#include "emulator/services/iam/tags.h"

namespace terrarium::services::iam {
namespace {

using nlohmann::json;

constexpr int kDefaultMaxSessionDuration = 3600;
constexpr size_t kMaxTrustPolicySize = 2048;

bool InAnyInstanceProfile(storage::ReadTxn& txn, std::string_view account,
                          const std::string& role_name) {
  for (const auto& profile : ScanAccount(txn, kInstanceProfile.table, account)) {
    for (const auto& name : profile.value("Roles", json::array())) {
      if (Lower(name.get<std::string>()) == Lower(role_name)) return true;
    }
  }
  return false;
}

}  // namespace

json CreateRole(RequestContext& ctx, const json& input) {
  std::string document = input.value("AssumeRolePolicyDocument", "");
  CheckPolicyDocument(document, DocumentKind::kTrust);
  CheckPolicySize(document, "ACLSizePerRole", kMaxTrustPolicySize);
  auto txn = ctx.store->BeginWrite();
  json record = NewEntity(ctx, *txn, kRole, input);
  record["AssumeRolePolicyDocument"] = document;
  record["MaxSessionDuration"] = input.value("MaxSessionDuration", kDefaultMaxSessionDuration);
  if (input.contains("Description")) record["Description"] = input["Description"];
  ApplyBoundary(*txn, ctx.scope.account, input, record);
  SaveEntity(*txn, kRole, ctx.scope.account, record);
  txn->Commit();
  return {{"Role", RoleOutput(record, View::kCreate)}};
}

json GetRole(RequestContext& ctx, const json& input) {
  auto txn = ctx.store->BeginRead();
  return {{"Role", RoleOutput(LoadEntity(*txn, kRole, ctx.scope.account, NameOf(kRole, input)),
                              View::kFull)}};
}

json ListRoles(RequestContext& ctx, const json& input) {
  return ListEntities(ctx, kRole, input, "Roles",
                      [](const json& record) { return RoleOutput(record, View::kList); });
}

json UpdateRole(RequestContext& ctx, const json& input) {
  ModifyEntity(ctx, kRole, NameOf(kRole, input), [&](json& record, storage::WriteTxn&) {
    if (input.contains("Description")) record["Description"] = input["Description"];
    if (input.contains("MaxSessionDuration")) {
      record["MaxSessionDuration"] = input["MaxSessionDuration"];
    }
  });
  return json::object();
}

json UpdateRoleDescription(RequestContext& ctx, const json& input) {
  json record = ModifyEntity(ctx, kRole, NameOf(kRole, input), [&](json& role, storage::WriteTxn&) {
    role["Description"] = input.value("Description", "");
  });
  return {{"Role", RoleOutput(record, View::kCreate)}};
}

json UpdateAssumeRolePolicy(RequestContext& ctx, const json& input) {
  std::string document = input.value("PolicyDocument", "");
  CheckPolicyDocument(document, DocumentKind::kTrust);
  CheckPolicySize(document, "ACLSizePerRole", kMaxTrustPolicySize);
  ModifyEntity(ctx, kRole, NameOf(kRole, input), [&](json& record, storage::WriteTxn&) {
    record["AssumeRolePolicyDocument"] = document;
  });
  return json::object();
}

json DeleteRole(RequestContext& ctx, const json& input) {
  std::string name = NameOf(kRole, input);
  DeleteEntity(ctx, kRole, name, [&](const json& record, storage::ReadTxn& txn) {
    if (InAnyInstanceProfile(txn, ctx.scope.account, name)) {
      throw DeleteConflict("Cannot delete entity, must remove roles from instance profile first.");
    }
    if (HasAttachedPolicies(record)) {
      throw DeleteConflict("Cannot delete entity, must detach all policies first.");
    }
    if (HasInlinePolicies(record)) {
      throw DeleteConflict("Cannot delete entity, must delete policies first.");
    }
  });
  return json::object();
}

json PutRolePermissionsBoundary(RequestContext& ctx, const json& input) {
  return PutPermissionsBoundary(ctx, kRole, input);
}

json DeleteRolePermissionsBoundary(RequestContext& ctx, const json& input) {
  return DeletePermissionsBoundary(ctx, kRole, input);
}

json TagRole(RequestContext& ctx, const json& input) { return TagEntity(ctx, kRole, input); }
json UntagRole(RequestContext& ctx, const json& input) { return UntagEntity(ctx, kRole, input); }
json ListRoleTags(RequestContext& ctx, const json& input) {
  return ListEntityTags(ctx, kRole, input);
}

json PutRolePolicy(RequestContext& ctx, const json& input) {
  return PutInlinePolicy(ctx, kRole, input);
}
json GetRolePolicy(RequestContext& ctx, const json& input) {
  return GetInlinePolicy(ctx, kRole, input);
}
json DeleteRolePolicy(RequestContext& ctx, const json& input) {
  return DeleteInlinePolicy(ctx, kRole, input);
}
json ListRolePolicies(RequestContext& ctx, const json& input) {
  return ListInlinePolicies(ctx, kRole, input);
}

json AttachRolePolicy(RequestContext& ctx, const json& input) {
  return AttachPolicy(ctx, kRole, input);
}
json DetachRolePolicy(RequestContext& ctx, const json& input) {
  return DetachPolicy(ctx, kRole, input);
}
json ListAttachedRolePolicies(RequestContext& ctx, const json& input) {
  return ListAttachedPolicies(ctx, kRole, input);
}

}  // namespace terrarium::services::iam
