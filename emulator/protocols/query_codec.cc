// The AWS query protocol: IAM, STS, CloudFormation, and the legacy form of SQS. Requests are
// form parameters (URL query and x-www-form-urlencoded body) named by flattening the input shape
// as botocore's QuerySerializer does; responses are <{Op}Response><{Op}Result>...</{Op}Result>
// <ResponseMetadata/></{Op}Response> and errors <ErrorResponse><Error><Type/><Code/><Message/>
// </Error><RequestId/></ErrorResponse>, in the model's XML namespace.
// SQS's model speaks json: the query wire names, result wrappers and namespace come from its
// query flavour (ServiceModel::query_model, built from overrides/sqs.json "queryProtocol").
#include <cctype>
#include <map>
#include <optional>
#include <set>
#include <string>

#include "emulator/core/encoding.h"
#include "emulator/core/url.h"
#include "emulator/protocols/codecs.h"
#include "emulator/protocols/error_wire.h"
#include "emulator/protocols/shape_text.h"
#include "emulator/protocols/xml_shape.h"
#include "emulator/protocols/xml_writer.h"

namespace terrarium::protocols {
namespace {

using models::Member;
using models::Shape;
using models::ShapeType;
using nlohmann::json;

// Sorted, so that every parameter under a prefix ("Tags.member.") is one contiguous range.
using Params = std::map<std::string, std::string>;

std::string_view QueryTypeName(ShapeType type) {
  switch (type) {
    case ShapeType::kInteger:
    case ShapeType::kLong:
      return "an integer";
    case ShapeType::kFloat:
    case ShapeType::kDouble:
      return "a number";
    case ShapeType::kBoolean:
      return "a boolean (true or false)";
    case ShapeType::kTimestamp:
      return "a timestamp";
    case ShapeType::kBlob:
      return "base64-encoded binary data";
    default:
      return "a string";
  }
}

// The one place that knows how each query service answers a parameter of the wrong type: SQS
// with its InvalidParameterValue ("Value X for parameter Y is invalid. Reason: ..."), the
// other query services (IAM, STS, CloudFormation) with ValidationError.
AwsError BadParameter(const models::ServiceModel& model, const std::string& name,
                      const std::string& value, const Shape& shape) {
  if (model.name == "sqs") {
    return AwsError("InvalidParameterValue",
                    "Value " + value + " for parameter " + name + " is invalid. Reason: must be " +
                        std::string(QueryTypeName(shape.type)) + ".",
                    400);
  }
  return AwsError("ValidationError",
                  "1 validation error detected: Value '" + value + "' at '" + name +
                      "' failed to satisfy constraint: Member must be " +
                      std::string(QueryTypeName(shape.type)),
                  400);
}

bool StartsWith(std::string_view text, std::string_view prefix) {
  return text.substr(0, prefix.size()) == prefix;
}

// Rebuilds an input document from flattened parameters, following botocore's QuerySerializer:
// structures `Prefix.Member`, lists `Prefix.member.N` (`Prefix.N` flattened, the last segment
// renamed after the item's locationName), maps `Prefix.entry.N.key/value` (flattened
// `Prefix.N.<key name>/<value name>`).
class ParamReader {
 public:
  ParamReader(const Params& params, const models::ServiceModel& model)
      : params_(params), model_(model) {}

  json ReadStructure(const Shape& shape, const std::string& prefix) const {
    json document = json::object();
    for (const Member& member : shape.members) {
      const std::string& name = XmlName(member);
      std::optional<json> value = ReadValue(member, prefix.empty() ? name : prefix + "." + name);
      if (value) document[member.name] = std::move(*value);
    }
    return document;
  }

 private:
  std::optional<json> ReadValue(const Member& member, const std::string& key) const {
    const Shape& shape = *member.shape;
    switch (shape.type) {
      case ShapeType::kStructure:
        if (!HasUnder(key)) return std::nullopt;
        return ReadStructure(shape, key);
      case ShapeType::kList:
        return ReadList(member, key);
      case ShapeType::kMap:
        return ReadMap(member, key);
      default:
        return ReadScalar(member, key);
    }
  }

