// Time to live: items whose TTL attribute (a number of epoch seconds) is in the past are gone.
// Reads treat them as absent at once; writes that meet one delete it first; a sweep deletes the
// rest. Every deletion emits the REMOVE stream record AWS's TTL emits (userIdentity of the
// DynamoDB service).
#pragma once

#include <cstddef>

#include <nlohmann/json.hpp>

#include "emulator/services/dynamodb/item_text.h"
#include "emulator/services/dynamodb/table_store.h"
#include "emulator/storage/store.h"

namespace terrarium::services::dynamodb {

// Whether `item` has expired at `now` under the table's TTL setting. As on AWS, values more
// than five years in the past do not expire an item.
bool IsExpired(const TableInfo& table, const nlohmann::json& item, double now);
// The same for an item read as text (the ttl attribute of `item` must be the table's).
bool IsExpired(const TableInfo& table, StoredItem& item, double now);
// Deletes an expired item as the TTL process does.
void ExpireItem(storage::WriteTxn& txn, const TableInfo& table, const nlohmann::json& item,
                double now);
// Deletes every expired item of every table with TTL enabled; returns how many.
size_t SweepExpiredItems(storage::Store& store, double now);

}  // namespace terrarium::services::dynamodb
