// A raw HTTP request decoded by the codec of Lambda (rest-json).
#include "tests/fuzz/fuzz_support.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  terrarium::fuzz::FuzzRequestTo({"lambda"}, data, size);
  return 0;
}