  std::optional<json> ReadList(const Member& member, const std::string& key) const {
    const Member& item = member.shape->member;
    const std::string& item_name = SerializedName(item);
    std::string list_prefix;
    if (!IsFlattened(member)) {
      list_prefix = key + "." + (item_name.empty() ? std::string("member") : item_name);
    } else if (!item_name.empty()) {
      auto dot = key.rfind('.');
      list_prefix = (dot == std::string::npos ? std::string() : key.substr(0, dot + 1)) + item_name;
    } else {
      list_prefix = key;
    }
    std::set<long> indices = Indices(list_prefix);
    if (indices.empty()) {
      // botocore sends an empty list as the bare prefix with an empty value.
      if (params_.count(key) != 0) return json::array();
      return std::nullopt;
    }
    json list = json::array();
    for (long index : indices) {
      std::optional<json> value = ReadValue(item, list_prefix + "." + std::to_string(index));
      if (value) list.push_back(std::move(*value));
    }
    return list;
  }

  std::optional<json> ReadMap(const Member& member, const std::string& key) const {
    const Shape& shape = *member.shape;
    std::string entry_prefix = IsFlattened(member) ? key : key + ".entry";
    const std::string& key_name = SerializedName(shape.key);
    const std::string& value_name = SerializedName(shape.value);
    std::set<long> indices = Indices(entry_prefix);
    if (indices.empty()) return std::nullopt;
    json map = json::object();
    for (long index : indices) {
      std::string entry = entry_prefix + "." + std::to_string(index) + ".";
      auto map_key = params_.find(entry + (key_name.empty() ? "key" : key_name));
      if (map_key == params_.end()) continue;
      std::optional<json> value =
          ReadValue(shape.value, entry + (value_name.empty() ? "value" : value_name));
      map[map_key->second] = value ? std::move(*value) : json();
    }
    return map;
  }

  std::optional<json> ReadScalar(const Member& member, const std::string& key) const {
    auto it = params_.find(key);
    if (it == params_.end()) return std::nullopt;
    const Shape& shape = *member.shape;
    std::optional<json> value =
        ScalarFromText(shape, it->second, TimestampFormatOf(member, TimestampFormat::kIso8601));
    if (!value || (shape.type == ShapeType::kBlob && !Base64Decode(it->second))) {
      throw BadParameter(model_, key, it->second, shape);
    }
    return value;
  }

  // Whether any parameter lies under `prefix.`.
  bool HasUnder(const std::string& prefix) const {
    std::string start = prefix + ".";
    auto it = params_.lower_bound(start);
    return it != params_.end() && StartsWith(it->first, start);
  }

  // The N of every `prefix.N` and `prefix.N.*` parameter, in numeric order (clients number from
  // 1, but gaps and order are not ours to police).
  std::set<long> Indices(const std::string& prefix) const {
    std::set<long> indices;
    std::string start = prefix + ".";
    for (auto it = params_.lower_bound(start); it != params_.end(); ++it) {
      if (!StartsWith(it->first, start)) break;
      std::string_view rest = std::string_view(it->first).substr(start.size());
      size_t digits = 0;
      while (digits < rest.size() && std::isdigit(static_cast<unsigned char>(rest[digits]))) {
        ++digits;
      }
      if (digits == 0 || digits > 9 || (digits < rest.size() && rest[digits] != '.')) continue;
      indices.insert(std::stol(std::string(rest.substr(0, digits))));
    }
    return indices;
  }

  const Params& params_;
  const models::ServiceModel& model_;
};

bool IsFormBody(const HttpRequest& request) {
  std::string_view type = request.header("Content-Type");
  constexpr std::string_view kForm = "application/x-www-form-urlencoded";
  if (type.size() < kForm.size()) return false;
  for (size_t i = 0; i < kForm.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(type[i])) != kForm[i]) return false;
  }
  return true;
}

