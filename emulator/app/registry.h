// Which services Terrarium serves: every service registers its handlers here.
#pragma once

#include "emulator/core/clock.h"
#include "emulator/dispatch/operation_table.h"
#include "emulator/storage/store.h"

namespace terrarium::app {

void RegisterServices(dispatch::OperationTable& table);

// Background upkeep of every service (DynamoDB's TTL deletions); the server runs it every
// second, tests call it directly with a manual clock.
void RunMaintenance(storage::Store& store, const Clock& clock);

}  // namespace terrarium::app
