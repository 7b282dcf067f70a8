// rest-json (Lambda): the operation comes from the method, URI template and query; members travel
// in the URI, query, headers and a JSON body (or a payload member that is the whole body); errors
// are {"Type": "User", "message": ...} with the code in X-Amzn-ErrorType.
#include <string>

#include "emulator/core/encoding.h"
#include "emulator/protocols/codecs.h"
#include "emulator/protocols/error_wire.h"
#include "emulator/protocols/json_body.h"
#include "emulator/protocols/rest_binding.h"

namespace terrarium::protocols {
namespace {

using models::ShapeType;
using nlohmann::json;

constexpr char kContentType[] = "application/json";

class RestJsonCodec final : public Codec {
 public:
  explicit RestJsonCodec(const models::ServiceModel& model) : model_(model) {}

  DecodedRequest Decode(HttpRequest& request, RequestContext& ctx) const override {
    QueryParams query = ParseQuery(request.query);
    DecodedRequest decoded;
    decoded.operation =
        MatchRestOperation(model_, request.method, request.path, query, request.headers);
    if (decoded.operation == nullptr) {
      throw AwsError("UnknownOperationException",
                     "No operation matches " + request.method + " " + request.path, 404);
    }
    try {
      DecodeRestLocations(*decoded.operation, request.path, query, request.headers, decoded.input);
      if (decoded.operation->input != nullptr) {
        DecodeBody(*decoded.operation->input, request, ctx, decoded.input);
      }
    } catch (const AwsError& error) {
      // Lambda reports unreadable bodies and headers as InvalidRequestContentException.
      if (error.code != "SerializationException" ||
          model_.FindError("InvalidRequestContentException") == nullptr) {
        throw;
      }
      throw AwsError("InvalidRequestContentException",
                     "Could not parse request body into json: " + error.message);
    }
    return decoded;
  }

  HttpResponse EncodeOutput(const models::Operation& operation, const json& output,
                            RequestContext& ctx) const override {
    HttpResponse response = Start(ctx);
    int status = 0;
    std::string body;
    if (const models::Shape* shape = operation.output) {
      status = EncodeRestLocations(*shape, output, response.headers);
      const models::Member* payload = shape->PayloadMember();
      if (payload == nullptr) {
        body = WriteJsonText(*shape, output, true);
      } else if (IsRawPayload(*payload)) {
        response.body = RawPayloadBody(*payload, output, ctx);
      } else if (auto it = output.find(payload->name); it != output.end() && !it->is_null()) {
        body = WriteJsonText(*payload->shape, *it, false);
      }
    }
    if (ctx.response_status != 0) status = ctx.response_status;
    response.status = status != 0 ? status : operation.http.response_code;
    if (response.status != 204 && response.status != 304 && !body.empty()) {
      response.body = Body::FromString(std::move(body));
    }
    return response;
  }

  HttpResponse EncodeError(const AwsError& error, const models::Operation*,
                           const RequestContext& ctx, bool head) const override {
    ErrorWire wire = ResolveError(model_, error);
    HttpResponse response = Start(ctx);
    response.status = wire.status;
    response.headers["X-Amzn-ErrorType"] = wire.code;
    json body = error.extra;
    if (wire.shape != nullptr) {
      EncodeRestLocations(*wire.shape, error.extra, response.headers);
      body = WriteJsonStructure(*wire.shape, error.extra, true);
    }
    if (!body.is_object()) body = json::object();
    if (!body.contains("Type")) body["Type"] = wire.sender_fault ? "User" : "Service";
    body[MessageKey(wire.shape)] = error.message;
    if (!head) response.body = Body::FromString(DumpJson(body));
    return response;
  }

 private:
  static void DecodeBody(const models::Shape& input, HttpRequest& request, RequestContext& ctx,
                         json& document) {
    if (TakeRawPayload(input, request, ctx, document)) return;
    const models::Member* payload = input.PayloadMember();
    std::string text = request.body.ReadAll();
    if (payload != nullptr) {
      if (text.empty()) return;
      document[payload->name] = ReadJsonStructure(*payload->shape, ParseJsonBody(text), false);
      return;
    }
    json members = ReadJsonStructure(input, ParseJsonBody(text), true);
    for (auto& [name, value] : members.items()) document[name] = std::move(value);
  }

  static HttpResponse Start(const RequestContext& ctx) {
    HttpResponse response;
    response.headers["Content-Type"] = kContentType;
    response.headers["x-amzn-RequestId"] = ctx.request_id;
    return response;
  }

  const models::ServiceModel& model_;
};

}  // namespace

std::unique_ptr<Codec> MakeRestJsonCodec(const models::ServiceModel& model) {
  return std::make_unique<RestJsonCodec>(model);
}

}  // namespace terrarium::protocols
