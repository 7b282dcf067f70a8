// rest-xml (S3): the operation comes from the method, the path-style URI and its query literals;
// members travel in the URI, query, headers and an XML body: a structure payload member is the
// whole document (CreateBucketConfiguration, Delete, Tagging), a blob payload (PutObject's Body)
// is the raw body and travels beside the document in RequestContext. Responses are XML documents
// in S3's namespace whose root is named by the output shape (overrides/s3.json gives S3's names:
// ListBucketResult, ListAllMyBucketsResult, ...); errors are a bare <Error> with S3's extra
// fields, RequestId and HostId; HEAD errors are the status alone.
// Request XML is parsed by pugixml, which expands no entities beyond the five XML ones and
// character references; a DOCTYPE is refused as MalformedXML, so no DTD is ever read.
#include <algorithm>
#include <cctype>
#include <string>

#include "emulator/core/encoding.h"
#include "emulator/protocols/codecs.h"
#include "emulator/protocols/error_wire.h"
#include "emulator/protocols/rest_binding.h"
#include "emulator/protocols/shape_text.h"
#include "emulator/protocols/xml_shape.h"
#include "emulator/protocols/xml_writer.h"

namespace terrarium::protocols {
namespace {

using models::Member;
using models::Shape;
using models::ShapeType;
using nlohmann::json;

constexpr char kXmlContentType[] = "application/xml";

AwsError MalformedXml() {
  return AwsError("MalformedXML",
                  "The XML you provided was not well-formed or did not validate against our "
                  "published schema",
                  400);
}

const XmlReadError& MalformedXmlRead() {
  static const XmlReadError kError{"MalformedXML", MalformedXml().message};
  return kError;
}

bool IsBlank(const std::string& text) {
  return std::all_of(text.begin(), text.end(),
                     [](char c) { return std::isspace(static_cast<unsigned char>(c)); });
}

// Reads `text` as the XML document of structure `shape` (its root's name is not checked: clients
// name it after the payload member, and S3 keys on the operation, not the element).
json ReadXmlBody(const std::string& text, const Shape& shape) {
  pugi::xml_document document;
  pugi::xml_parse_result parsed = document.load_buffer(text.data(), text.size(), kXmlParseOptions);
  if (!parsed || HasDoctype(document) || !document.document_element()) throw MalformedXml();
  return ReadXmlStructure(document.document_element(), shape, MalformedXmlRead());
}

bool IsBodyMember(const Member& member) { return member.location == models::Location::kBody; }

// The member that is the whole document when S3 answers unwrapped XML (GetBucketLocation's
// <LocationConstraint>region</LocationConstraint>): the only body member, a scalar named as the
// root.
const Member* UnwrappedMember(const Shape& output, const std::string& root) {
  const Member* found = nullptr;
  for (const Member& member : output.members) {
    if (!IsBodyMember(member)) continue;
    if (found != nullptr) return nullptr;
    found = &member;
  }
  if (found == nullptr || XmlName(*found) != root) return nullptr;
  ShapeType type = found->shape->type;
  bool scalar =
      type != ShapeType::kStructure && type != ShapeType::kList && type != ShapeType::kMap;
  return scalar ? found : nullptr;
}

// S3's extra error fields (<BucketName>, <Key>, <Condition>...): scalars as text, objects as
// nested elements, arrays as repeated elements.
void WriteExtra(XmlWriter& out, const std::string& name, const json& value) {
  if (value.is_null()) return;
  if (value.is_array()) {
    for (const json& item : value) WriteExtra(out, name, item);
  } else if (value.is_object()) {
    out.Open(name);
    for (const auto& [key, item] : value.items()) WriteExtra(out, key, item);
    out.Close();
  } else {
    out.Element(name, value.is_string() ? value.get<std::string>() : value.dump());
  }
}

bool IsHeaderMember(const Shape* shape, const std::string& name) {
  const Member* member = shape == nullptr ? nullptr : shape->FindMember(name);
  return member != nullptr && member->location == models::Location::kHeader;
}

class RestXmlCodec final : public Codec {
 public:
  explicit RestXmlCodec(const models::ServiceModel& model) : model_(model) {}

  DecodedRequest Decode(HttpRequest& request, RequestContext& ctx) const override {
    QueryParams query = ParseQuery(request.query);
    DecodedRequest decoded;
    decoded.operation =
        MatchRestOperation(model_, request.method, request.path, query, request.headers);
    if (decoded.operation == nullptr) {
      throw AwsError("MethodNotAllowed",
                     "The specified method is not allowed against this resource.", 405)
          .With("Method", request.method)
          .With("ResourceType",
                request.path.find('/', 1) == std::string::npos ? "BUCKET" : "OBJECT");
    }
    try {
      DecodeRestLocations(*decoded.operation, request.path, query, request.headers, decoded.input);
    } catch (const AwsError& error) {
      if (error.code != "SerializationException") throw;
      // S3 names the offending argument beside the message.
      AwsError invalid("InvalidArgument", error.message, 400);
      invalid.extra = error.extra;
      throw invalid;
    }
    if (decoded.operation->input != nullptr) {
      DecodeBody(*decoded.operation->input, request, ctx, decoded.input);
    }
    return decoded;
  }

