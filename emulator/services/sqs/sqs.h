// SQS: standard and FIFO queues, messages, long polling, dead-letter queues.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "emulator/dispatch/operation_table.h"
#include "emulator/storage/store.h"

namespace terrarium::services::sqs {

void Register(dispatch::OperationTable& table);

// Background upkeep: advances running message move tasks. Returns the long-poll wait keys of
// the queues that received messages, for the caller to wake.
std::vector<std::string> RunMaintenance(storage::Store& store, int64_t now_ms);

}  // namespace terrarium::services::sqs
