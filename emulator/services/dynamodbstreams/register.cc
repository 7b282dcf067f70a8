#include "emulator/services/dynamodbstreams/dynamodbstreams.h"
#include "emulator/services/dynamodbstreams/stream_ops.h"

namespace terrarium::services::dynamodbstreams {

void Register(dispatch::OperationTable& table) {
  table.ValidateWithModel("dynamodbstreams", "ValidationException");
  table.Register("dynamodbstreams", {
                                        {"ListStreams", &ListStreams},
                                        {"DescribeStream", &DescribeStream},
                                        {"GetShardIterator", &GetShardIterator},
                                        {"GetRecords", &GetRecords},
                                    });
}

}  // namespace terrarium::services::dynamodbstreams
