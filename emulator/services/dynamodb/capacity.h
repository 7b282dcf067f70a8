// Consumed capacity and item collection sizes as DynamoDB computes it, for ReturnConsumedCapacity
// (TOTAL or INDEXES). Reads: one unit per 4 KB read, rounded up (over all the items a Query or Scan
// read, before its filter), halved when eventually consistent. Writes: one unit per 1 KB of the
// larger of the old and new item, rounded up, on the table; and on each index the write touches,
// one put per new entry, one delete per removed entry (an entry whose key changed costs both), each
// by the projected size, and nothing when the entry does not change. Transactions cost twice that.
#pragma once

#include <cstddef>
#include <map>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "emulator/services/dynamodb/table_store.h"

namespace terrarium::services::dynamodb {

struct Consumed {
  double table = 0;
  std::map<std::string, double> global;  // by index name
  std::map<std::string, double> local;

  double Total() const;
  void Add(const Consumed& other, double factor = 1);
};

double ReadUnits(size_t bytes, bool consistent);
double WriteUnits(size_t bytes);

// The units of replacing `before` by `after` (nullopt: none) on the table and its indexes.
Consumed WriteCapacity(const TableInfo& table, const std::optional<Json>& before,
                       const std::optional<Json>& after);
// The bytes a read of `item` counts from the table (index: nullptr) or from an index: the size
// of the index's entry (its projection), as AWS bills index reads and pages them by 1 MB.
size_t EntrySize(const TableInfo& table, const IndexInfo* index, const Json& item);
// The units of reading `bytes` from the table (index: nullptr) or one of its indexes.
Consumed ReadCapacity(const IndexInfo* index, size_t bytes, bool consistent);

// ReturnConsumedCapacity's answer for one table: null when not asked.
Json CapacityJson(const Json& input, const std::string& table_name, const Consumed& consumed);
// The list form of batch and transaction operations: nullopt when not asked.
std::optional<Json> CapacityListJson(const Json& input,
                                     const std::map<std::string, Consumed>& by_table);

// ReturnItemCollectionMetrics SIZE: for a table with local secondary indexes, the size of the
// item collection (the items sharing `item`'s partition key, with their LSI entries) as AWS
// estimates it, {ItemCollectionKey, SizeEstimateRangeGB: [lower, upper]}; null otherwise. Reads
// the partition, so only when asked.
Json ItemCollectionMetrics(storage::ReadTxn& txn, const Json& input, const TableInfo& table,
                           const Json& item);
// Adds the metrics of `item`'s collection to `by_table` (table name -> list, each collection
// once), the form of BatchWriteItem and TransactWriteItems.
void AddItemCollectionMetrics(storage::ReadTxn& txn, const Json& input, const TableInfo& table,
                              const Json& item, Json& by_table);

}  // namespace terrarium::services::dynamodb
