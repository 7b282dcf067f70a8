// DynamoDB Streams: reads the change records DynamoDB's item writes append (see
// services/dynamodb/stream_log.h).
#pragma once

#include "emulator/dispatch/operation_table.h"

namespace terrarium::services::dynamodbstreams {

void Register(dispatch::OperationTable& table);

}  // namespace terrarium::services::dynamodbstreams
