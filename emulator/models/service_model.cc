#include "emulator/models/service_model.h"

#include "emulator/core/ascii.h"

#include <algorithm>
#include <array>
#include <mutex>
#include <stdexcept>

#include "emulator/models/embedded_models.h"

namespace terrarium::models {
namespace {

// Ordered, because member order in the model is the order members go on the wire.
using json = nlohmann::ordered_json;

std::string Str(const json& node, const char* key) {
  auto it = node.find(key);
  return it != node.end() && it->is_string() ? it->get<std::string>() : std::string{};
}

// The child object or array `key`, or an empty one; a reference, so it can be iterated.
const json& Child(const json& node, const char* key) {
  static const json kEmpty = json::object();
  auto it = node.find(key);
  return it == node.end() ? kEmpty : *it;
}

bool Flag(const json& node, const char* key) {
  auto it = node.find(key);
  return it != node.end() && it->is_boolean() && it->get<bool>();
}

ShapeType ParseType(const std::string& type) {
  static const std::array<std::pair<const char*, ShapeType>, 11> kTypes{{
      {"structure", ShapeType::kStructure},
      {"list", ShapeType::kList},
      {"map", ShapeType::kMap},
      {"string", ShapeType::kString},
      {"integer", ShapeType::kInteger},
      {"long", ShapeType::kLong},
      {"float", ShapeType::kFloat},
      {"double", ShapeType::kDouble},
      {"boolean", ShapeType::kBoolean},
      {"timestamp", ShapeType::kTimestamp},
      {"blob", ShapeType::kBlob},
  }};
  for (const auto& [name, value] : kTypes) {
    if (type == name) return value;
  }
  throw std::runtime_error("unknown shape type " + type);
}

Location ParseLocation(const std::string& location) {
  if (location == "uri") return Location::kUri;
  if (location == "querystring") return Location::kQuery;
  if (location == "header") return Location::kHeader;
  if (location == "headers") return Location::kHeaders;
  if (location == "statusCode") return Location::kStatusCode;
  return Location::kBody;
}

class Compiler {
 public:
  explicit Compiler(ServiceModel& model) : model_(model) {}

  void Shapes(const json& shapes) {
    for (const auto& [name, node] : shapes.items()) {
      Shape& shape = model_.shapes[name];
      shape.name = name;
    }
    for (const auto& [name, node] : shapes.items()) FillShape(model_.shapes[name], node);
  }

  void Operations(const json& operations) {
    for (const auto& [name, node] : operations.items()) {
      Operation& op = model_.operations[name];
      op.name = name;
      const json& http = Child(node, "http");
      op.http.method = http.value("method", "POST");
      op.http.request_uri = http.value("requestUri", "/");
      op.http.response_code = http.value("responseCode", 200);
      op.deprecated = Flag(node, "deprecated");
      SplitRequestUri(op.http);
      if (auto it = node.find("input"); it != node.end()) {
        op.input = Ref(*it);
        op.input_xml_location_name = Str(*it, "locationName");
        if (auto ns = it->find("xmlNamespace"); ns != it->end()) {
          op.input_xml_namespace = ns->is_object() ? Str(*ns, "uri") : ns->get<std::string>();
        }
      }
      if (auto it = node.find("output"); it != node.end()) {
        op.output = Ref(*it);
        op.result_wrapper = Str(*it, "resultWrapper");
      }
      for (const auto& error : Child(node, "errors")) op.errors.push_back(Ref(error));
    }
  }

 private:
  const Shape* Ref(const json& node) {
    std::string name = Str(node, "shape");
    auto it = model_.shapes.find(name);
    if (it == model_.shapes.end()) throw std::runtime_error("unknown shape " + name);
    return &it->second;
  }

  Member MakeMember(std::string name, const json& node) {
    Member member;
    member.name = std::move(name);
    member.shape = Ref(node);
    member.location = ParseLocation(Str(node, "location"));
    member.location_name = Str(node, "locationName");
    member.query_name = Str(node, "queryName");
    member.timestamp_format = Str(node, "timestampFormat");
    member.flattened = Flag(node, "flattened");
    member.xml_attribute = Flag(node, "xmlAttribute");
    member.idempotency_token = Flag(node, "idempotencyToken");
    member.json_value = Flag(node, "jsonvalue");
    member.host_label = Flag(node, "hostLabel");
    if (auto ns = node.find("xmlNamespace"); ns != node.end() && ns->is_object()) {
      member.xml_namespace_uri = Str(*ns, "uri");
      member.xml_namespace_prefix = Str(*ns, "prefix");
    }
    return member;
  }

