#include "emulator/services/dynamodb/table_store.h"

#include <algorithm>

#include "emulator/core/aws_error.h"
#include "emulator/core/encoding.h"
#include "emulator/services/dynamodb/attribute_value.h"
#include "emulator/services/dynamodb/item_text.h"
#include "emulator/services/dynamodb/key_codec.h"
#include "emulator/services/dynamodb/stats_record.h"
#include "emulator/services/dynamodb/stream_log.h"
#include "emulator/services/dynamodb/table_cache.h"
#include "emulator/storage/json_table.h"
#include "emulator/storage/keys.h"

namespace terrarium::services::dynamodb {
namespace {

using namespace std::string_view_literals;

constexpr const char* kTables = "dynamodb.tables";
constexpr const char* kItems = "dynamodb.items";
constexpr const char* kIndexes = "dynamodb.indexes";
constexpr const char* kStats = "dynamodb.stats";

KeySchema ParseKeySchema(const Json& key_schema, const Json& definitions) {
  KeySchema schema;
  auto type_of = [&](const std::string& name) {
    for (const Json& d : definitions) {
      if (d.value("AttributeName", "") == name) return d.value("AttributeType", "");
    }
    return std::string();
  };
  for (const Json& element : key_schema) {
    std::string name = element.value("AttributeName", "");
    if (element.value("KeyType", "") == "HASH") {
      schema.hash_name = name;
      schema.hash_type = type_of(name);
    } else {
      schema.range_name = name;
      schema.range_type = type_of(name);
    }
  }
  return schema;
}

IndexInfo ParseIndex(const Json& index, const Json& definitions, bool global) {
  IndexInfo info;
  info.name = index.value("IndexName", "");
  info.global = global;
  info.key = ParseKeySchema(index.value("KeySchema", Json::array()), definitions);
  Json projection = index.value("Projection", Json::object());
  info.projection_type = projection.value("ProjectionType", "ALL");
  for (const Json& name : projection.value("NonKeyAttributes", Json::array())) {
    info.non_key_attributes.push_back(name.get<std::string>());
  }
  info.id = HexEncode(Sha256(info.name)).substr(0, 8);
  return info;
}

TableInfo FromRecord(const Scope& scope, const std::string& name, Json record) {
  TableInfo table;
  table.scope = scope;
  table.name = name;
  table.id = record.value("Id", "");
  table.stats_key = storage::ScopedKey(scope, table.id);
  const Json& description = record["Description"];
  Json definitions = description.value("AttributeDefinitions", Json::array());
  table.key = ParseKeySchema(description.value("KeySchema", Json::array()), definitions);
  for (const Json& index : description.value("GlobalSecondaryIndexes", Json::array())) {
    table.indexes.push_back(ParseIndex(index, definitions, true));
  }
  for (const Json& index : description.value("LocalSecondaryIndexes", Json::array())) {
    table.indexes.push_back(ParseIndex(index, definitions, false));
  }
  if (auto ttl = record.find("TimeToLive"); ttl != record.end() && ttl->value("Enabled", false)) {
    table.ttl_attribute = ttl->value("AttributeName", "");
  }
  table.record = std::move(record);
  return table;
}

// The index entry key of `item`, or nullopt when the item lacks the index's key attributes.
std::optional<std::string> IndexEntryKey(const TableInfo& table, const IndexInfo& index,
                                         const Json& item, const std::string& item_key) {
  auto hash = item.find(index.key.hash_name);
  if (hash == item.end() || TypeOf(*hash) != index.key.hash_type) return std::nullopt;
  std::string key = KeyPrefix(table, &index) + HashPart(*hash);
  if (index.key.HasRange()) {
    auto range = item.find(index.key.range_name);
    if (range == item.end() || TypeOf(*range) != index.key.range_type) return std::nullopt;
    key += RangePart(*range);
  }
  return key + Sha256(item_key);
}

void EraseUnder(storage::WriteTxn& txn, std::string_view store_table, const std::string& prefix) {
  std::vector<std::string> keys;
  txn.Scan(store_table, prefix, "", [&](std::string_view key, std::string_view) {
    keys.emplace_back(key);
    return true;
  });
  for (const auto& key : keys) txn.Erase(store_table, key);
}

}  // namespace

const IndexInfo* TableInfo::FindIndex(std::string_view index_name) const {
  for (const IndexInfo& index : indexes) {
    if (index.name == index_name) return &index;
  }
  return nullptr;
}

TableRef LoadTable(storage::ReadTxn& txn, const Scope& scope, const std::string& name_or_arn) {
  // Requests may name a table by its ARN.
  std::string name = name_or_arn;
  if (name_or_arn.starts_with("arn:")) {
    std::string arn_prefix = "arn:aws:dynamodb:" + scope.region + ":" + scope.account + ":table/";
    if (name_or_arn.starts_with(arn_prefix)) name = name_or_arn.substr(arn_prefix.size());
  }
  if (name.empty() || name.size() > 255) return nullptr;
  std::string key = storage::ScopedKey(scope, name);
  auto stored = txn.Get(kTables, key);
  if (!stored) return nullptr;
  auto parse = [&] { return FromRecord(scope, name, Json::parse(*stored)); };
  if (txn.memos() == nullptr) return std::make_shared<const TableInfo>(parse());
  return txn.memos()->Get<TableCache>().Get(key, *stored, parse);
}

TableRef RequireTable(storage::ReadTxn& txn, const Scope& scope, const std::string& name) {
  auto table = LoadTable(txn, scope, name);
  if (!table) throw AwsError("ResourceNotFoundException", "Requested resource not found");
  return table;
}

void SaveTable(storage::WriteTxn& txn, const Scope& scope, const std::string& name,
               const Json& record) {
  storage::PutJson(txn, kTables, storage::ScopedKey(scope, name), record);
}

void EraseTable(storage::WriteTxn& txn, const TableInfo& table) {
  EraseUnder(txn, kItems, KeyPrefix(table, nullptr));
  for (const IndexInfo& index : table.indexes) DropIndex(txn, table, index);
  txn.Erase(kStats, table.stats_key);
  txn.Erase(kTables, storage::ScopedKey(table.scope, table.name));
}

std::vector<std::string> ListTableNames(storage::ReadTxn& txn, const Scope& scope,
                                        const std::string& start_after, size_t limit) {
  std::vector<std::string> names;
  std::string prefix = storage::ScopePrefix(scope);
  std::string after = start_after.empty() ? "" : prefix + start_after;
  txn.Scan(kTables, prefix, after, [&](std::string_view key, std::string_view) {
    names.emplace_back(key.substr(prefix.size()));
    return names.size() < limit;
  });
  return names;
}

void ForEachTable(storage::ReadTxn& txn, const std::function<void(TableInfo)>& visit) {
  std::vector<std::pair<std::string, std::string>> records;
  txn.Scan(kTables, "", "", [&](std::string_view key, std::string_view value) {
    records.emplace_back(key, value);
    return true;
  });
  for (const auto& [key, value] : records) {
    // "<account>/<region>/<name>": table names cannot contain '/'.
    size_t first = key.find('/');
    size_t second = key.find('/', first + 1);
    if (first == std::string::npos || second == std::string::npos) continue;
    Scope scope{key.substr(0, first), key.substr(first + 1, second - first - 1)};
    visit(FromRecord(scope, key.substr(second + 1), Json::parse(value)));
  }
}

void BackfillIndex(storage::WriteTxn& txn, const TableInfo& table, const IndexInfo& index) {
  std::string prefix = KeyPrefix(table, nullptr);
  std::vector<std::pair<std::string, std::string>> entries;
  txn.Scan(kItems, prefix, "", [&](std::string_view key, std::string_view value) {
    Json item = Json::parse(value);
    if (auto entry = IndexEntryKey(table, index, item, std::string(key))) {
      entries.emplace_back(*entry, std::string(value));
    }
    return true;
  });
  IndexStats counted;
  for (const auto& [key, value] : entries) {
    txn.Put(kIndexes, key, value);
    counted.item_count += 1;
    counted.size_bytes +=
        static_cast<int64_t>(ItemSize(IndexProjection(table, index, Json::parse(value))));
  }
  TableStats stats = ReadStats(txn, table);
  stats.indexes[index.name] = counted;
  SaveStats(txn, table, stats);
}

void DropIndex(storage::WriteTxn& txn, const TableInfo& table, const IndexInfo& index) {
  EraseUnder(txn, kIndexes, KeyPrefix(table, &index));
  TableStats stats = ReadStats(txn, table);
  stats.indexes.erase(index.name);
  SaveStats(txn, table, stats);
}

TableStats ReadStats(storage::ReadTxn& txn, const TableInfo& table) {
  TableStats stats;
  auto text = txn.Get(kStats, table.stats_key);
  if (!text) return stats;
  if (auto parsed = ParseStatsRecordText(*text)) return *parsed;
  // A record in another JSON form (whitespace, members in another order).
  Json value = Json::parse(*text);
  stats.item_count = value.value("ItemCount", int64_t{0});
  stats.size_bytes = value.value("TableSizeBytes", int64_t{0});
  stats.next_sequence = value.value("NextSequence", int64_t{1});
  Json indexes = value.value("Indexes", Json::object());  // kept alive across the loop
  for (const auto& [name, counts] : indexes.items()) {
    stats.indexes[name] = {counts.value("ItemCount", int64_t{0}),
                           counts.value("IndexSizeBytes", int64_t{0})};
  }
  return stats;
}

void SaveStats(storage::WriteTxn& txn, const TableInfo& table, const TableStats& stats) {
  txn.Put(kStats, table.stats_key, StatsRecordText(stats));
}

Json KeyOf(const KeySchema& schema, const Json& item) {
  Json key = Json::object();
  if (auto it = item.find(schema.hash_name); it != item.end()) key[schema.hash_name] = *it;
  if (schema.HasRange()) {
    if (auto it = item.find(schema.range_name); it != item.end()) key[schema.range_name] = *it;
  }
  return key;
}

bool InIndex(const IndexInfo& index, const Json& item) {
  auto hash = item.find(index.key.hash_name);
  if (hash == item.end() || TypeOf(*hash) != index.key.hash_type) return false;
  if (!index.key.HasRange()) return true;
  auto range = item.find(index.key.range_name);
  return range != item.end() && TypeOf(*range) == index.key.range_type;
}

Json IndexProjection(const TableInfo& table, const IndexInfo& index, const Json& item) {
  if (index.projection_type == "ALL") return item;
  Json out = KeyOf(table.key, item);
  Json index_key = KeyOf(index.key, item);
  for (const auto& [name, value] : index_key.items()) out[name] = value;
  if (index.projection_type == "INCLUDE") {
    for (const auto& name : index.non_key_attributes) {
      if (auto it = item.find(name); it != item.end()) out[name] = *it;
    }
  }
  return out;
}

std::string ItemStoreKey(const TableInfo& table, const Json& key) {
  std::string out = KeyPrefix(table, nullptr) + HashPart(key.at(table.key.hash_name));
  if (table.key.HasRange()) out += RangePart(key.at(table.key.range_name));
  return out;
}

std::optional<Json> ReadItem(storage::ReadTxn& txn, const TableInfo& table, const Json& key) {
  return ReadStoredItem(txn, ItemStoreKey(table, key));
}

std::optional<Json> ReadStoredItem(storage::ReadTxn& txn, const std::string& item_key) {
  return storage::GetJson(txn, kItems, item_key);
}

std::optional<std::string> ReadStoredText(storage::ReadTxn& txn, const std::string& item_key) {
  return txn.Get(kItems, item_key);
}

std::optional<std::string> ReadItemText(storage::ReadTxn& txn, const TableInfo& table,
                                        const Json& key) {
  return txn.Get(kItems, ItemStoreKey(table, key));
}

void WriteItem(storage::WriteTxn& txn, const TableInfo& table, const std::optional<Json>& before,
               const std::optional<Json>& after, double now, const Json& user_identity) {
  const Json& any = after ? *after : *before;
  Json keys = KeyOf(table.key, any);
  std::string item_key = ItemStoreKey(table, keys);
  WriteKnownItem(txn, table, before, after, now, KnownItem{keys, item_key, 0, std::nullopt},
                 user_identity);
}

void WriteKnownItem(storage::WriteTxn& txn, const TableInfo& table,
                    const std::optional<Json>& before, const std::optional<Json>& after, double now,
                    const KnownItem& known, const Json& user_identity) {
  const Json& keys = known.keys;
  const std::string& item_key = known.item_key;
  std::string text = after ? ItemText(*after) : std::string();
  TableStats stats = ReadStats(txn, table);
  for (const IndexInfo& index : table.indexes) {
    std::optional<std::string> old_entry =
        before ? IndexEntryKey(table, index, *before, item_key) : std::nullopt;
    std::optional<std::string> new_entry =
        after ? IndexEntryKey(table, index, *after, item_key) : std::nullopt;
    if (old_entry && old_entry != new_entry) txn.Erase(kIndexes, *old_entry);
    if (new_entry) txn.Put(kIndexes, *new_entry, text);
    IndexStats& counts = stats.indexes[index.name];
    if (old_entry) {
      counts.item_count -= 1;
      counts.size_bytes -= static_cast<int64_t>(ItemSize(IndexProjection(table, index, *before)));
    }
    if (new_entry) {
      counts.item_count += 1;
      counts.size_bytes += static_cast<int64_t>(ItemSize(IndexProjection(table, index, *after)));
    }
  }
  if (after) {
    txn.Put(kItems, item_key, text);
  } else {
    txn.Erase(kItems, item_key);
  }
  if (before || known.unparsed_before_size) {
    stats.item_count -= 1;
    stats.size_bytes -=
        static_cast<int64_t>(before ? ItemSize(*before) : *known.unparsed_before_size);
  }
  if (after) {
    stats.item_count += 1;
    stats.size_bytes +=
        static_cast<int64_t>(known.after_size != 0 ? known.after_size : ItemSize(*after));
  }
  if (AppendStreamRecord(txn, table.scope, table.record["Description"], stats.next_sequence, keys,
                         before, after, now, user_identity)) {
    stats.next_sequence++;
  }
  SaveStats(txn, table, stats);
}

std::string_view ItemsTable(const IndexInfo* index) { return index ? kIndexes : kItems; }

std::string KeyPrefix(const TableInfo& table, const IndexInfo* index) {
  std::string rest = table.id + "/";
  if (index != nullptr) rest += index->id + "/";
  return storage::ScopedKey(table.scope, rest);
}

std::string PartitionPrefix(const TableInfo& table, const IndexInfo* index, const Json& hash) {
  return KeyPrefix(table, index) + HashPart(hash);
}

}  // namespace terrarium::services::dynamodb
