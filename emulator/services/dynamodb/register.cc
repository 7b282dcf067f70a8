#include "emulator/services/dynamodb/dynamodb.h"
#include "emulator/services/dynamodb/ops.h"
#include "emulator/services/dynamodb/stream_log.h"
#include "emulator/services/dynamodb/ttl.h"

namespace terrarium::services::dynamodb {

void Register(dispatch::OperationTable& table) {
  table.ValidateWithModel("dynamodb", "ValidationException");
  table.Register("dynamodb", {
                                 {"CreateTable", &CreateTable},
                                 {"DescribeTable", &DescribeTable},
                                 {"UpdateTable", &UpdateTable},
                                 {"DeleteTable", &DeleteTable},
                                 {"ListTables", &ListTables},
                                 {"DescribeTimeToLive", &DescribeTimeToLive},
                                 {"UpdateTimeToLive", &UpdateTimeToLive},
                                 {"DescribeContinuousBackups", &DescribeContinuousBackups},
                                 {"UpdateContinuousBackups", &UpdateContinuousBackups},
                                 {"DescribeEndpoints", &DescribeEndpoints},
                                 {"DescribeLimits", &DescribeLimits},
                                 {"TagResource", &TagResource},
                                 {"UntagResource", &UntagResource},
                                 {"ListTagsOfResource", &ListTagsOfResource},
                                 {"PutItem", &PutItem},
                                 {"GetItem", &GetItem},
                                 {"DeleteItem", &DeleteItem},
                                 {"UpdateItem", &UpdateItem},
                                 {"Query", &Query},
                                 {"Scan", &Scan},
                                 {"BatchGetItem", &BatchGetItem},
                                 {"BatchWriteItem", &BatchWriteItem},
                                 {"TransactGetItems", &TransactGetItems},
                                 {"TransactWriteItems", &TransactWriteItems},
                                 {"ExecuteStatement", &ExecuteStatement},
                                 {"BatchExecuteStatement", &BatchExecuteStatement},
                                 {"ExecuteTransaction", &ExecuteTransaction},
                             });
}

size_t RunMaintenance(storage::Store& store, double now) {
  return SweepExpiredItems(store, now) + TrimStreams(store, now);
}

}  // namespace terrarium::services::dynamodb
