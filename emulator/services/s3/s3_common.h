// Small helpers every S3 handler file shares.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "emulator/core/request_context.h"

namespace terrarium::services::s3 {

// The canonical user of an account: {"ID": 64 hex, "DisplayName"}.
nlohmann::json OwnerOf(std::string_view account);
// Now in epoch seconds with millisecond precision.
double Now(const RequestContext& ctx);
// A new version id (URL-safe, 32 characters).
std::string NewVersionId();
// "\"<hex>\"".
std::string QuotedEtag(std::string_view raw_md5);
// Whether a conditional header value (If-Match: "a", "b" / *) names `etag`.
bool EtagMatches(std::string_view header, std::string_view etag);
// Whether the bucket has ever had versioning configured (then version ids are reported).
bool VersioningConfigured(const nlohmann::json& bucket);
// The items of a comma-separated header value, trimmed, empty ones left out.
std::vector<std::string> SplitCommaList(std::string_view list);
// Percent-encodes a key for encoding-type=url answers (slashes kept).
std::string UrlEncodeKey(std::string_view key);

}  // namespace terrarium::services::s3
