// IAM users: create/read/update/delete, tags, inline and attached policies, permissions boundary.
// Parity notes: GetUser without UserName answers for the caller: the user owning the access key
// when IAM issued it, else the account's root user (Arn ...:root, no UserName), as IAM does for
// root credentials; temporary credentials are not told apart from root ones. Login profiles, MFA
// devices, SSH keys and certificates are not modelled, so they never block DeleteUser.
#include "emulator/services/iam/attached_policies.h"
#include "emulator/services/iam/entity_common.h"
#include "emulator/services/iam/iam_ops.h"
#include "emulator/services/iam/inline_policies.h"
#include "emulator/services/iam/permissions_boundary.h"
#include "emulator/services/iam/records.h"
#include "emulator/services/iam/tags.h"
#include "emulator/storage/json_table.h"

namespace terrarium::services::iam {
namespace {

using nlohmann::json;

bool InAnyGroup(storage::ReadTxn& txn, std::string_view account, const std::string& user) {
  for (const auto& group : ScanAccount(txn, kGroup.table, account)) {
    for (const auto& name : group.value("Users", json::array())) {
      if (Lower(name.get<std::string>()) == Lower(user)) return true;
    }
  }
  return false;
}

bool HasAccessKeys(storage::ReadTxn& txn, std::string_view account, const std::string& user) {
  bool found = false;
  txn.Scan(kAccessKeysTable, AccountKey(account, user) + "/", "",
           [&](std::string_view, std::string_view) { return !(found = true); });
  return found;
}

// Renaming a user renames it in its groups and in its access keys.
void RenameUser(storage::WriteTxn& txn, std::string_view account, const std::string& from,
                const std::string& to) {
  for (auto group : ScanAccount(txn, kGroup.table, account)) {
    bool changed = false;
    for (auto& name : group["Users"]) {
      if (Lower(name.get<std::string>()) == Lower(from)) name = to, changed = true;
    }
    if (changed) SaveEntity(txn, kGroup, account, group);
  }
  std::vector<json> keys;
  txn.Scan(kAccessKeysTable, AccountKey(account, from) + "/", "",
           [&](std::string_view, std::string_view value) {
             keys.push_back(json::parse(value));
             return true;
           });
  for (auto& key : keys) {
    std::string id = key["AccessKeyId"];
    txn.Erase(kAccessKeysTable, AccountKey(account, from) + "/" + id);
    key["UserName"] = to;
    storage::PutJson(txn, kAccessKeysTable, AccountKey(account, to) + "/" + id, key);
    storage::PutJson(txn, kAccessKeyOwnersTable, id, {{"Account", account}, {"UserName", to}});
  }
}

json RootUser(RequestContext& ctx) {
  return {{"UserId", ctx.scope.account},
          {"Arn", "arn:aws:iam::" + ctx.scope.account + ":root"},
          {"CreateDate", 0}};
}

}  // namespace

json CreateUser(RequestContext& ctx, const json& input) {
  auto txn = ctx.store->BeginWrite();
  json record = NewEntity(ctx, *txn, kUser, input);
  ApplyBoundary(*txn, ctx.scope.account, input, record);
  SaveEntity(*txn, kUser, ctx.scope.account, record);
  txn->Commit();
  return {{"User", UserOutput(record, View::kCreate)}};
}

json GetUser(RequestContext& ctx, const json& input) {
  auto txn = ctx.store->BeginRead();
  std::string name = input.contains("UserName") ? NameOf(kUser, input) : "";
  if (name.empty()) {
    auto owner = AccessKeyOwner(*txn, ctx.access_key);
    if (!owner || (*owner)["Account"] != ctx.scope.account) return {{"User", RootUser(ctx)}};
    name = (*owner)["UserName"];
  }
  return {{"User", UserOutput(LoadEntity(*txn, kUser, ctx.scope.account, name), View::kFull)}};
}

json ListUsers(RequestContext& ctx, const json& input) {
  return ListEntities(ctx, kUser, input, "Users",
                      [](const json& record) { return UserOutput(record, View::kList); });
}

json UpdateUser(RequestContext& ctx, const json& input) {
  auto txn = ctx.store->BeginWrite();
  json before = RenameEntity(ctx, *txn, kUser, input, "NewUserName");
  RenameUser(*txn, ctx.scope.account, before["UserName"],
             input.value("NewUserName", before["UserName"].get<std::string>()));
  txn->Commit();
  return json::object();
}

json DeleteUser(RequestContext& ctx, const json& input) {
  std::string name = NameOf(kUser, input);
  DeleteEntity(ctx, kUser, name, [&](const json& record, storage::ReadTxn& txn) {
    if (HasInlinePolicies(record)) {
      throw DeleteConflict("Cannot delete entity, must delete policies first.");
    }
    if (HasAttachedPolicies(record)) {
      throw DeleteConflict("Cannot delete entity, must detach all policies first.");
    }
    if (HasAccessKeys(txn, ctx.scope.account, name)) {
      throw DeleteConflict("Cannot delete entity, must delete access keys first.");
    }
    if (InAnyGroup(txn, ctx.scope.account, name)) {
      throw DeleteConflict("Cannot delete entity, must remove users from group first.");
    }
  });
  return json::object();
}

json PutUserPermissionsBoundary(RequestContext& ctx, const json& input) {
  return PutPermissionsBoundary(ctx, kUser, input);
}

json DeleteUserPermissionsBoundary(RequestContext& ctx, const json& input) {
  return DeletePermissionsBoundary(ctx, kUser, input);
}

json TagUser(RequestContext& ctx, const json& input) { return TagEntity(ctx, kUser, input); }
json UntagUser(RequestContext& ctx, const json& input) { return UntagEntity(ctx, kUser, input); }
json ListUserTags(RequestContext& ctx, const json& input) {
  return ListEntityTags(ctx, kUser, input);
}

json PutUserPolicy(RequestContext& ctx, const json& input) {
  return PutInlinePolicy(ctx, kUser, input);
}
json GetUserPolicy(RequestContext& ctx, const json& input) {
  return GetInlinePolicy(ctx, kUser, input);
}
json DeleteUserPolicy(RequestContext& ctx, const json& input) {
  return DeleteInlinePolicy(ctx, kUser, input);
}
json ListUserPolicies(RequestContext& ctx, const json& input) {
  return ListInlinePolicies(ctx, kUser, input);
}

json AttachUserPolicy(RequestContext& ctx, const json& input) {
  return AttachPolicy(ctx, kUser, input);
}
json DetachUserPolicy(RequestContext& ctx, const json& input) {
  return DetachPolicy(ctx, kUser, input);
}
json ListAttachedUserPolicies(RequestContext& ctx, const json& input) {
  return ListAttachedPolicies(ctx, kUser, input);
}

}  // namespace terrarium::services::iam
