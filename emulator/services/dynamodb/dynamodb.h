// DynamoDB: tables, items, queries, batches and transactions over the store.
#pragma once

#include <cstddef>

#include "emulator/dispatch/operation_table.h"
#include "emulator/storage/store.h"

namespace terrarium::services::dynamodb {

void Register(dispatch::OperationTable& table);

// Background upkeep: deletes items whose time to live has passed and stream records past
// their 24-hour retention. Returns how many.
size_t RunMaintenance(storage::Store& store, double now);

}  // namespace terrarium::services::dynamodb
