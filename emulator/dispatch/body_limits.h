// The largest request body each service accepts, decided from the request's head (before any of
// the body is read), and the error the service answers beyond it.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string_view>

#include "emulator/core/aws_error.h"
#include "emulator/core/http_message.h"

namespace terrarium::dispatch {

struct BodyLimit {
  uint64_t max_bytes = 0;
  // The service's error for a larger body; `size` is the declared length when there is one
  // (a chunked body is refused as soon as it passes max_bytes, its size unknown).
  std::function<AwsError(std::optional<uint64_t> size)> error;
};

// `general_limit` applies to the services and operations without a limit of their own.
BodyLimit BodyLimitFor(std::string_view service, const HttpRequest& head, uint64_t general_limit);

}  // namespace terrarium::dispatch
