#include "emulator/services/dynamodb/capacity.h"

#include <algorithm>
#include <cmath>

#include "emulator/services/dynamodb/attribute_value.h"

namespace terrarium::services::dynamodb {
namespace {

constexpr size_t kReadUnitBytes = 4096;
constexpr size_t kWriteUnitBytes = 1024;

double Units(size_t bytes, size_t unit) {
  return static_cast<double>(std::max<size_t>(1, (bytes + unit - 1) / unit));
}

// The writes an index takes when its entry for an item goes from `before` to `after`.
double IndexWriteUnits(const TableInfo& table, const IndexInfo& index,
                       const std::optional<Json>& before, const std::optional<Json>& after) {
  bool was = before && InIndex(index, *before);
  bool is = after && InIndex(index, *after);
  std::optional<Json> old_entry, new_entry;
  if (was) old_entry = IndexProjection(table, index, *before);
  if (is) new_entry = IndexProjection(table, index, *after);
  if (was && is) {
    bool same_key = KeyOf(index.key, *before) == KeyOf(index.key, *after);
    if (same_key && *old_entry == *new_entry) return 0;
    if (same_key) return WriteUnits(std::max(ItemSize(*old_entry), ItemSize(*new_entry)));
    return WriteUnits(ItemSize(*old_entry)) + WriteUnits(ItemSize(*new_entry));
  }
  if (was) return WriteUnits(ItemSize(*old_entry));
  if (is) return WriteUnits(ItemSize(*new_entry));
  return 0;
}

}  // namespace

double Consumed::Total() const {
  double total = table;
  for (const auto& [name, units] : global) total += units;
  for (const auto& [name, units] : local) total += units;
  return total;
}

void Consumed::Add(const Consumed& other, double factor) {
  table += other.table * factor;
  for (const auto& [name, units] : other.global) global[name] += units * factor;
  for (const auto& [name, units] : other.local) local[name] += units * factor;
}

double ReadUnits(size_t bytes, bool consistent) {
  return Units(bytes, kReadUnitBytes) * (consistent ? 1.0 : 0.5);
}

double WriteUnits(size_t bytes) { return Units(bytes, kWriteUnitBytes); }

Consumed WriteCapacity(const TableInfo& table, const std::optional<Json>& before,
                       const std::optional<Json>& after) {
  Consumed consumed;
  consumed.table =
      WriteUnits(std::max(before ? ItemSize(*before) : 0, after ? ItemSize(*after) : 0));
  for (const IndexInfo& index : table.indexes) {
    double units = IndexWriteUnits(table, index, before, after);
    if (units > 0) (index.global ? consumed.global : consumed.local)[index.name] += units;
  }
  return consumed;
}

size_t EntrySize(const TableInfo& table, const IndexInfo* index, const Json& item) {
  if (index == nullptr || index->projection_type == "ALL") return ItemSize(item);
  return ItemSize(IndexProjection(table, *index, item));
}

Consumed ReadCapacity(const IndexInfo* index, size_t bytes, bool consistent) {
  Consumed consumed;
  double units = ReadUnits(bytes, consistent);
  if (index == nullptr) {
    consumed.table = units;
  } else {
    (index->global ? consumed.global : consumed.local)[index->name] = units;
  }
  return consumed;
}

Json CapacityJson(const Json& input, const std::string& table_name, const Consumed& consumed) {
  std::string mode = input.value("ReturnConsumedCapacity", "NONE");
  if (mode != "TOTAL" && mode != "INDEXES") return nullptr;
  Json out = {{"TableName", table_name}, {"CapacityUnits", consumed.Total()}};
  if (mode == "INDEXES") {
    out["Table"] = {{"CapacityUnits", consumed.table}};
    for (const auto& [member, indexes] : {std::pair{"GlobalSecondaryIndexes", &consumed.global},
                                          std::pair{"LocalSecondaryIndexes", &consumed.local}}) {
      for (const auto& [name, units] : *indexes) out[member][name] = {{"CapacityUnits", units}};
    }
  }
  return out;
}

std::optional<Json> CapacityListJson(const Json& input,
                                     const std::map<std::string, Consumed>& by_table) {
  std::string mode = input.value("ReturnConsumedCapacity", "NONE");
  if (mode != "TOTAL" && mode != "INDEXES") return std::nullopt;
  Json list = Json::array();
  for (const auto& [table, consumed] : by_table)
    list.push_back(CapacityJson(input, table, consumed));
  return list;
}

Json ItemCollectionMetrics(storage::ReadTxn& txn, const Json& input, const TableInfo& table,
                           const Json& item) {
  if (input.value("ReturnItemCollectionMetrics", "NONE") != "SIZE") return nullptr;
  bool has_local = std::any_of(table.indexes.begin(), table.indexes.end(),
                               [](const IndexInfo& index) { return !index.global; });
  auto hash = item.find(table.key.hash_name);
  if (!has_local || hash == item.end()) return nullptr;
  double bytes = 0;
  txn.Scan(ItemsTable(nullptr), PartitionPrefix(table, nullptr, *hash), "",
           [&](std::string_view, std::string_view value) {
             Json stored = Json::parse(value);
             bytes += static_cast<double>(ItemSize(stored));
             for (const IndexInfo& index : table.indexes) {
               if (!index.global && InIndex(index, stored)) {
                 bytes += static_cast<double>(ItemSize(IndexProjection(table, index, stored)));
               }
             }
             return true;
           });
  double lower = std::floor(bytes / (1024.0 * 1024.0 * 1024.0));
  return {{"ItemCollectionKey", {{table.key.hash_name, *hash}}},
          {"SizeEstimateRangeGB", {lower, lower + 1}}};
}

void AddItemCollectionMetrics(storage::ReadTxn& txn, const Json& input, const TableInfo& table,
                              const Json& item, Json& by_table) {
  Json metrics = ItemCollectionMetrics(txn, input, table, item);
  if (metrics.is_null()) return;
  Json& list = by_table[table.name];
  if (std::find(list.begin(), list.end(), metrics) == list.end())
    list.push_back(std::move(metrics));
}

}  // namespace terrarium::services::dynamodb