  void FillShape(Shape& shape, const json& node) {
    shape.type = ParseType(Str(node, "type"));
    shape.payload = Str(node, "payload");
    shape.exception = Flag(node, "exception");
    shape.fault = Flag(node, "fault");
    shape.is_union = Flag(node, "union");
    shape.document = Flag(node, "document");
    shape.flattened = Flag(node, "flattened");
    shape.location_name = Str(node, "locationName");
    shape.timestamp_format = Str(node, "timestampFormat");
    shape.streaming = Flag(node, "streaming") || Flag(node, "requiresLength");
    shape.event_stream = Flag(node, "eventstream");
    shape.pattern = Str(node, "pattern");
    if (auto it = node.find("min"); it != node.end() && it->is_number())
      shape.min = it->get<double>();
    if (auto it = node.find("max"); it != node.end() && it->is_number())
      shape.max = it->get<double>();
    if (auto it = node.find("enum"); it != node.end()) {
      shape.enum_values = it->get<std::vector<std::string>>();
    }
    if (auto ns = node.find("xmlNamespace"); ns != node.end() && ns->is_object()) {
      shape.xml_namespace_uri = Str(*ns, "uri");
      shape.xml_namespace_prefix = Str(*ns, "prefix");
    }
    std::vector<std::string> required = node.value("required", std::vector<std::string>{});
    for (const auto& [name, member_node] : Child(node, "members").items()) {
      Member member = MakeMember(name, member_node);
      member.required = std::find(required.begin(), required.end(), name) != required.end();
      shape.members.push_back(std::move(member));
    }
    if (auto it = node.find("member"); it != node.end()) shape.member = MakeMember("member", *it);
    if (auto it = node.find("key"); it != node.end()) shape.key = MakeMember("key", *it);
    if (auto it = node.find("value"); it != node.end()) shape.value = MakeMember("value", *it);
    if (shape.exception) {
      ErrorInfo info;
      info.code = shape.name;
      info.sender_fault = !shape.fault;
      if (auto it = node.find("error"); it != node.end()) {
        if (std::string code = Str(*it, "code"); !code.empty()) info.code = code;
        info.http_status = it->value("httpStatusCode", 0);
        if (it->contains("senderFault")) info.sender_fault = Flag(*it, "senderFault");
      }
      shape.error = info;
      model_.errors[shape.name] = info;
    }
  }

  static void SplitRequestUri(HttpBinding& http) {
    const std::string& uri = http.request_uri;
    auto q = uri.find('?');
    std::string path = uri.substr(0, q);
    size_t start = 1;
    while (start <= path.size()) {
      auto slash = path.find('/', start);
      std::string segment =
          path.substr(start, slash == std::string::npos ? std::string::npos : slash - start);
      if (!segment.empty()) http.path_segments.push_back(segment);
      if (slash == std::string::npos) break;
      start = slash + 1;
    }
    if (q == std::string::npos) return;
    std::string query = uri.substr(q + 1);
    size_t pos = 0;
    while (pos < query.size()) {
      auto amp = query.find('&', pos);
      std::string pair =
          query.substr(pos, amp == std::string::npos ? std::string::npos : amp - pos);
      auto eq = pair.find('=');
      if (eq == std::string::npos) {
        http.query_literals.emplace_back(pair, "");
      } else {
        http.query_literals.emplace_back(pair.substr(0, eq), pair.substr(eq + 1));
      }
      if (amp == std::string::npos) break;
      pos = amp + 1;
    }
  }

