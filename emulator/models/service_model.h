// AWS service models (botocore's service-2.json, stripped, embedded in the binary) compiled into
// structures the codecs walk without string lookups. Loaded lazily, once per service, so that
// start-up does no parsing.
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include <nlohmann/json.hpp>

namespace terrarium::models {

enum class ShapeType {
  kStructure,
  kList,
  kMap,
  kString,
  kInteger,
  kLong,
  kFloat,
  kDouble,
  kBoolean,
  kTimestamp,
  kBlob,
};

struct Shape;

// Where a member travels in a rest protocol request or response.
enum class Location { kBody, kUri, kQuery, kHeader, kHeaders, kStatusCode };

struct Member {
  std::string name;  // the member name: the key in the JSON document
  const Shape* shape = nullptr;
  Location location = Location::kBody;
  std::string location_name;     // wire name (header name, uri label, XML element); may be empty
  std::string query_name;        // EC2-style query name; rarely set
  std::string timestamp_format;  // member-level override ("iso8601", "rfc822", "unixTimestamp")
  bool flattened = false;        // member-level XML flattening
  bool xml_attribute = false;
  std::string xml_namespace_uri;
  std::string xml_namespace_prefix;
  bool required = false;
  bool idempotency_token = false;
  bool json_value = false;  // header value is base64 JSON
  bool host_label = false;
  // The wire name a codec should use when none is given: location_name or the member name.
  const std::string& WireName() const { return location_name.empty() ? name : location_name; }
};

struct ErrorInfo {
  std::string code;     // the wire code (e.g. "AWS.SimpleQueueService.NonExistentQueue")
  int http_status = 0;  // 0 when the model does not say
  bool sender_fault = true;
  // The whole JSON `__type` when it is not the service prefix + shape name (overrides' jsonType,
  // e.g. "com.amazon.coral.validate#ValidationException"); empty otherwise.
  std::string json_type;
};

struct Shape {
  std::string name;
  ShapeType type = ShapeType::kString;
  // Structures.
  std::vector<Member> members;
  std::string payload;  // name of the member that is the whole body, if any
  bool exception = false;
  bool fault = false;
  std::optional<ErrorInfo> error;
  bool is_union = false;
  bool document = false;
  // Lists (member) and maps (key, value).
  Member member;
  Member key;
  Member value;
  bool flattened = false;
  std::string location_name;
  // Scalars.
  std::string timestamp_format;
  bool streaming = false;
  bool event_stream = false;
  std::vector<std::string> enum_values;
  std::optional<double> min;
  std::optional<double> max;
  std::string pattern;
  std::string xml_namespace_uri;
  std::string xml_namespace_prefix;  // "xsi" for S3's Grantee: written as xmlns:xsi="..."

  // Structures: the members bound to a single header (Location::kHeader), by lower-case header
  // name, sorted; CompileModel fills it, so that a request's few headers are matched in one
  // pass instead of looking up every member's header (S3's PutObject binds about forty).
  std::vector<std::pair<std::string, const Member*>> header_members;

  const Member* FindMember(std::string_view member_name) const;
  const Member* PayloadMember() const { return payload.empty() ? nullptr : FindMember(payload); }
};

struct HttpBinding {
  std::string method = "POST";
  std::string request_uri = "/";
  int response_code = 200;
  // request_uri split: path segments ("{Bucket}", "{Key+}", literal) and query literals
  // ("uploads" -> "", "list-type" -> "2", "uploadId" -> "{UploadId}" for label values).
  std::vector<std::string> path_segments;
  std::vector<std::pair<std::string, std::string>> query_literals;
};

struct Operation {
  std::string name;
  HttpBinding http;
  const Shape* input = nullptr;   // may be null
  const Shape* output = nullptr;  // may be null
  std::string
      input_xml_location_name;  // rest-xml input locationName (e.g. CreateBucketConfiguration)
  std::string input_xml_namespace;
  std::string result_wrapper;  // query protocol: <OperationResult> wrapper element
  std::vector<const Shape*> errors;
  // Superseded by another operation on the same URI (S3 GetBucketLifecycle); rest matching
  // prefers the current one.
  bool deprecated = false;
};

struct ServiceModel {
  std::string name;                    // our service name: "s3", "sqs", ...
  std::string protocol;                // metadata.protocol: rest-xml, json, query, rest-json
  std::vector<std::string> protocols;  // metadata.protocols, if present
  std::string json_version;            // "1.0" / "1.1"
  std::string target_prefix;           // X-Amz-Target prefix ("DynamoDB_20120810")
  std::string signing_name;
  std::string endpoint_prefix;
  std::string api_version;
  std::string xml_namespace;  // metadata.xmlNamespace (query protocol responses)
  bool aws_query_compatible = false;
  // From overrides/<service>.json.
  std::string json_error_prefix;  // e.g. "com.amazonaws.dynamodb.v20120810#"

  std::unordered_map<std::string, Shape> shapes;
  std::map<std::string, Operation> operations;  // sorted, for stable coverage output
  // Each HTTP method's operations, in name order (filled by CompileModel; points into
  // `operations`): a rest request is matched against its method's only.
  std::map<std::string, std::vector<const Operation*>, std::less<>> operations_by_method;

  const Operation* FindOperation(std::string_view operation_name) const;
  const Shape* FindShape(std::string_view shape_name) const;
  // Wire details of an error code from the model and overrides; nullptr if unknown.
  const ErrorInfo* FindError(std::string_view code) const;
  std::unordered_map<std::string, ErrorInfo> errors;  // by shape name, overrides applied
  // For a service that speaks json but also accepts the query protocol (SQS): the model as the
  // query protocol sees it (XML namespace, result wrappers, query/XML wire names), compiled with
  // the overrides' "queryProtocol" merge patch. Null when no such patch exists.
  std::shared_ptr<const ServiceModel> query_model;
};

// The names of all embedded models.
const std::vector<std::string>& ServiceNames();
// The compiled model of `service`; parsed on first use, thread-safe. Throws std::out_of_range
// for an unknown service.
const ServiceModel& GetModel(std::string_view service);
// Compiles a model from its JSON and an overrides document (exposed for tests).
// Members keep the model's order, the order they travel in.
std::unique_ptr<ServiceModel> CompileModel(std::string name, const nlohmann::ordered_json& model,
                                           const nlohmann::ordered_json& overrides);

}  // namespace terrarium::models
