// aws-chunked upload bodies. The first byte sets the size of the pieces the rest is fed in, so
// the decoder's state carried across Feed calls is fuzzed too.
#include "emulator/services/s3/aws_chunked.h"
#include "tests/fuzz/fuzz_support.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace terrarium;
  if (size == 0) return 0;
  size_t piece = data[0] % 32 + 1;
  std::string_view body = fuzz::AsText(data + 1, size - 1);
  services::s3::AwsChunkedDecoder decoder;
  uint64_t seen = 0;
  auto sink = [&](std::string_view decoded) { seen += decoded.size(); };
  try {
    for (size_t at = 0; at < body.size(); at += piece) decoder.Feed(body.substr(at, piece), sink);
    decoder.Finish();
  } catch (const AwsError&) {
    return 0;
  }
  if (seen != decoder.decoded_size() || seen > body.size()) __builtin_trap();
  return 0;
}
