#include "emulator/services/iam/attached_policies.h"

#include <fmt/format.h>

#include <algorithm>

#include "emulator/services/iam/entity_common.h"
#include "emulator/services/iam/pagination.h"
#include "emulator/services/iam/policy_store.h"

namespace terrarium::services::iam {
namespace {

using nlohmann::json;

constexpr size_t kMaxAttachedPolicies = 10;
const EntityKind* const kAttachableKinds[] = {&kRole, &kUser, &kGroup};

std::string Title(const EntityKind& kind) {
  std::string title = kind.name_member;
  return title.substr(0, title.size() - 4);  // "RoleName" -> "Role"
}

}  // namespace

json AttachPolicy(RequestContext& ctx, const EntityKind& kind, const json& input) {
  std::string arn = input.value("PolicyArn", "");
  ModifyEntity(ctx, kind, NameOf(kind, input), [&](json& record, storage::WriteTxn& txn) {
    if (!FindPolicy(txn, ctx.scope.account, arn)) {
      throw NoSuchEntity("Policy " + arn + " does not exist or is not attachable.");
    }
    json& attached = record["AttachedPolicies"];
    if (!attached.is_array()) attached = json::array();
    if (std::find(attached.begin(), attached.end(), arn) != attached.end()) return;
    if (attached.size() >= kMaxAttachedPolicies) {
      throw LimitExceeded(fmt::format("Cannot exceed quota for PoliciesPer{}: {}", Title(kind),
                                      kMaxAttachedPolicies));
    }
    attached.push_back(arn);
  });
  return json::object();
}

json DetachPolicy(RequestContext& ctx, const EntityKind& kind, const json& input) {
  std::string arn = input.value("PolicyArn", "");
  ModifyEntity(ctx, kind, NameOf(kind, input), [&](json& record, storage::WriteTxn&) {
    json& attached = record["AttachedPolicies"];
    auto it =
        attached.is_array() ? std::find(attached.begin(), attached.end(), arn) : attached.end();
    if (!attached.is_array() || it == attached.end()) {
      throw NoSuchEntity("Policy " + arn + " was not found.");
    }
    attached.erase(it);
  });
  return json::object();
}

json ListAttachedPolicies(RequestContext& ctx, const EntityKind& kind, const json& input) {
  std::string prefix = input.value("PathPrefix", "/");
  auto txn = ctx.store->BeginRead();
  json record = LoadEntity(*txn, kind, ctx.scope.account, NameOf(kind, input));
  KeyedItems items;
  for (const auto& arn : record.value("AttachedPolicies", json::array())) {
    auto policy = FindPolicy(*txn, ctx.scope.account, arn.get<std::string>());
    if (!policy || !(*policy)["Path"].get<std::string>().starts_with(prefix)) continue;
    items.emplace_back(
        Lower((*policy)["PolicyName"].get<std::string>()) + "\n" + arn.get<std::string>(),
        json{{"PolicyName", (*policy)["PolicyName"]}, {"PolicyArn", arn}});
  }
  return PageOf(std::move(items), input, "AttachedPolicies");
}

bool HasAttachedPolicies(const json& record) {
  return !record.value("AttachedPolicies", json::array()).empty();
}

std::map<std::string, int> AttachmentCounts(storage::ReadTxn& txn, std::string_view account) {
  std::map<std::string, int> counts;
  for (const EntityKind* kind : kAttachableKinds) {
    for (const auto& record : ScanAccount(txn, kind->table, account)) {
      for (const auto& arn : record.value("AttachedPolicies", json::array())) {
        ++counts[arn.get<std::string>()];
      }
    }
  }
  return counts;
}

json EntitiesForPolicy(storage::ReadTxn& txn, std::string_view account, std::string_view arn,
                       const json& input) {
  std::string filter = input.value("EntityFilter", "");
  std::string prefix = input.value("PathPrefix", "/");
  json output = {{"PolicyGroups", json::array()},
                 {"PolicyUsers", json::array()},
                 {"PolicyRoles", json::array()},
                 {"IsTruncated", false}};
  for (const EntityKind* kind : kAttachableKinds) {
    if (!filter.empty() && filter != Title(*kind)) continue;
    for (const auto& record : ScanAccount(txn, kind->table, account)) {
      json attached = record.value("AttachedPolicies", json::array());
      if (std::find(attached.begin(), attached.end(), arn) == attached.end()) continue;
      if (!record["Path"].get<std::string>().starts_with(prefix)) continue;
      output["Policy" + Title(*kind) + "s"].push_back(
          {{kind->name_member, record[kind->name_member]},
           {kind->id_member, record[kind->id_member]}});
    }
  }
  return output;
}

}  // namespace terrarium::services::iam
