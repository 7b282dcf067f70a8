// A raw HTTP request decoded by the codec of S3 (rest-xml).
#include "tests/fuzz/fuzz_support.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  terrarium::fuzz::FuzzRequestTo({"s3"}, data, size);
  return 0;
}
