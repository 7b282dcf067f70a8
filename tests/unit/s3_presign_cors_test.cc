// Unit tests for the presigned URL limits (expiry, X-Amz-Expires range, missing parameters) and
// for matching requests against CORS rules.
#include <gtest/gtest.h>

#include <string>

#include "emulator/core/aws_error.h"
#include "emulator/services/s3/cors_rules.h"
#include "emulator/services/s3/presigned_url.h"

namespace terrarium::services::s3 {
namespace {

using nlohmann::json;

constexpr double kSignedAt = 1767225600;  // 2026-01-01T00:00:00Z

QueryParams SigV4(const std::string& expires, const std::string& date = "20260101T000000Z") {
  return {{"X-Amz-Algorithm", "AWS4-HMAC-SHA256"},
          {"X-Amz-Credential", "test/20260101/us-east-1/s3/aws4_request"},
          {"X-Amz-Date", date},
          {"X-Amz-Expires", expires},
          {"X-Amz-SignedHeaders", "host"},
          {"X-Amz-Signature", "00"}};
}

AwsError ErrorOf(const QueryParams& query, double now) {
  try {
    CheckPresignedUrl(query, now);
  } catch (const AwsError& error) {
    return error;
  }
  return AwsError("none", "no error");
}

TEST(s3_presigned_url, SigV4ValidUntilDatePlusExpires) {
  EXPECT_NO_THROW(CheckPresignedUrl(SigV4("60"), kSignedAt + 60));
  AwsError error = ErrorOf(SigV4("60"), kSignedAt + 61);
  EXPECT_EQ(error.code, "AccessDenied");
  EXPECT_EQ(error.status, 403);
  EXPECT_EQ(error.message, "Request has expired");
  EXPECT_EQ(error.extra["X-Amz-Expires"], "60");
  EXPECT_EQ(error.extra["Expires"], "2026-01-01T00:01:00Z");
  EXPECT_EQ(error.extra["ServerTime"], "2026-01-01T00:01:01Z");
}

TEST(s3_presigned_url, SigV4ParameterErrors) {
  EXPECT_NO_THROW(CheckPresignedUrl(SigV4("604800"), kSignedAt));
  AwsError error = ErrorOf(SigV4("604801"), kSignedAt);
  EXPECT_EQ(error.code, "AuthorizationQueryParametersError");
  EXPECT_EQ(error.status, 400);
  EXPECT_EQ(error.message, "X-Amz-Expires must be less than a week (in seconds) that is 604800");
  EXPECT_EQ(ErrorOf(SigV4("-1"), kSignedAt).message, "X-Amz-Expires must be non-negative");
  EXPECT_EQ(ErrorOf(SigV4("ten"), kSignedAt).message, "X-Amz-Expires should be a number");
  EXPECT_EQ(ErrorOf(SigV4("60", "2026-01-01"), kSignedAt).code,
            "AuthorizationQueryParametersError");
  EXPECT_EQ(ErrorOf(SigV4("60", "20261301T000000Z"), kSignedAt).code,
            "AuthorizationQueryParametersError");
  QueryParams missing = SigV4("60");
  missing.pop_back();  // no X-Amz-Signature
  EXPECT_EQ(ErrorOf(missing, kSignedAt).code, "AuthorizationQueryParametersError");
}

TEST(s3_presigned_url, SigV2Expires) {
  QueryParams query = {{"AWSAccessKeyId", "test"}, {"Signature", "x"}, {"Expires", "1767225660"}};
  EXPECT_NO_THROW(CheckPresignedUrl(query, kSignedAt + 60));
  AwsError error = ErrorOf(query, kSignedAt + 120);
  EXPECT_EQ(error.code, "AccessDenied");
  EXPECT_EQ(error.extra["Expires"], "2026-01-01T00:01:00Z");
  EXPECT_EQ(error.extra["ServerTime"], "2026-01-01T00:02:00Z");
  EXPECT_EQ(ErrorOf({{"AWSAccessKeyId", "test"}}, kSignedAt).code, "AccessDenied");
}

TEST(s3_presigned_url, OrdinaryQueriesPass) {
  EXPECT_FALSE(MayBePresigned("list-type=2&prefix=a"));
  EXPECT_TRUE(MayBePresigned("X-Amz-Expires=5"));
  EXPECT_NO_THROW(CheckPresignedUrl({{"list-type", "2"}, {"x-amz-checksum-crc32", "AAAA"}}, 0));
}

TEST(s3_cors_rules, FirstMatchingRuleWins) {
  json cors = {{"CORSRules",
                {{{"AllowedOrigins", {"http://*.example"}},
                  {"AllowedMethods", {"GET", "PUT"}},
                  {"AllowedHeaders", {"x-amz-*", "Content-Type"}},
                  {"ExposeHeaders", {"ETag"}},
                  {"MaxAgeSeconds", 600}},
                 {{"AllowedOrigins", {"*"}}, {"AllowedMethods", {"GET"}}}}}};
  auto grant = MatchCorsRule(cors, "http://app.example", "PUT", "content-type, X-Amz-Date");
  ASSERT_TRUE(grant);
  EXPECT_EQ(grant->allow_origin, "http://app.example");
  EXPECT_TRUE(grant->allow_credentials);
  EXPECT_EQ(grant->allow_methods, "GET, PUT");
  EXPECT_EQ(grant->allow_headers, "content-type, X-Amz-Date");
  EXPECT_EQ(grant->expose_headers, "ETag");
  EXPECT_EQ(grant->max_age, "600");

  grant = MatchCorsRule(cors, "http://other.test", "GET", "");
  ASSERT_TRUE(grant);
  EXPECT_EQ(grant->allow_origin, "*");
  EXPECT_FALSE(grant->allow_credentials);
  EXPECT_EQ(grant->max_age, "");

  EXPECT_FALSE(MatchCorsRule(cors, "http://other.test", "PUT", ""));
  EXPECT_FALSE(MatchCorsRule(cors, "http://app.example", "PUT", "authorization"));
  EXPECT_FALSE(MatchCorsRule(json::object(), "http://app.example", "GET", ""));
}

}  // namespace
}  // namespace terrarium::services::s3
