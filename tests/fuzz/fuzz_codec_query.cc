// A raw HTTP request decoded by each query-protocol codec: STS, IAM and SQS (whose query form
// ProtocolOf picks from the Content-Type).
#include "tests/fuzz/fuzz_support.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  terrarium::fuzz::FuzzRequestTo({"sts", "iam", "sqs"}, data, size);
  return 0;
}
