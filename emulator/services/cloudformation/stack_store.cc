#include "emulator/services/cloudformation/stack_store.h"

#include <fmt/format.h>

#include <algorithm>

#include "emulator/storage/json_table.h"
#include "emulator/storage/keys.h"

namespace terrarium::services::cloudformation {
namespace {

using nlohmann::json;

constexpr std::string_view kStacks = "cloudformation.stacks";
constexpr std::string_view kEvents = "cloudformation.events";
constexpr std::string_view kChangeSets = "cloudformation.changesets";

std::string StackKey(const Scope& scope, std::string_view name, std::string_view uuid) {
  return storage::ScopedKey(scope, std::string(name) + "/" + std::string(uuid));
}

StackRecord FromValue(const Scope& scope, std::string_view value) {
  return StackRecord{scope, json::parse(value)};
}

std::vector<json> ScanJson(storage::ReadTxn& txn, std::string_view table,
                           const std::string& prefix) {
  std::vector<json> out;
  txn.Scan(table, prefix, "", [&](std::string_view, std::string_view value) {
    out.push_back(json::parse(value));
    return true;
  });
  return out;
}

}  // namespace

std::optional<StackIdParts> ParseStackId(std::string_view stack_id) {
  if (!stack_id.starts_with("arn:")) return std::nullopt;
  auto marker = stack_id.find(":stack/");
  if (marker == std::string_view::npos) return std::nullopt;
  std::string_view rest = stack_id.substr(marker + 7);
  auto slash = rest.find('/');
  if (slash == std::string_view::npos || slash == 0 || slash + 1 == rest.size()) {
    return std::nullopt;
  }
  return StackIdParts{std::string(rest.substr(0, slash)), std::string(rest.substr(slash + 1))};
}

std::string StackRecord::Key() const {
  auto parts = ParseStackId(id());
  return StackKey(scope, parts ? parts->name : name(), parts ? parts->uuid : "");
}

std::optional<StackRecord> FindStack(storage::ReadTxn& txn, const Scope& scope,
                                     std::string_view name_or_id) {
  if (name_or_id.empty()) return std::nullopt;
  if (auto parts = ParseStackId(name_or_id)) {
    auto value = txn.Get(kStacks, StackKey(scope, parts->name, parts->uuid));
    if (!value) return std::nullopt;
    StackRecord stack = FromValue(scope, *value);
    if (stack.id() != name_or_id) return std::nullopt;
    return stack;
  }
  // Stack names never hold '/', so the prefix "<name>/" holds exactly that name's stacks.
  if (name_or_id.find('/') != std::string_view::npos) return std::nullopt;
  std::optional<StackRecord> live;
  txn.Scan(kStacks, storage::ScopedKey(scope, std::string(name_or_id) + "/"), "",
           [&](std::string_view, std::string_view value) {
             StackRecord stack = FromValue(scope, value);
             if (stack.deleted()) return true;
             live = std::move(stack);
             return false;
           });
  return live;
}

void SaveStack(storage::WriteTxn& txn, const StackRecord& stack) {
  storage::PutJson(txn, kStacks, stack.Key(), stack.record);
}

void ScanStacks(storage::ReadTxn& txn, const Scope& scope,
                const std::function<bool(const StackRecord&)>& fn) {
  txn.Scan(kStacks, storage::ScopePrefix(scope), "",
           [&](std::string_view, std::string_view value) { return fn(FromValue(scope, value)); });
}

void AppendEvent(storage::WriteTxn& txn, StackRecord& stack, json event) {
  int64_t seq = stack.record.value("NextEvent", int64_t{0});
  stack.record["NextEvent"] = seq + 1;
  storage::PutJson(txn, kEvents, fmt::format("{}/{:012d}", stack.Key(), seq), event);
}

std::vector<json> ListEvents(storage::ReadTxn& txn, const StackRecord& stack) {
  std::vector<json> events = ScanJson(txn, kEvents, stack.Key() + "/");
  std::reverse(events.begin(), events.end());
  return events;
}

std::optional<json> LoadChangeSet(storage::ReadTxn& txn, const StackRecord& stack,
                                  std::string_view name) {
  if (name.empty() || name.size() > 128) return std::nullopt;
  return storage::GetJson(txn, kChangeSets, stack.Key() + "/" + std::string(name));
}

void SaveChangeSet(storage::WriteTxn& txn, const StackRecord& stack, const json& cs) {
  storage::PutJson(txn, kChangeSets, stack.Key() + "/" + cs.at("ChangeSetName").get<std::string>(),
                   cs);
}

void EraseChangeSet(storage::WriteTxn& txn, const StackRecord& stack, std::string_view name) {
  txn.Erase(kChangeSets, stack.Key() + "/" + std::string(name));
}

std::vector<json> ListChangeSetRecords(storage::ReadTxn& txn, const StackRecord& stack) {
  return ScanJson(txn, kChangeSets, stack.Key() + "/");
}

std::optional<json> FindChangeSetById(storage::ReadTxn& txn, const Scope& scope,
                                      std::string_view id) {
  std::optional<json> found;
  txn.Scan(kChangeSets, storage::ScopePrefix(scope), "",
           [&](std::string_view, std::string_view value) {
             json cs = json::parse(value);
             if (cs.value("ChangeSetId", "") != id) return true;
             found = std::move(cs);
             return false;
           });
  return found;
}

json ResourcesToJson(const iac::DeployedStack& resources) {
  json out = json::object();
  for (const auto& [id, r] : resources) {
    out[id] = {{"Type", r.type},
               {"PhysicalId", r.physical_id},
               {"Attributes", r.attributes},
               {"Properties", r.properties},
               {"DeletionPolicy", r.deletion_policy},
               {"Dependencies", r.dependencies}};
  }
  return out;
}

iac::DeployedStack ResourcesFromJson(const json& resources) {
  iac::DeployedStack out;
  if (!resources.is_object()) return out;
  for (const auto& [id, r] : resources.items()) {
    iac::DeployedResource d;
    d.logical_id = id;
    d.type = r.value("Type", "");
    d.physical_id = r.value("PhysicalId", "");
    d.attributes = r.value("Attributes", json::object());
    d.properties = r.value("Properties", json::object());
    d.deletion_policy = r.value("DeletionPolicy", "Delete");
    for (const auto& dep : r.value("Dependencies", json::array())) {
      d.dependencies.insert(dep.get<std::string>());
    }
    out.emplace(id, std::move(d));
  }
  return out;
}

}  // namespace terrarium::services::cloudformation
