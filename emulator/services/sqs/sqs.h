// SQS: standard and FIFO queues, messages, long polling, dead-letter queues.
#pragma once

#include "emulator/dispatch/operation_table.h"

namespace terrarium::services::sqs {

void Register(dispatch::OperationTable& table);

}  // namespace terrarium::services::sqs