  HttpResponse EncodeOutput(const models::Operation& operation, const json& output,
                            RequestContext& ctx) const override {
    HttpResponse response = Start(ctx);
    int status = 0;
    std::string xml;
    if (const Shape* shape = operation.output) {
      status = EncodeRestLocations(*shape, output, response.headers);
      const Member* payload = shape->PayloadMember();
      if (payload == nullptr && !ctx.response_payload.empty()) {
        // The whole XML body, written by the handler itself over HTTP (S3's listings write a
        // thousand entries straight from the stored rows instead of through this model walk).
        response.headers["Content-Type"] = kXmlContentType;
        response.body = std::move(ctx.response_payload);
      } else if (payload == nullptr) {
        xml = WriteDocument(*shape, output);
      } else if (IsRawPayload(*payload)) {
        response.body = RawPayloadBody(*payload, output, ctx);
      } else if (auto it = output.find(payload->name); it != output.end() && !it->is_null()) {
        XmlWriter out;
        out.Open(XmlName(*payload), model_.xml_namespace);
        WriteXmlAttributes(out, *payload->shape, *it);
        WriteXmlMembers(out, *payload->shape, *it);
        xml = out.Finish();
      }
    }
    if (ctx.response_status != 0) status = ctx.response_status;
    response.status = status != 0 ? status : operation.http.response_code;
    if (!xml.empty() && response.status != 204 && response.status != 304) {
      response.headers["Content-Type"] = kXmlContentType;
      response.body = Body::FromString(std::move(xml));
    }
    return response;
  }

  HttpResponse EncodeError(const AwsError& error, const models::Operation*,
                           const RequestContext& ctx, bool head) const override {
    ErrorWire wire = ResolveError(model_, error);
    HttpResponse response = Start(ctx);
    response.status = wire.status;
    // Header members of the error's shape (S3's x-amz-delete-marker on a NoSuchKey) go in
    // headers, HEAD answers included; every other extra field is an element of <Error>.
    if (wire.shape != nullptr) EncodeRestLocations(*wire.shape, error.extra, response.headers);
    // HEAD answers carry no body, and neither does 304 Not Modified.
    if (head || wire.status == 304) return response;
    XmlWriter out;
    out.Open("Error").Element("Code", wire.legacy_code).Element("Message", error.message);
    if (error.extra.is_object()) {
      for (const auto& [key, value] : error.extra.items()) {
        if (!IsHeaderMember(wire.shape, key)) WriteExtra(out, key, value);
      }
    }
    out.Element("RequestId", ctx.request_id).Element("HostId", HostId(ctx)).Close();
    response.headers["Content-Type"] = kXmlContentType;
    response.body = Body::FromString(out.Finish());
    return response;
  }

 private:
  static void DecodeBody(const Shape& input, HttpRequest& request, RequestContext& ctx,
                         json& document) {
    // PutObject, UploadPart: the bytes stay a Body (perhaps a file), never JSON.
    if (TakeRawPayload(input, request, ctx, document)) return;
    const Member* payload = input.PayloadMember();
    if (payload == nullptr &&
        std::none_of(input.members.begin(), input.members.end(), IsBodyMember)) {
      return;
    }
    std::string text = request.body.ReadAll();
    if (IsBlank(text)) return;  // CreateBucket without a configuration, for one
    if (payload != nullptr) {
      document[payload->name] = ReadXmlBody(text, *payload->shape);
      return;
    }
    json members = ReadXmlBody(text, input);
    for (auto& [name, value] : members.items()) document[name] = std::move(value);
  }

  // The whole output document for an output without a payload member; empty when the output
  // has no body members (HeadObject, PutObject).
  std::string WriteDocument(const Shape& output, const json& document) const {
    if (std::none_of(output.members.begin(), output.members.end(), IsBodyMember)) return {};
    const std::string& root = output.location_name.empty() ? output.name : output.location_name;
    XmlWriter out;
    out.Open(root, model_.xml_namespace);
    if (const Member* member = UnwrappedMember(output, root)) {
      auto it = document.find(member->name);
      if (it != document.end() && !it->is_null()) {
        out.Text(ScalarToText(*member->shape, *it,
                              TimestampFormatOf(*member, TimestampFormat::kIso8601)));
      }
    } else {
      WriteXmlAttributes(out, output, document);
      WriteXmlMembers(out, output, document);
    }
    return out.Finish();
  }

  // S3's x-amz-id-2 / <HostId>: opaque to clients; derived from the request id so that the two
  // agree.
  static std::string HostId(const RequestContext& ctx) {
    return Base64Encode(Sha256(ctx.request_id));
  }

  static HttpResponse Start(const RequestContext& ctx) {
    HttpResponse response;
    response.headers["x-amz-request-id"] = ctx.request_id;
    response.headers["x-amz-id-2"] = HostId(ctx);
    return response;
  }

  const models::ServiceModel& model_;
};

}  // namespace

std::unique_ptr<Codec> MakeRestXmlCodec(const models::ServiceModel& model) {
  return std::make_unique<RestXmlCodec>(model);
}

}  // namespace terrarium::protocols
