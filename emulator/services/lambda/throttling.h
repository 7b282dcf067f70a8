// Lambda's throttling error (TooManyRequestsException, 429), as AWS answers an Invoke past a
// concurrency limit: message "Rate Exceeded.", a Reason from the model's ThrottleReason and a
// Retry-After header.
#pragma once

#include <string>

#include "emulator/core/aws_error.h"

namespace terrarium::services::lambda {

inline AwsError TooManyRequests(const std::string& reason) {
  AwsError error("TooManyRequestsException", "Rate Exceeded.", 429);
  error.With("Type", "User").With("Reason", reason).With("retryAfterSeconds", "1");
  return error;
}

}  // namespace terrarium::services::lambda
