// DynamoDB operations, named after the AWS operations they implement; grouped by resource in
// table_ops.cc, item_ops.cc, query_ops.cc, batch_ops.cc and transaction_ops.cc.
#pragma once

#include <nlohmann/json.hpp>

#include "emulator/core/request_context.h"

namespace terrarium::services::dynamodb {

#define TERRARIUM_DYNAMODB_OP(name) \
  nlohmann::json name(RequestContext& ctx, const nlohmann::json& input);

// table_ops.cc
TERRARIUM_DYNAMODB_OP(CreateTable)
TERRARIUM_DYNAMODB_OP(DescribeTable)
TERRARIUM_DYNAMODB_OP(UpdateTable)
TERRARIUM_DYNAMODB_OP(DeleteTable)
TERRARIUM_DYNAMODB_OP(ListTables)
TERRARIUM_DYNAMODB_OP(DescribeTimeToLive)
TERRARIUM_DYNAMODB_OP(UpdateTimeToLive)
TERRARIUM_DYNAMODB_OP(DescribeContinuousBackups)
TERRARIUM_DYNAMODB_OP(UpdateContinuousBackups)
TERRARIUM_DYNAMODB_OP(DescribeEndpoints)
TERRARIUM_DYNAMODB_OP(DescribeLimits)
// tag_ops.cc
TERRARIUM_DYNAMODB_OP(TagResource)
TERRARIUM_DYNAMODB_OP(UntagResource)
TERRARIUM_DYNAMODB_OP(ListTagsOfResource)
// item_ops.cc
TERRARIUM_DYNAMODB_OP(PutItem)
TERRARIUM_DYNAMODB_OP(GetItem)
TERRARIUM_DYNAMODB_OP(DeleteItem)
TERRARIUM_DYNAMODB_OP(UpdateItem)
// query_ops.cc
TERRARIUM_DYNAMODB_OP(Query)
TERRARIUM_DYNAMODB_OP(Scan)
// batch_ops.cc
TERRARIUM_DYNAMODB_OP(BatchGetItem)
TERRARIUM_DYNAMODB_OP(BatchWriteItem)
// transaction_ops.cc
TERRARIUM_DYNAMODB_OP(TransactGetItems)
TERRARIUM_DYNAMODB_OP(TransactWriteItems)

// partiql_ops.cc
TERRARIUM_DYNAMODB_OP(ExecuteStatement)
TERRARIUM_DYNAMODB_OP(BatchExecuteStatement)
TERRARIUM_DYNAMODB_OP(ExecuteTransaction)

#undef TERRARIUM_DYNAMODB_OP

}  // namespace terrarium::services::dynamodb
