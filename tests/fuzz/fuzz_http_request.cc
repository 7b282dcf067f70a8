// Raw bytes -> the server's request parser -> the router -> the codec of the service it picked: the
// whole path a request takes before any handler runs.
#include <algorithm>

#include "emulator/core/router.h"
#include "tests/fuzz/fuzz_support.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace terrarium;
  auto request = fuzz::ParseHttpRequest(fuzz::AsText(data, size));
  if (!request) return 0;
  try {
    Route route = RouteRequest(*request);
    // As the dispatcher does: a service without a model is answered before any codec runs.
    const auto& known = models::ServiceNames();
    if (std::find(known.begin(), known.end(), route.service) != known.end()) {
      fuzz::DecodeFor(route.service, *request);
    }
  } catch (const AwsError&) {
  }
  return 0;
}
