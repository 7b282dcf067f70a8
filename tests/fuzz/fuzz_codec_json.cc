// A raw HTTP request decoded by each json-protocol codec: DynamoDB, DynamoDB Streams and SQS
// (whose json form ProtocolOf picks from X-Amz-Target).
#include "tests/fuzz/fuzz_support.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  terrarium::fuzz::FuzzRequestTo({"dynamodb", "dynamodbstreams", "sqs"}, data, size);
  return 0;
}