// The URL query and, for a form POST, the body; a body parameter wins over a query one.
Params CollectParams(const HttpRequest& request) {
  Params params;
  if (request.method == "POST" && IsFormBody(request)) {
    for (auto& [name, value] : ParseQuery(request.body.ReadAll())) {
      params.emplace(std::move(name), std::move(value));
    }
  }
  for (auto& [name, value] : ParseQuery(request.query)) {
    params.emplace(std::move(name), std::move(value));
  }
  return params;
}

HttpResponse XmlResponse(int status, std::string body, const RequestContext& ctx) {
  HttpResponse response;
  response.status = status;
  response.headers["Content-Type"] = "text/xml";
  response.headers["x-amzn-RequestId"] = ctx.request_id;
  response.body = Body::FromString(std::move(body));
  return response;
}

class QueryCodec final : public Codec {
 public:
  explicit QueryCodec(const models::ServiceModel& model)
      : model_(model), wire_(model.query_model ? *model.query_model : model) {}

  DecodedRequest Decode(HttpRequest& request, RequestContext& ctx) const override {
    Params params = CollectParams(request);
    auto action = params.find("Action");
    if (action == params.end() || action->second.empty()) {
      throw AwsError("MissingAction", "Missing Action", 400);
    }
    const models::Operation* operation = wire_.FindOperation(action->second);
    if (operation == nullptr) {
      auto version = params.find("Version");
      throw AwsError("InvalidAction",
                     "Could not find operation " + action->second + " for version " +
                         (version == params.end() ? wire_.api_version : version->second),
                     400);
    }
    DecodedRequest decoded;
    // Hand back the operation of the model the dispatcher knows, not of the query flavour.
    decoded.operation = model_.FindOperation(operation->name);
    if (decoded.operation == nullptr) decoded.operation = operation;
    if (operation->input != nullptr) {
      decoded.input = ParamReader(params, wire_).ReadStructure(*operation->input, "");
      FillQueueUrlFromPath(*operation->input, request, ctx, decoded.input);
    }
    return decoded;
  }

  HttpResponse EncodeOutput(const models::Operation& operation, const json& output,
                            RequestContext& ctx) const override {
    const models::Operation* op = wire_.FindOperation(operation.name);
    if (op == nullptr) op = &operation;
    XmlWriter out(/*declaration=*/false);
    out.Open(op->name + "Response", wire_.xml_namespace);
    if (op->output != nullptr) {
      if (!op->result_wrapper.empty()) out.Open(op->result_wrapper);
      WriteXmlMembers(out, *op->output, output);
      if (!op->result_wrapper.empty()) out.Close();
    }
    out.Open("ResponseMetadata").Element("RequestId", ctx.request_id).Close();
    return XmlResponse(200, out.Finish(), ctx);
  }

  HttpResponse EncodeError(const AwsError& error, const models::Operation*,
                           const RequestContext& ctx, bool head) const override {
    ErrorWire wire = ResolveError(wire_, error);
    XmlWriter out(/*declaration=*/false);
    out.Open("ErrorResponse", wire_.xml_namespace);
    out.Open("Error")
        .Element("Type", wire.sender_fault ? "Sender" : "Receiver")
        .Element("Code", wire.legacy_code)
        .Element("Message", error.message)
        .Close();
    out.Element("RequestId", ctx.request_id);
    HttpResponse response = XmlResponse(wire.status, out.Finish(), ctx);
    if (head) response.body = Body();
    return response;
  }

 private:
  // SQS's query API addresses the queue by URL: older SDKs post to the queue's path and leave
  // the QueueUrl parameter out.
  static void FillQueueUrlFromPath(const Shape& input, const HttpRequest& request,
                                   const RequestContext& ctx, json& document) {
    if (request.path.size() <= 1 || document.contains("QueueUrl")) return;
    const Member* member = input.FindMember("QueueUrl");
    if (member == nullptr || member->shape->type != ShapeType::kString) return;
    document["QueueUrl"] = "http://" + ctx.host + request.path;
  }

  const models::ServiceModel& model_;
  const models::ServiceModel& wire_;
};

}  // namespace

std::unique_ptr<Codec> MakeQueryCodec(const models::ServiceModel& model) {
  return std::make_unique<QueryCodec>(model);
}

}  // namespace terrarium::protocols
