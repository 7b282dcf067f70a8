// S3 CORS preflight: OPTIONS on a bucket or object, answered from the bucket's CORS rules.
// Parity notes: only preflight requests are answered from the rules; ordinary responses do not
// carry Access-Control-* headers yet.
#include <string>
#include <vector>

#include "emulator/core/ascii.h"
#include "emulator/services/s3/errors.h"
#include "emulator/services/s3/operations.h"
#include "emulator/services/s3/s3_store.h"
#include "emulator/storage/json_table.h"

namespace terrarium::services::s3 {
namespace {

using nlohmann::json;

// S3 patterns allow one '*' standing for any run of characters.
bool WildcardMatch(const std::string& pattern, const std::string& value) {
  auto star = pattern.find('*');
  if (star == std::string::npos) return pattern == value;
  std::string head = pattern.substr(0, star);
  std::string tail = pattern.substr(star + 1);
  return value.size() >= head.size() + tail.size() && value.starts_with(head) &&
         value.ends_with(tail);
}

bool AnyMatches(const json& patterns, const std::string& value, bool ignore_case) {
  for (const json& pattern : patterns) {
    std::string text = pattern.get<std::string>();
    if (ignore_case ? WildcardMatch(AsciiLower(text), AsciiLower(value))
                    : WildcardMatch(text, value)) {
      return true;
    }
  }
  return false;
}

std::vector<std::string> SplitHeaders(const std::string& list) {
  std::vector<std::string> out;
  size_t start = 0;
  while (start <= list.size()) {
    size_t comma = list.find(',', start);
    std::string item =
        list.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
    while (!item.empty() && item.front() == ' ') item.erase(0, 1);
    while (!item.empty() && item.back() == ' ') item.pop_back();
    if (!item.empty()) out.push_back(item);
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
  return out;
}

std::string Join(const json& items) {
  std::string out;
  for (const json& item : items) out += (out.empty() ? "" : ", ") + item.get<std::string>();
  return out;
}

AwsError NotAllowed() {
  return AwsError("AccessForbidden",
                  "CORSResponse: This CORS request is not allowed. This is usually because the "
                  "evalution of Origin, request method / Access-Control-Request-Method or "
                  "Access-Control-Request-Headers are not whitelisted by the resource's CORS "
                  "spec.",
                  403);
}

json Preflight(RequestContext& ctx, const json& input) {
  std::string origin = input.value("Origin", "");
  std::string method = input.value("AccessControlRequestMethod", "");
  if (origin.empty() || method.empty()) {
    throw AwsError("BadRequest", "Insufficient information. Origin request header needed.", 400);
  }
  auto txn = ctx.store->BeginRead();
  json bucket = RequireInputBucket(*txn, input);
  auto cors = storage::GetJson(*txn, kConfigTable, ConfigRow(bucket, "cors"));
  if (!cors) {
    throw AwsError("AccessForbidden", "CORSResponse: CORS is not enabled for this bucket.", 403)
        .With("Method", method)
        .With("ResourceType", input.contains("Key") ? "OBJECT" : "BUCKET");
  }
  std::vector<std::string> requested = SplitHeaders(input.value("AccessControlRequestHeaders", ""));
  for (const json& rule : cors->value("CORSRules", json::array())) {
    json origins = rule.value("AllowedOrigins", json::array());
    if (!AnyMatches(origins, origin, false)) continue;
    if (!AnyMatches(rule.value("AllowedMethods", json::array()), method, false)) continue;
    json allowed_headers = rule.value("AllowedHeaders", json::array());
    bool headers_ok = true;
    for (const std::string& header : requested) {
      headers_ok = headers_ok && AnyMatches(allowed_headers, header, true);
    }
    if (!headers_ok) continue;
    bool any_origin = origins.size() == 1 && origins[0] == "*";
    json output = {
        {"AccessControlAllowOrigin", any_origin ? "*" : origin},
        {"AccessControlAllowMethods", Join(rule["AllowedMethods"])},
        {"Vary", "Origin, Access-Control-Request-Headers, Access-Control-Request-Method"}};
    if (!any_origin) output["AccessControlAllowCredentials"] = "true";
    if (!requested.empty()) {
      output["AccessControlAllowHeaders"] = input.value("AccessControlRequestHeaders", "");
    }
    if (rule.contains("ExposeHeaders"))
      output["AccessControlExposeHeaders"] = Join(rule["ExposeHeaders"]);
    if (rule.contains("MaxAgeSeconds")) {
      output["AccessControlMaxAge"] = std::to_string(rule["MaxAgeSeconds"].get<int>());
    }
    return output;
  }
  throw NotAllowed();
}

}  // namespace

json OptionsBucket(RequestContext& ctx, const json& input) { return Preflight(ctx, input); }
json OptionsObject(RequestContext& ctx, const json& input) { return Preflight(ctx, input); }

}  // namespace terrarium::services::s3
