// DynamoDB: tables, items, queries, batches and transactions over the store.
#pragma once

#include "emulator/dispatch/operation_table.h"

namespace terrarium::services::dynamodb {

void Register(dispatch::OperationTable& table);

}  // namespace terrarium::services::dynamodb
