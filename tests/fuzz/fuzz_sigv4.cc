// SigV4/SigV2 Authorization headers and presigned X-Amz-Credential values, then the same bytes
// as a presigned query string through the router (which percent-decodes and parses it).
#include "emulator/core/router.h"
#include "emulator/core/sigv4.h"
#include "tests/fuzz/fuzz_support.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace terrarium;
  std::string_view text = fuzz::AsText(data, size);
  ParseAuthorizationHeader(text);
  ParseCredential(text);
  HttpRequest presigned;
  presigned.method = "GET";
  presigned.target = "/bucket/key?" + std::string(text);
  presigned.SplitTarget();
  HttpRequest signed_header;
  signed_header.method = "POST";
  signed_header.target = "/";
  signed_header.SplitTarget();
  signed_header.headers.emplace("Authorization", std::string(text));
  try {
    RouteRequest(presigned);
    RouteRequest(signed_header);
  } catch (const AwsError&) {
  }
  return 0;
}
