#include "emulator/services/s3/presigned_url.h"

#include <charconv>
#include <ctime>
#include <optional>
#include <string>

#include "emulator/core/aws_error.h"

namespace terrarium::services::s3 {
namespace {

constexpr long long kMaxExpiresSeconds = 604800;  // a week, SigV4's limit

constexpr const char* kSigV4Params[] = {"X-Amz-Algorithm", "X-Amz-Credential",    "X-Amz-Signature",
                                        "X-Amz-Date",      "X-Amz-SignedHeaders", "X-Amz-Expires"};
constexpr const char* kSigV2Params[] = {"AWSAccessKeyId", "Signature", "Expires"};

AwsError QueryParametersError(const std::string& message) {
  return AwsError("AuthorizationQueryParametersError", message, 400);
}

// "2026-11-26T21:30:00Z", as S3 writes <Expires> and <ServerTime>.
std::string IsoSeconds(long long epoch) {
  std::time_t seconds = static_cast<std::time_t>(epoch);
  std::tm parts{};
  gmtime_r(&seconds, &parts);
  char text[32];
  std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &parts);
  return text;
}

std::optional<long long> ParseInteger(const std::string& text) {
  long long value = 0;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return value;
}

// X-Amz-Date's "yyyyMMdd'T'HHmmss'Z'" as epoch seconds.
std::optional<long long> ParseAmzDate(const std::string& text) {
  if (text.size() != 16 || text[8] != 'T' || text[15] != 'Z') return std::nullopt;
  std::tm parts{};
  auto field = [&](size_t at, size_t length) { return ParseInteger(text.substr(at, length)); };
  auto year = field(0, 4), month = field(4, 2), day = field(6, 2);
  auto hour = field(9, 2), minute = field(11, 2), second = field(13, 2);
  if (!year || !month || !day || !hour || !minute || !second) return std::nullopt;
  if (*month < 1 || *month > 12 || *day < 1 || *day > 31 || *hour > 23 || *minute > 59 ||
      *second > 60) {
    return std::nullopt;
  }
  parts.tm_year = static_cast<int>(*year - 1900);
  parts.tm_mon = static_cast<int>(*month - 1);
  parts.tm_mday = static_cast<int>(*day);
  parts.tm_hour = static_cast<int>(*hour);
  parts.tm_min = static_cast<int>(*minute);
  parts.tm_sec = static_cast<int>(*second);
  return static_cast<long long>(timegm(&parts));
}

template <size_t N>
bool HasAny(const QueryParams& query, const char* const (&names)[N]) {
  for (const char* name : names) {
    if (FindParam(query, name) != nullptr) return true;
  }
  return false;
}

template <size_t N>
bool HasAll(const QueryParams& query, const char* const (&names)[N]) {
  for (const char* name : names) {
    if (FindParam(query, name) == nullptr) return false;
  }
  return true;
}

void CheckSigV4(const QueryParams& query, double now) {
  if (!HasAll(query, kSigV4Params)) {
    throw QueryParametersError(
        "Query-string authentication version 4 requires the X-Amz-Algorithm, X-Amz-Credential, "
        "X-Amz-Signature, X-Amz-Date, X-Amz-SignedHeaders, and X-Amz-Expires parameters.");
  }
  if (*FindParam(query, "X-Amz-Algorithm") != "AWS4-HMAC-SHA256") {
    throw QueryParametersError(
        "X-Amz-Algorithm only supports \"AWS4-HMAC-SHA256 and AWS4-ECDSA-P256-SHA256\"");
  }
  auto signed_at = ParseAmzDate(*FindParam(query, "X-Amz-Date"));
  if (!signed_at) {
    throw QueryParametersError(
        "X-Amz-Date must be in the ISO8601 Long Format \"yyyyMMdd'T'HHmmss'Z'\"");
  }
  const std::string& expires_text = *FindParam(query, "X-Amz-Expires");
  auto expires = ParseInteger(expires_text);
  if (!expires) throw QueryParametersError("X-Amz-Expires should be a number");
  if (*expires < 0) throw QueryParametersError("X-Amz-Expires must be non-negative");
  if (*expires > kMaxExpiresSeconds) {
    throw QueryParametersError(
        "X-Amz-Expires must be less than a week (in seconds) that is 604800");
  }
  long long deadline = *signed_at + *expires;
  if (now > static_cast<double>(deadline)) {
    throw AwsError("AccessDenied", "Request has expired", 403)
        .With("X-Amz-Expires", expires_text)
        .With("Expires", IsoSeconds(deadline))
        .With("ServerTime", IsoSeconds(static_cast<long long>(now)));
  }
}

void CheckSigV2(const QueryParams& query, double now) {
  if (!HasAll(query, kSigV2Params)) {
    throw AwsError("AccessDenied",
                   "Query-string authentication requires the Signature, Expires and "
                   "AWSAccessKeyId parameters",
                   403);
  }
  auto expires = ParseInteger(*FindParam(query, "Expires"));
  if (!expires) {
    throw AwsError("AccessDenied",
                   "Invalid date (should be seconds since epoch): " + *FindParam(query, "Expires"),
                   403);
  }
  if (now > static_cast<double>(*expires)) {
    throw AwsError("AccessDenied", "Request has expired", 403)
        .With("Expires", IsoSeconds(*expires))
        .With("ServerTime", IsoSeconds(static_cast<long long>(now)));
  }
}

}  // namespace

bool MayBePresigned(std::string_view raw_query) {
  return raw_query.find("X-Amz-") != std::string_view::npos ||
         raw_query.find("Signature=") != std::string_view::npos ||
         raw_query.find("AWSAccessKeyId=") != std::string_view::npos;
}

void CheckPresignedUrl(const QueryParams& query, double now) {
  // SigV4 parameters other than these (X-Amz-Security-Token, x-amz-checksum-*) ride along with
  // header-signed requests too, so only the signing parameters mark a presigned URL.
  if (HasAny(query, kSigV4Params)) {
    CheckSigV4(query, now);
  } else if (FindParam(query, "AWSAccessKeyId") != nullptr ||
             FindParam(query, "Signature") != nullptr) {
    CheckSigV2(query, now);
  }
}

}  // namespace terrarium::services::s3
