// IAM groups: create/read/update/delete, membership, inline and attached policies.
// Parity notes: GetGroup pages through the group's users; membership is kept on the group
// (users listed by name), so ListGroupsForUser scans the account's groups.
#include "emulator/services/iam/attached_policies.h"
#include "emulator/services/iam/entity_common.h"
#include "emulator/services/iam/iam_ops.h"
#include "emulator/services/iam/inline_policies.h"
#include "emulator/services/iam/pagination.h"
#include "emulator/services/iam/records.h"

namespace terrarium::services::iam {
namespace {

using nlohmann::json;

bool HasMember(const json& group, const std::string& user) {
  for (const auto& name : group.value("Users", json::array())) {
    if (Lower(name.get<std::string>()) == Lower(user)) return true;
  }
  return false;
}

}  // namespace

json CreateGroup(RequestContext& ctx, const json& input) {
  auto txn = ctx.store->BeginWrite();
  json record = NewEntity(ctx, *txn, kGroup, input);
  record.erase("Tags");  // groups have no tags in IAM
  record["Users"] = json::array();
  SaveEntity(*txn, kGroup, ctx.scope.account, record);
  txn->Commit();
  return {{"Group", GroupOutput(record)}};
}

json GetGroup(RequestContext& ctx, const json& input) {
  auto txn = ctx.store->BeginRead();
  json group = LoadEntity(*txn, kGroup, ctx.scope.account, NameOf(kGroup, input));
  KeyedItems users;
  for (const auto& name : group["Users"]) {
    if (auto user = FindEntity(*txn, kUser, ctx.scope.account, name.get<std::string>())) {
      users.emplace_back(Lower(name.get<std::string>()), UserOutput(*user, View::kList));
    }
  }
  json output = PageOf(std::move(users), input, "Users");
  output["Group"] = GroupOutput(group);
  return output;
}

json ListGroups(RequestContext& ctx, const json& input) {
  return ListEntities(ctx, kGroup, input, "Groups", GroupOutput);
}

json UpdateGroup(RequestContext& ctx, const json& input) {
  auto txn = ctx.store->BeginWrite();
  RenameEntity(ctx, *txn, kGroup, input, "NewGroupName");
  txn->Commit();
  return json::object();
}

json DeleteGroup(RequestContext& ctx, const json& input) {
  DeleteEntity(ctx, kGroup, NameOf(kGroup, input), [](const json& record, storage::ReadTxn&) {
    if (!record.value("Users", json::array()).empty()) {
      throw DeleteConflict("Cannot delete entity, must remove users from group first.");
    }
    if (HasInlinePolicies(record)) {
      throw DeleteConflict("Cannot delete entity, must delete policies first.");
    }
    if (HasAttachedPolicies(record)) {
      throw DeleteConflict("Cannot delete entity, must detach all policies first.");
    }
  });
  return json::object();
}

json AddUserToGroup(RequestContext& ctx, const json& input) {
  std::string user_name = NameOf(kUser, input);
  ModifyEntity(ctx, kGroup, NameOf(kGroup, input), [&](json& group, storage::WriteTxn& txn) {
    json user = LoadEntity(txn, kUser, ctx.scope.account, user_name);
    if (!HasMember(group, user_name)) group["Users"].push_back(user["UserName"]);
  });
  return json::object();
}

json RemoveUserFromGroup(RequestContext& ctx, const json& input) {
  std::string user_name = NameOf(kUser, input);
  ModifyEntity(ctx, kGroup, NameOf(kGroup, input), [&](json& group, storage::WriteTxn& txn) {
    LoadEntity(txn, kUser, ctx.scope.account, user_name);
    if (!HasMember(group, user_name)) throw NotFound(kUser, user_name);
    json kept = json::array();
    for (const auto& name : group["Users"]) {
      if (Lower(name.get<std::string>()) != Lower(user_name)) kept.push_back(name);
    }
    group["Users"] = std::move(kept);
  });
  return json::object();
}

json ListGroupsForUser(RequestContext& ctx, const json& input) {
  std::string user_name = NameOf(kUser, input);
  auto txn = ctx.store->BeginRead();
  LoadEntity(*txn, kUser, ctx.scope.account, user_name);
  KeyedItems groups;
  for (const auto& group : ScanAccount(*txn, kGroup.table, ctx.scope.account)) {
    if (HasMember(group, user_name)) {
      groups.emplace_back(Lower(group["GroupName"].get<std::string>()), GroupOutput(group));
    }
  }
  return PageOf(std::move(groups), input, "Groups");
}

json PutGroupPolicy(RequestContext& ctx, const json& input) {
  return PutInlinePolicy(ctx, kGroup, input);
}
json GetGroupPolicy(RequestContext& ctx, const json& input) {
  return GetInlinePolicy(ctx, kGroup, input);
}
json DeleteGroupPolicy(RequestContext& ctx, const json& input) {
  return DeleteInlinePolicy(ctx, kGroup, input);
}
json ListGroupPolicies(RequestContext& ctx, const json& input) {
  return ListInlinePolicies(ctx, kGroup, input);
}

json AttachGroupPolicy(RequestContext& ctx, const json& input) {
  return AttachPolicy(ctx, kGroup, input);
}
json DetachGroupPolicy(RequestContext& ctx, const json& input) {
  return DetachPolicy(ctx, kGroup, input);
}
json ListAttachedGroupPolicies(RequestContext& ctx, const json& input) {
  return ListAttachedPolicies(ctx, kGroup, input);
}

}  // namespace terrarium::services::iam
