// Instance profiles: create/read/delete, their one role, tags.
// Parity notes: a profile holds at most one role, as in IAM (adding a second is LimitExceeded);
// profiles keep the role by name, and a role must leave its profiles before it can be deleted.
#include "emulator/services/iam/entity_common.h"
#include "emulator/services/iam/iam_ops.h"
#include "emulator/services/iam/pagination.h"
#include "emulator/services/iam/records.h"
#include "emulator/services/iam/tags.h"

namespace terrarium::services::iam {
namespace {

using nlohmann::json;

constexpr size_t kMaxRolesPerProfile = 1;

json Output(RequestContext& ctx, storage::ReadTxn& txn, const json& record) {
  return InstanceProfileOutput(txn, ctx.scope.account, record);
}

}  // namespace

json CreateInstanceProfile(RequestContext& ctx, const json& input) {
  auto txn = ctx.store->BeginWrite();
  json record = NewEntity(ctx, *txn, kInstanceProfile, input);
  record["Roles"] = json::array();
  SaveEntity(*txn, kInstanceProfile, ctx.scope.account, record);
  json output = {{"InstanceProfile", Output(ctx, *txn, record)}};
  txn->Commit();
  return output;
}

json GetInstanceProfile(RequestContext& ctx, const json& input) {
  auto txn = ctx.store->BeginRead();
  json record =
      LoadEntity(*txn, kInstanceProfile, ctx.scope.account, NameOf(kInstanceProfile, input));
  return {{"InstanceProfile", Output(ctx, *txn, record)}};
}

json ListInstanceProfiles(RequestContext& ctx, const json& input) {
  auto txn = ctx.store->BeginRead();
  return ListEntities(ctx, kInstanceProfile, input, "InstanceProfiles",
                      [&](const json& record) { return Output(ctx, *txn, record); });
}

json ListInstanceProfilesForRole(RequestContext& ctx, const json& input) {
  std::string role = NameOf(kRole, input);
  auto txn = ctx.store->BeginRead();
  LoadEntity(*txn, kRole, ctx.scope.account, role);
  KeyedItems profiles;
  for (const auto& record : ScanAccount(*txn, kInstanceProfile.table, ctx.scope.account)) {
    for (const auto& name : record["Roles"]) {
      if (Lower(name.get<std::string>()) != Lower(role)) continue;
      profiles.emplace_back(Lower(record["InstanceProfileName"].get<std::string>()),
                            Output(ctx, *txn, record));
    }
  }
  return PageOf(std::move(profiles), input, "InstanceProfiles");
}

json DeleteInstanceProfile(RequestContext& ctx, const json& input) {
  DeleteEntity(ctx, kInstanceProfile, NameOf(kInstanceProfile, input),
               [](const json& record, storage::ReadTxn&) {
                 if (!record["Roles"].empty()) {
                   throw DeleteConflict(
                       "Cannot delete entity, must remove roles from instance profile first.");
                 }
               });
  return json::object();
}

json AddRoleToInstanceProfile(RequestContext& ctx, const json& input) {
  std::string role_name = NameOf(kRole, input);
  ModifyEntity(
      ctx, kInstanceProfile, NameOf(kInstanceProfile, input),
      [&](json& profile, storage::WriteTxn& txn) {
        json role = LoadEntity(txn, kRole, ctx.scope.account, role_name);
        if (profile["Roles"].size() >= kMaxRolesPerProfile) {
          throw LimitExceeded("Cannot exceed quota for InstanceSessionsPerInstanceProfile: 1");
        }
        profile["Roles"].push_back(role["RoleName"]);
      });
  return json::object();
}

json RemoveRoleFromInstanceProfile(RequestContext& ctx, const json& input) {
  std::string role_name = NameOf(kRole, input);
  ModifyEntity(ctx, kInstanceProfile, NameOf(kInstanceProfile, input),
               [&](json& profile, storage::WriteTxn&) {
                 json kept = json::array();
                 for (const auto& name : profile["Roles"]) {
                   if (Lower(name.get<std::string>()) != Lower(role_name)) kept.push_back(name);
                 }
                 if (kept.size() == profile["Roles"].size()) throw NotFound(kRole, role_name);
                 profile["Roles"] = std::move(kept);
               });
  return json::object();
}

json TagInstanceProfile(RequestContext& ctx, const json& input) {
  return TagEntity(ctx, kInstanceProfile, input);
}
json UntagInstanceProfile(RequestContext& ctx, const json& input) {
  return UntagEntity(ctx, kInstanceProfile, input);
}
json ListInstanceProfileTags(RequestContext& ctx, const json& input) {
  return ListEntityTags(ctx, kInstanceProfile, input);
}

}  // namespace terrarium::services::iam
