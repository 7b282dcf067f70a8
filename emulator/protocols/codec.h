// A wire protocol: turns an HTTP request into (operation, input document) and an output document
// or error back into an HTTP response, exactly as AWS does for that protocol. Codecs know the
// model and the wire; they know nothing of what operations do.
#pragma once

#include <memory>
#include <string_view>

#include <nlohmann/json.hpp>

#include "emulator/core/aws_error.h"
#include "emulator/core/http_message.h"
#include "emulator/core/request_context.h"
#include "emulator/models/service_model.h"

namespace terrarium::protocols {

struct DecodedRequest {
  const models::Operation* operation = nullptr;
  nlohmann::json input = nlohmann::json::object();
};

class Codec {
 public:
  virtual ~Codec() = default;

  // Finds the operation and parses the input shape. A blob payload member is not copied into
  // `input`: it is moved into `ctx.request_payload`. Throws AwsError for unknown operations
  // and malformed input (as the real service reports them).
  virtual DecodedRequest Decode(HttpRequest& request, RequestContext& ctx) const = 0;

  // Serializes the output shape (and `ctx.response_payload`, `ctx.response_status`).
  virtual HttpResponse EncodeOutput(const models::Operation& operation,
                                    const nlohmann::json& output, RequestContext& ctx) const = 0;

  // Serializes an error in the protocol's error shape. `operation` may be null (the request
  // never resolved to one). `head` is true for HEAD requests (no body).
  virtual HttpResponse EncodeError(const AwsError& error, const models::Operation* operation,
                                   const RequestContext& ctx, bool head) const = 0;
};

// The codec for `protocol` ("rest-xml", "json", "query", "rest-json") bound to `model`.
std::unique_ptr<Codec> MakeCodec(std::string_view protocol, const models::ServiceModel& model);

// The protocol a request to `model` speaks: the model's, except that services which accept
// two (SQS: json and query) are told apart by the request's Content-Type / X-Amz-Target.
std::string_view ProtocolOf(const HttpRequest& request, const models::ServiceModel& model);

}  // namespace terrarium::protocols
