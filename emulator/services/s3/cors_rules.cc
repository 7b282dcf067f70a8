#include "emulator/services/s3/cors_rules.h"

#include <cctype>
#include <vector>

#include "emulator/core/ascii.h"
#include "emulator/services/s3/s3_common.h"

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

std::string Join(const json& items) {
  std::string out;
  for (const json& item : items) out += (out.empty() ? "" : ", ") + item.get<std::string>();
  return out;
}

}  // namespace

std::optional<CorsGrant> MatchCorsRule(const json& cors, const std::string& origin,
                                       const std::string& method,
                                       const std::string& request_headers) {
  std::vector<std::string> requested = SplitCommaList(request_headers);
  for (const json& rule : cors.value("CORSRules", json::array())) {
    json origins = rule.value("AllowedOrigins", json::array());
    if (!AnyMatches(origins, origin, false)) continue;
    json methods = rule.value("AllowedMethods", json::array());
    if (!AnyMatches(methods, method, false)) continue;
    json allowed_headers = rule.value("AllowedHeaders", json::array());
    bool headers_ok = true;
    for (const std::string& header : requested) {
      headers_ok = headers_ok && AnyMatches(allowed_headers, header, true);
    }
    if (!headers_ok) continue;
    CorsGrant grant;
    bool any_origin = origins.size() == 1 && origins[0] == "*";
    grant.allow_origin = any_origin ? "*" : origin;
    grant.allow_credentials = !any_origin;
    grant.allow_methods = Join(methods);
    if (!requested.empty()) grant.allow_headers = request_headers;
    if (rule.contains("ExposeHeaders")) grant.expose_headers = Join(rule["ExposeHeaders"]);
    if (auto age = rule.find("MaxAgeSeconds"); age != rule.end() && age->is_number_integer()) {
      grant.max_age = std::to_string(age->get<long long>());
    }
    return grant;
  }
  return std::nullopt;
}

}  // namespace terrarium::services::s3
