// Matching a request against a bucket's CORS rules, shared by the preflight OPTIONS operations
// and the CORS headers S3 adds to ordinary answers.
#pragma once

#include <optional>
#include <string>

#include <nlohmann/json.hpp>

namespace terrarium::services::s3 {

// What the first matching rule grants, as the Access-Control-* header values.
struct CorsGrant {
  std::string allow_origin;  // the request's origin, or "*" for a rule allowing any origin
  bool allow_credentials = false;
  std::string allow_methods;   // the rule's methods, ", "-joined
  std::string allow_headers;   // the requested headers (preflight), when there were any
  std::string expose_headers;  // empty when the rule has none
  std::string max_age;         // empty when the rule has none
};

// The value S3 puts in Vary whenever a rule matched.
inline constexpr const char* kCorsVary =
    "Origin, Access-Control-Request-Headers, Access-Control-Request-Method";

// The first rule of `cors` (a CORSConfiguration document) that allows `origin` to use `method`
// with every header of `request_headers` (Access-Control-Request-Headers, comma-separated; empty
// for an actual request). Origins and headers may hold one '*' wildcard; headers compare
// case-insensitively.
std::optional<CorsGrant> MatchCorsRule(const nlohmann::json& cors, const std::string& origin,
                                       const std::string& method,
                                       const std::string& request_headers);

}  // namespace terrarium::services::s3
