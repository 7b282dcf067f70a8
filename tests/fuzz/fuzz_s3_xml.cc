// S3 XML request bodies: the first byte picks the operation (tagging, lifecycle, CORS,
// notification, delete-objects), the rest is its body, decoded by the rest-xml codec.
#include <array>

#include "tests/fuzz/fuzz_support.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace terrarium;
  static constexpr std::array<const char*, 5> kTargets = {
      "PUT /b?tagging", "PUT /b?lifecycle", "PUT /b?cors", "PUT /b?notification", "POST /b?delete"};
  if (size == 0) return 0;
  std::string_view target = kTargets[data[0] % kTargets.size()];
  HttpRequest request;
  request.method = std::string(target.substr(0, target.find(' ')));
  request.target = std::string(target.substr(target.find(' ') + 1));
  request.SplitTarget();
  request.headers.emplace("Host", "localhost");
  request.body = Body::FromString(std::string(fuzz::AsText(data + 1, size - 1)));
  fuzz::DecodeFor("s3", request);
  return 0;
}
