// The one exception a handler throws. The dispatcher catches it and the codec of the service's
// protocol renders it in that protocol's error shape.
#pragma once

#include <stdexcept>
#include <string>

#include <nlohmann/json.hpp>

namespace terrarium {

struct AwsError : std::exception {
  // The error's shape name in the model (e.g. "QueueDoesNotExist", "NoSuchBucket") or a common
  // code ("ValidationException"). Codecs map it to wire codes via the model and overrides.
  std::string code;
  // HTTP status; 0 means "take it from the model/overrides, else 400".
  int status = 0;
  std::string message;
  bool sender_fault = true;
  // Extra fields some protocols serialize beside Code and Message (S3's <BucketName>, <Key>).
  nlohmann::json extra = nlohmann::json::object();

  AwsError(std::string code, std::string message, int status = 0)
      : code(std::move(code)), status(status), message(std::move(message)) {}

  AwsError& With(const std::string& field, nlohmann::json value) {
    extra[field] = std::move(value);
    return *this;
  }

  const char* what() const noexcept override { return message.c_str(); }
};

// Errors shared by every service.
inline AwsError ValidationError(std::string message) {
  return AwsError("ValidationException", std::move(message), 400);
}
inline AwsError InternalError(std::string message) {
  AwsError error("InternalFailure", std::move(message), 500);
  error.sender_fault = false;
  return error;
}
inline AwsError NotImplementedError(const std::string& service, const std::string& operation) {
  AwsError error("NotImplemented",
                 "The operation " + operation + " of service " + service +
                     " is not implemented by Terrarium yet",
                 501);
  error.sender_fault = false;
  return error;
}

}  // namespace terrarium