  ServiceModel& model_;
};

void IndexHeaderMembers(Shape& shape) {
  for (const Member& member : shape.members) {
    if (member.location == Location::kHeader) {
      shape.header_members.emplace_back(AsciiLower(member.WireName()), &member);
    }
  }
  std::sort(shape.header_members.begin(), shape.header_members.end());
}

void ApplyOverrides(ServiceModel& model, const json& overrides) {
  const json& metadata = Child(overrides, "metadata");
  if (std::string prefix = Str(metadata, "jsonErrorPrefix"); !prefix.empty()) {
    model.json_error_prefix = prefix;
  }
  for (const auto& [name, node] : Child(overrides, "errors").items()) {
    ErrorInfo& info = model.errors[name];
    if (info.code.empty()) info.code = name;
    if (std::string code = Str(node, "code"); !code.empty()) info.code = code;
    info.http_status = node.value("httpStatusCode", info.http_status);
    if (node.contains("senderFault")) info.sender_fault = Flag(node, "senderFault");
    if (std::string type = Str(node, "jsonType"); !type.empty()) info.json_type = type;
    if (auto shape = model.shapes.find(name); shape != model.shapes.end())
      shape->second.error = info;
  }
}

}  // namespace

const Member* Shape::FindMember(std::string_view member_name) const {
  for (const auto& member : members) {
    if (member.name == member_name) return &member;
  }
  return nullptr;
}

const Operation* ServiceModel::FindOperation(std::string_view operation_name) const {
  auto it = operations.find(std::string(operation_name));
  return it == operations.end() ? nullptr : &it->second;
}

const Shape* ServiceModel::FindShape(std::string_view shape_name) const {
  auto it = shapes.find(std::string(shape_name));
  return it == shapes.end() ? nullptr : &it->second;
}

const ErrorInfo* ServiceModel::FindError(std::string_view code) const {
  auto it = errors.find(std::string(code));
  return it == errors.end() ? nullptr : &it->second;
}

std::unique_ptr<ServiceModel> CompileModel(std::string name, const json& model_json,
                                           const json& overrides) {
  // Overrides may correct the model itself with an RFC 7386 merge patch ("modelPatch": S3's
  // output root element names), and may describe the query flavour of a json service
  // ("queryProtocol": SQS's legacy wire names); both keep the extracted data untouched.
  if (auto patch = overrides.find("modelPatch"); patch != overrides.end()) {
    json patched = model_json;
    patched.merge_patch(*patch);
    json rest = overrides;
    rest.erase("modelPatch");
    return CompileModel(std::move(name), patched, rest);
  }
  if (auto patch = overrides.find("queryProtocol"); patch != overrides.end()) {
    json patched = model_json;
    patched.merge_patch(*patch);
    json rest = overrides;
    rest.erase("queryProtocol");
    std::shared_ptr<const ServiceModel> query_model = CompileModel(name, patched, rest);
    auto model = CompileModel(std::move(name), model_json, rest);
    model->query_model = std::move(query_model);
    return model;
  }
  auto model = std::make_unique<ServiceModel>();
  model->name = std::move(name);
  const json& metadata = model_json.at("metadata");
  model->protocol = Str(metadata, "protocol");
  model->protocols = metadata.value("protocols", std::vector<std::string>{});
  model->json_version = Str(metadata, "jsonVersion");
  model->target_prefix = Str(metadata, "targetPrefix");
  model->signing_name = Str(metadata, "signingName");
  model->endpoint_prefix = Str(metadata, "endpointPrefix");
  model->api_version = Str(metadata, "apiVersion");
  model->xml_namespace = Str(metadata, "xmlNamespace");
  model->aws_query_compatible = metadata.contains("awsQueryCompatible");
  if (model->signing_name.empty()) model->signing_name = model->endpoint_prefix;
  Compiler compiler(*model);
  compiler.Shapes(model_json.at("shapes"));
  compiler.Operations(model_json.at("operations"));
  ApplyOverrides(*model, overrides);
  for (const auto& [operation_name, operation] : model->operations) {
    model->operations_by_method[operation.http.method].push_back(&operation);
  }
  for (auto& [shape_name, shape] : model->shapes) IndexHeaderMembers(shape);
  return model;
}

const std::vector<std::string>& ServiceNames() {
  static const std::vector<std::string> kNames = [] {
    std::vector<std::string> names;
    for (const auto& embedded : EmbeddedModels()) names.emplace_back(embedded.service);
    return names;
  }();
  return kNames;
}

const ServiceModel& GetModel(std::string_view service) {
  // A lazily compiled, then immutable, table: one slot per embedded model.
  struct Slot {
    std::once_flag once;
    std::unique_ptr<ServiceModel> model;
  };
  static std::vector<Slot> slots(EmbeddedModels().size());
  const auto& embedded = EmbeddedModels();
  for (size_t i = 0; i < embedded.size(); ++i) {
    if (service != embedded[i].service) continue;
    std::call_once(slots[i].once, [&] {
      slots[i].model = CompileModel(embedded[i].service, json::parse(embedded[i].model_json),
                                    json::parse(embedded[i].override_json));
    });
    return *slots[i].model;
  }
  throw std::out_of_range("no model for service " + std::string(service));
}

}  // namespace terrarium::models
