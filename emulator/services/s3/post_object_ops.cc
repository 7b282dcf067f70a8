// S3 POST object: browser form uploads (multipart/form-data) with a policy document.
// Parity notes: the policy's signature is not checked, and neither is AWS's rule that every form
// field be named by a condition; a form without a policy is accepted whatever the bucket's
// permissions. Conditions supported: exact matches ({"field": v}, "eq"), "starts-with" and
// "content-length-range".
#include <cmath>

#include "emulator/core/encoding.h"
#include "emulator/core/timestamp.h"
#include "emulator/core/url.h"
#include "emulator/services/s3/body_ingest.h"
#include "emulator/services/s3/errors.h"
#include "emulator/services/s3/form_data.h"
#include "emulator/services/s3/object_write.h"
#include "emulator/services/s3/operations.h"
#include "emulator/services/s3/s3_common.h"
#include "emulator/services/s3/s3_store.h"

namespace terrarium::services::s3 {
namespace {

using nlohmann::json;

AwsError PolicyError(const std::string& why) {
  return AwsError("AccessDenied", "Invalid according to Policy: " + why, 403);
}

// The value a condition names ("$key", "$Content-Type", "bucket").
std::string FieldValue(const FormData& form, const json& fixed, std::string name) {
  if (name.starts_with("$")) name.erase(0, 1);
  for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (auto it = fixed.find(name); it != fixed.end()) return *it;
  auto it = form.fields.find(name);
  return it == form.fields.end() ? std::string() : it->second;
}

void CheckPolicy(RequestContext& ctx, const FormData& form, const json& fixed) {
  auto it = form.fields.find("policy");
  if (it == form.fields.end()) return;
  auto text = Base64Decode(it->second);
  json policy = text ? json::parse(*text, nullptr, false) : json(json::value_t::discarded);
  if (!policy.is_object()) {
    throw InvalidArgument("Invalid Policy: Invalid JSON.", "policy", it->second);
  }
  if (policy.contains("expiration")) {
    auto expires = ParseTimestamp(policy["expiration"].get<std::string>());
    if (!expires || *expires < Now(ctx)) throw PolicyError("Policy expired.");
  }
  for (const json& condition : policy.value("conditions", json::array())) {
    bool ok = true;
    if (condition.is_object()) {
      for (const auto& [name, value] : condition.items()) {
        ok = ok && value.is_string() && FieldValue(form, fixed, name) == value.get<std::string>();
      }
    } else if (condition.is_array() && condition.size() == 3) {
      std::string op = condition[0].get<std::string>();
      if (op == "content-length-range") {
        uint64_t size = form.file_length;
        ok = size >= condition[1].get<uint64_t>() && size <= condition[2].get<uint64_t>();
      } else {
        std::string actual = FieldValue(form, fixed, condition[1].get<std::string>());
        std::string expected = condition[2].get<std::string>();
        ok = op == "eq" ? actual == expected : actual.starts_with(expected);
      }
    }
    if (!ok) throw PolicyError("Policy Condition failed: " + condition.dump());
  }
}

// The upload's headers, from the form fields named as the headers are.
json AttributesInput(const FormData& form) {
  json input = json::object();
  auto field = [&](const char* name) -> const std::string* {
    auto it = form.fields.find(name);
    return it == form.fields.end() ? nullptr : &it->second;
  };
  constexpr std::pair<const char*, const char*> kFields[] = {
      {"cache-control", "CacheControl"},
      {"content-disposition", "ContentDisposition"},
      {"content-encoding", "ContentEncoding"},
      {"expires", "Expires"},
      {"x-amz-server-side-encryption", "ServerSideEncryption"},
      {"x-amz-storage-class", "StorageClass"},
      {"x-amz-website-redirect-location", "WebsiteRedirectLocation"}};
  for (const auto& [name, member] : kFields) {
    if (const std::string* value = field(name)) input[member] = *value;
  }
  if (const std::string* type = field("content-type")) {
    input["ContentType"] = *type;
  } else if (!form.file_content_type.empty()) {
    input["ContentType"] = form.file_content_type;
  }
  for (const auto& [name, value] : form.fields) {
    if (name.starts_with("x-amz-meta-")) input["Metadata"][name.substr(11)] = value;
  }
  return input;
}

}  // namespace

json PostObject(RequestContext& ctx, const json& input) {
  std::string bucket_name = input.at("Bucket");
  RequireBucket(*ctx.store->BeginRead(), bucket_name);
  auto boundary = FormBoundary(input.value("ContentType", ""));
  if (!boundary) {
    throw AwsError("PreconditionFailed",
                   "Bucket POST must be of the enclosure-type multipart/form-data", 412)
        .With("Condition", "Bucket POST must be of the enclosure-type multipart/form-data");
  }
  FormData form = ParseFormData(ctx.request_payload, *boundary);
  auto key_field = form.fields.find("key");
  if (key_field == form.fields.end()) {
    throw InvalidArgument(
        "Bucket POST must contain a field named 'key'.  If it is specified, "
        "please check the order of the fields.",
        "key", "");
  }
  if (!form.has_file) {
    throw InvalidArgument("POST requires exactly one file upload per request.", "file", "0");
  }
  std::string key = key_field->second;
  if (auto at = key.find("${filename}"); at != std::string::npos) {
    key.replace(at, 11, form.filename);
  }
  if (key.empty() || key.size() > 1024) throw InvalidArgument("Invalid key", "key", key);
  CheckPolicy(ctx, form, {{"bucket", bucket_name}, {"key", key}});

  json attributes_input = AttributesInput(form);
  json record = ObjectAttributesFromInput(attributes_input);
  Body file =
      ctx.request_payload.in_file()
          ? Body::FromFile(ctx.request_payload.path(),
                           ctx.request_payload.offset() + form.file_offset, form.file_length, false)
          : Body::FromString(ctx.request_payload.data().substr(
                static_cast<size_t>(form.file_offset), static_cast<size_t>(form.file_length)));
  IngestedBody body = IngestBody(ctx.store->Blobs(), file, false, {});
  record["Key"] = key;
  record["Blob"] = body.blob;
  record["Size"] = body.size;
  record["ETag"] = QuotedEtag(body.md5);
  record["LastModified"] = Now(ctx);
  auto [stored, bucket] = CommitObject(ctx, bucket_name, std::move(record), json::object(), &body);

  std::string location = "http://" + ctx.host + "/" + bucket_name + "/" + UrlEncodeKey(key);
  json output = {{"ETagHeader", stored["ETag"]}, {"LocationHeader", location}};
  if (VersioningConfigured(bucket)) output["VersionId"] = stored["VersionId"];
  auto field = [&](const char* name) {
    auto it = form.fields.find(name);
    return it == form.fields.end() ? std::string() : it->second;
  };
  if (std::string redirect = field("success_action_redirect"); !redirect.empty()) {
    redirect += redirect.find('?') == std::string::npos ? "?" : "&";
    redirect += "bucket=" + PercentEncode(bucket_name) + "&key=" + PercentEncode(key) +
                "&etag=" + PercentEncode(stored["ETag"].get<std::string>());
    output["LocationHeader"] = redirect;
    ctx.response_status = 303;
    return output;
  }
  std::string status = field("success_action_status");
  if (status == "201") {
    output["Location"] = location;
    output["Bucket"] = bucket_name;
    output["Key"] = key;
    output["ETag"] = stored["ETag"];
    ctx.response_status = 201;
  } else {
    ctx.response_status = status == "200" ? 200 : 204;
  }
  return output;
}

}  // namespace terrarium::services::s3
