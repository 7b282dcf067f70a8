// AWS JSON 1.0 / 1.1 (DynamoDB, DynamoDB Streams, SQS): every request is a POST to "/" naming
// its operation in X-Amz-Target; input and output are JSON documents; errors are
// {"__type": ..., "message": ...} with the type also in X-Amzn-ErrorType.
#include <string>

#include "emulator/core/encoding.h"
#include "emulator/protocols/codecs.h"
#include "emulator/protocols/error_wire.h"
#include "emulator/protocols/json_body.h"

namespace terrarium::protocols {
namespace {

using nlohmann::json;

class JsonCodec final : public Codec {
 public:
  explicit JsonCodec(const models::ServiceModel& model)
      : model_(model), content_type_("application/x-amz-json-" + model.json_version) {}

  DecodedRequest Decode(HttpRequest& request, RequestContext& ctx) const override {
    DecodedRequest decoded;
    decoded.operation = FindOperation(request.header("X-Amz-Target"));
    json body = ParseJsonBody(request.body.in_file() ? request.body.ReadAll()
                                                     : std::string_view(request.body.data()));
    if (decoded.operation->input != nullptr) {
      decoded.input = ReadJsonStructure(*decoded.operation->input, std::move(body), false);
    }
    return decoded;
  }

  HttpResponse EncodeOutput(const models::Operation& operation, const json& output,
                            RequestContext& ctx) const override {
    // A handler that holds its output as JSON text already (DynamoDB's stored items) answers
    // with the whole body in `ctx.response_payload`: it goes out as it is, never parsed into a
    // document and serialized again. (Dispatcher::Invoke reads it back for in-process callers.)
    if (!ctx.response_payload.empty()) {
      return Respond(ctx.response_status != 0 ? ctx.response_status : 200,
                     std::move(ctx.response_payload), ctx);
    }
    json body = operation.output != nullptr ? WriteJsonStructure(*operation.output, output, false)
                                            : json::object();
    return Respond(ctx.response_status != 0 ? ctx.response_status : 200, DumpJson(body), ctx);
  }

  HttpResponse EncodeError(const AwsError& error, const models::Operation*,
                           const RequestContext& ctx, bool head) const override {
    ErrorWire wire = ResolveError(model_, error);
    json body =
        wire.shape != nullptr ? WriteJsonStructure(*wire.shape, error.extra, false) : error.extra;
    if (!body.is_object()) body = json::object();
    body["__type"] = wire.json_type.empty() ? model_.json_error_prefix + wire.code : wire.json_type;
    body[MessageKey(wire.shape)] = error.message;
    HttpResponse response = Respond(wire.status, head ? std::string() : DumpJson(body), ctx);
    response.headers["X-Amzn-ErrorType"] = wire.code;
    // Query-compatible services (SQS) tell SDKs the legacy query code; they prefer it to __type.
    if (model_.aws_query_compatible) {
      response.headers["x-amzn-query-error"] =
          wire.legacy_code + (wire.sender_fault ? ";Sender" : ";Receiver");
    }
    return response;
  }

 private:
  // "DynamoDB_20120810.PutItem" -> PutItem; anything else is UnknownOperationException.
  const models::Operation* FindOperation(std::string_view target) const {
    auto dot = target.rfind('.');
    const models::Operation* operation = nullptr;
    if (dot != std::string_view::npos && target.substr(0, dot) == model_.target_prefix) {
      operation = model_.FindOperation(target.substr(dot + 1));
    }
    if (operation == nullptr) {
      throw AwsError("UnknownOperationException",
                     target.empty() ? "Missing X-Amz-Target header"
                                    : "Unknown operation " + std::string(target),
                     400);
    }
    return operation;
  }

  HttpResponse Respond(int status, std::string body, const RequestContext& ctx) const {
    return Respond(status, Body::FromString(std::move(body)), ctx);
  }

  HttpResponse Respond(int status, Body body, const RequestContext& ctx) const {
    HttpResponse response;
    response.status = status;
    response.headers["Content-Type"] = content_type_;
    response.headers["x-amzn-RequestId"] = ctx.request_id;
    // botocore checks DynamoDB responses against this CRC32 of the body and retries on mismatch.
    if (model_.name == "dynamodb") {
      response.headers["x-amz-crc32"] = std::to_string(Crc32(body.data()));
    }
    response.body = std::move(body);
    return response;
  }

  const models::ServiceModel& model_;
  std::string content_type_;
};

}  // namespace

std::unique_ptr<Codec> MakeJsonCodec(const models::ServiceModel& model) {
  return std::make_unique<JsonCodec>(model);
}

}  // namespace terrarium::protocols
