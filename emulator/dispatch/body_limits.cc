#include "emulator/dispatch/body_limits.h"

#include <string>

namespace terrarium::dispatch {
namespace {

// S3: a single PUT (PutObject, UploadPart) is at most 5 GiB. An aws-chunked body carries chunk
// signatures beside the object, so its length is checked against the decoded length it declares
// and the framing gets room (about 90 bytes per chunk, chunks of 8 KiB or more).
constexpr uint64_t kS3MaxObject = 5ULL << 30;
constexpr uint64_t kS3ChunkFraming = 64ULL << 20;
// Lambda: Invoke's payload (6 MB plus AWS's 100 bytes of slack, as its message says), and the
// request carrying a 50 MB zip base64-encoded (CreateFunction, UpdateFunctionCode).
constexpr uint64_t kLambdaInvoke = 6291556;
constexpr uint64_t kLambdaCode = 70167211;
// DynamoDB: 16 MiB per request (BatchWriteItem's documented limit).
constexpr uint64_t kDynamoDbRequest = 16ULL << 20;
// SQS: a message (attributes included) is at most 1 MiB, and so is a batch's total; query
// encoding can triple it (%XX per byte), plus the parameters' names.
constexpr uint64_t kSqsMessage = 1ULL << 20;
constexpr uint64_t kSqsRequest = 3 * kSqsMessage + (64 << 10);

std::optional<uint64_t> ParseLength(std::string_view text) {
  if (text.empty() || text.size() > 19) return std::nullopt;
  uint64_t value = 0;
  for (char c : text) {
    if (c < '0' || c > '9') return std::nullopt;
    value = value * 10 + static_cast<uint64_t>(c - '0');
  }
  return value;
}

BodyLimit S3Limit(const HttpRequest& head) {
  auto decoded = ParseLength(head.header("x-amz-decoded-content-length"));
  uint64_t max_bytes = kS3MaxObject;
  if (decoded) max_bytes = *decoded > kS3MaxObject ? 0 : kS3MaxObject + kS3ChunkFraming;
  return {max_bytes, [decoded](std::optional<uint64_t> size) {
            AwsError error("EntityTooLarge",
                           "Your proposed upload exceeds the maximum allowed size", 400);
            if (decoded) size = decoded;
            if (size) error.With("ProposedSize", std::to_string(*size));
            error.With("MaxSizeAllowed", std::to_string(kS3MaxObject));
            return error;
          }};
}

// Lambda's own message: "Request must be smaller than N bytes for the X operation".
BodyLimit LambdaLimit(uint64_t max_bytes, std::string operation) {
  return {max_bytes, [max_bytes, operation = std::move(operation)](std::optional<uint64_t>) {
            return AwsError("RequestTooLargeException",
                            "Request must be smaller than " + std::to_string(max_bytes) +
                                " bytes for the " + operation + " operation",
                            413);
          }};
}

std::optional<BodyLimit> LambdaOperationLimit(const HttpRequest& head) {
  std::string_view path = head.path;
  if (!path.starts_with("/2015-03-31/functions")) return std::nullopt;
  if (head.method == "POST" && path.ends_with("/invocations")) {
    return LambdaLimit(kLambdaInvoke, "InvokeFunction");
  }
  if (head.method == "POST" &&
      (path == "/2015-03-31/functions" || path == "/2015-03-31/functions/")) {
    return LambdaLimit(kLambdaCode, "CreateFunction");
  }
  if (head.method == "PUT" && path.ends_with("/code")) {
    return LambdaLimit(kLambdaCode, "UpdateFunctionCode");
  }
  return std::nullopt;
}

}  // namespace

BodyLimit BodyLimitFor(std::string_view service, const HttpRequest& head, uint64_t general_limit) {
  if (service == "s3") return S3Limit(head);
  if (service == "lambda") {
    if (auto limit = LambdaOperationLimit(head)) return *limit;
  }
  if (service == "dynamodb") {
    return {kDynamoDbRequest, [](std::optional<uint64_t>) {
              return ValidationError("Request size exceeds the maximum allowed size of " +
                                     std::to_string(kDynamoDbRequest) + " bytes");
            }};
  }
  if (service == "sqs") {
    return {kSqsRequest, [](std::optional<uint64_t>) {
              return AwsError("InvalidParameterValue",
                              "One or more parameters are invalid. Reason: Message must be "
                              "shorter than " +
                                  std::to_string(kSqsMessage) + " bytes.",
                              400);
            }};
  }
  return {general_limit, [general_limit](std::optional<uint64_t> size) {
            std::string message = "The request body exceeds the maximum allowed size of " +
                                  std::to_string(general_limit) + " bytes";
            if (size) message += " (" + std::to_string(*size) + " bytes sent)";
            return AwsError("RequestEntityTooLarge", message, 413);
          }};
}

}  // namespace terrarium::dispatch
