#include "emulator/services/iam/tags.h"

#include <algorithm>
#include <set>

#include "emulator/services/iam/entity_common.h"
#include "emulator/services/iam/pagination.h"

namespace terrarium::services::iam {
namespace {

std::string KeyOf(const nlohmann::json& tag) { return Lower(tag.value("Key", "")); }

}  // namespace

void MergeTags(nlohmann::json& record, const nlohmann::json& tags) {
  std::set<std::string> seen;
  for (const auto& tag : tags) {
    if (!seen.insert(KeyOf(tag)).second) {
      throw InvalidInput(
          "Duplicate tag keys found. Please note that Tag keys are case insensitive.");
    }
  }
  nlohmann::json& current = record["Tags"];
  if (!current.is_array()) current = nlohmann::json::array();
  for (const auto& tag : tags) {
    nlohmann::json entry = {{"Key", tag.value("Key", "")}, {"Value", tag.value("Value", "")}};
    auto same = std::find_if(current.begin(), current.end(),
                             [&](const nlohmann::json& t) { return KeyOf(t) == KeyOf(tag); });
    if (same != current.end()) {
      *same = std::move(entry);
    } else {
      current.push_back(std::move(entry));
    }
  }
  if (current.size() > kMaxTags) {
    throw LimitExceeded("The number of tags has reached the maximum limit.");
  }
}

void RemoveTags(nlohmann::json& record, const nlohmann::json& keys) {
  std::set<std::string> doomed;
  for (const auto& key : keys) doomed.insert(Lower(key.get<std::string>()));
  nlohmann::json kept = nlohmann::json::array();
  for (const auto& tag : record.value("Tags", nlohmann::json::array())) {
    if (doomed.count(KeyOf(tag)) == 0) kept.push_back(tag);
  }
  record["Tags"] = std::move(kept);
}

nlohmann::json TagsPage(const nlohmann::json& record, const nlohmann::json& input) {
  KeyedItems items;
  for (const auto& tag : record.value("Tags", nlohmann::json::array())) {
    items.emplace_back(KeyOf(tag), tag);
  }
  return PageOf(std::move(items), input, "Tags");
}

nlohmann::json TagEntity(RequestContext& ctx, const EntityKind& kind, const nlohmann::json& input) {
  ModifyEntity(ctx, kind, NameOf(kind, input), [&](nlohmann::json& record, storage::WriteTxn&) {
    MergeTags(record, input["Tags"]);
  });
  return nlohmann::json::object();
}

nlohmann::json UntagEntity(RequestContext& ctx, const EntityKind& kind,
                           const nlohmann::json& input) {
  ModifyEntity(ctx, kind, NameOf(kind, input), [&](nlohmann::json& record, storage::WriteTxn&) {
    RemoveTags(record, input["TagKeys"]);
  });
  return nlohmann::json::object();
}

nlohmann::json ListEntityTags(RequestContext& ctx, const EntityKind& kind,
                              const nlohmann::json& input) {
  auto txn = ctx.store->BeginRead();
  return TagsPage(LoadEntity(*txn, kind, ctx.scope.account, NameOf(kind, input)), input);
}

}  // namespace terrarium::services::iam
