// DynamoDB's state in the store: table records, items (keyed so that store order is DynamoDB's
// order, see key_codec.h), secondary index entries kept in step with every write, and per-table
// counters.
//
// Tables:  dynamodb.tables   <account>/<region>/<table name>            -> table record
//          dynamodb.items    <account>/<region>/<id>/<hash><range>      -> item
//          dynamodb.indexes  <account>/<region>/<id>/<index id>/<hash><range><digest of item key>
//                                                                       -> item
//          dynamodb.stats    <account>/<region>/<id>                    -> counters
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "emulator/core/scope.h"
#include "emulator/storage/store.h"

namespace terrarium::services::dynamodb {

using Json = nlohmann::json;

struct KeySchema {
  std::string hash_name, hash_type;
  std::string range_name, range_type;  // empty without a sort key
  bool HasRange() const { return !range_name.empty(); }
};

struct IndexInfo {
  std::string name;
  bool global = false;
  KeySchema key;
  std::string projection_type;  // ALL, KEYS_ONLY, INCLUDE
  std::vector<std::string> non_key_attributes;
  std::string id;  // short, fixed-length, for store keys
};

struct TableInfo {
  Scope scope;
  std::string name;
  std::string id;
  std::string stats_key;  // of its counters record, read and written by every item write
  KeySchema key;
  std::vector<IndexInfo> indexes;
  std::string ttl_attribute;  // empty while TTL is disabled
  Json record;                // everything stored for the table (see table_ops.cc)

  const IndexInfo* FindIndex(std::string_view index_name) const;
};

// A table as one transaction read it, shared and immutable (table_cache.h); copy the TableInfo
// to change its record.
using TableRef = std::shared_ptr<const TableInfo>;

struct IndexStats {
  int64_t item_count = 0;
  int64_t size_bytes = 0;  // of the projected entries
};

struct TableStats {
  int64_t item_count = 0;
  int64_t size_bytes = 0;
  int64_t next_sequence = 1;                  // stream sequence numbers
  std::map<std::string, IndexStats> indexes;  // by index name
};

// ----- tables
// The table named `name` (or its ARN) as `txn` sees it; nullptr when there is none.
TableRef LoadTable(storage::ReadTxn& txn, const Scope& scope, const std::string& name);
// Throws ResourceNotFoundException ("Requested resource not found").
TableRef RequireTable(storage::ReadTxn& txn, const Scope& scope, const std::string& name);
void SaveTable(storage::WriteTxn& txn, const Scope& scope, const std::string& name,
               const Json& record);
// Removes the table with its items, index entries and counters.
void EraseTable(storage::WriteTxn& txn, const TableInfo& table);
// Names of the scope's tables in order, after `start_after`, at most `limit`.
std::vector<std::string> ListTableNames(storage::ReadTxn& txn, const Scope& scope,
                                        const std::string& start_after, size_t limit);
// Visits every table of every account and region.
void ForEachTable(storage::ReadTxn& txn, const std::function<void(TableInfo)>& visit);
// Rebuilds an index's entries from the table's items (UpdateTable adding a GSI).
void BackfillIndex(storage::WriteTxn& txn, const TableInfo& table, const IndexInfo& index);
void DropIndex(storage::WriteTxn& txn, const TableInfo& table, const IndexInfo& index);

TableStats ReadStats(storage::ReadTxn& txn, const TableInfo& table);
void SaveStats(storage::WriteTxn& txn, const TableInfo& table, const TableStats& stats);

// ----- items
// The key attributes of `item` per `schema` (absent ones omitted).
Json KeyOf(const KeySchema& schema, const Json& item);
// Whether the item has an entry in the index (it holds the index's key attributes).
bool InIndex(const IndexInfo& index, const Json& item);
// The attributes the index's entry for `item` carries: its projection over the table's and the
// index's keys.
Json IndexProjection(const TableInfo& table, const IndexInfo& index, const Json& item);
// The store key of the item with primary key `key` (already validated).
std::string ItemStoreKey(const TableInfo& table, const Json& key);
std::optional<Json> ReadItem(storage::ReadTxn& txn, const TableInfo& table, const Json& key);
// The item under the store key `item_key` (ItemStoreKey).
std::optional<Json> ReadStoredItem(storage::ReadTxn& txn, const std::string& item_key);
std::optional<std::string> ReadStoredText(storage::ReadTxn& txn, const std::string& item_key);
// The same item as its stored JSON text (item_text.h).
std::optional<std::string> ReadItemText(storage::ReadTxn& txn, const TableInfo& table,
                                        const Json& key);
// Replaces `before` (nullopt: none) with `after` (nullopt: delete), maintaining indexes,
// counters and the table's stream (records stamped `now`; `user_identity` marks deletions the
// service made itself, such as TTL's).
void WriteItem(storage::WriteTxn& txn, const TableInfo& table, const std::optional<Json>& before,
               const std::optional<Json>& after, double now, const Json& user_identity = nullptr);
// What a writer already computed about the item (PreparedWrite): its primary key attributes
// (KeyOf), its store key (ItemStoreKey) and ItemSize of `after` (0: not known).
struct KnownItem {
  const Json& keys;
  const std::string& item_key;
  size_t after_size = 0;
  // An existing item's ItemSize when `before` is empty because it was not parsed.
  std::optional<size_t> unparsed_before_size;
};
// WriteItem without computing again what `known` holds.
void WriteKnownItem(storage::WriteTxn& txn, const TableInfo& table,
                    const std::optional<Json>& before, const std::optional<Json>& after, double now,
                    const KnownItem& known, const Json& user_identity = nullptr);

// ----- ordered reads
// The store table and key prefix of a whole table or index.
std::string_view ItemsTable(const IndexInfo* index);
std::string KeyPrefix(const TableInfo& table, const IndexInfo* index);
// The key prefix of one partition (hash value) of a table or index.
std::string PartitionPrefix(const TableInfo& table, const IndexInfo* index, const Json& hash);

// Visits the entries under `prefix` after `start_after` in DynamoDB order (entries whose long
// sort keys share a truncated prefix are sorted by value here). `range_name` is the sort key of
// the table or index (empty for none). Items come as their stored JSON text (item_text.h).
// Return false to stop.
using ItemVisitor = std::function<bool(std::string_view store_key, std::string_view item_text)>;
void ScanOrdered(storage::ReadTxn& txn, std::string_view store_table, std::string_view prefix,
                 std::string_view start_after, size_t table_prefix_bytes,
                 const std::string& range_name, const ItemVisitor& visit);
// The same entries in reverse order, beginning just before `start_before` (an entry's store key,
// or any position; empty: the end of `prefix`), reading only what it visits.
void ScanOrderedBackward(storage::ReadTxn& txn, std::string_view store_table,
                         std::string_view prefix, std::string_view start_before,
                         size_t table_prefix_bytes, const std::string& range_name,
                         const ItemVisitor& visit);

}  // namespace terrarium::services::dynamodb
