// Per-service request body limits (dispatch/body_limits.h): the limit each service gets from a
// request's head, and the error it answers beyond it.
#include "emulator/dispatch/body_limits.h"

#include <gtest/gtest.h>

namespace terrarium::dispatch {
namespace {

HttpRequest Head(std::string method, std::string target, Headers headers = {}) {
  HttpRequest head;
  head.method = std::move(method);
  head.target = std::move(target);
  head.headers = std::move(headers);
  head.SplitTarget();
  return head;
}

constexpr uint64_t kGeneral = 1000;

TEST(BodyLimits, S3AllowsFiveGibAndSaysSoWithEntityTooLarge) {
  BodyLimit limit = BodyLimitFor("s3", Head("PUT", "/b/k"), kGeneral);
  EXPECT_EQ(limit.max_bytes, 5ULL << 30);
  AwsError error = limit.error((5ULL << 30) + 1);
  EXPECT_EQ(error.code, "EntityTooLarge");
  EXPECT_EQ(error.status, 400);
  EXPECT_EQ(error.extra["ProposedSize"], "5368709121");
  EXPECT_EQ(error.extra["MaxSizeAllowed"], "5368709120");
  EXPECT_FALSE(limit.error(std::nullopt).extra.contains("ProposedSize"));
}

TEST(BodyLimits, S3AwsChunkedIsJudgedByItsDecodedLength) {
  BodyLimit fits = BodyLimitFor(
      "s3", Head("PUT", "/b/k", {{"x-amz-decoded-content-length", "5368709120"}}), kGeneral);
  EXPECT_GT(fits.max_bytes, 5ULL << 30);  // room for the chunk framing
  BodyLimit over = BodyLimitFor(
      "s3", Head("PUT", "/b/k", {{"x-amz-decoded-content-length", "5368709121"}}), kGeneral);
  EXPECT_EQ(over.max_bytes, 0u);
  EXPECT_EQ(over.error(100).extra["ProposedSize"], "5368709121");
}

TEST(BodyLimits, LambdaInvokeAndCodeUploadsHaveAwsLimits) {
  BodyLimit invoke =
      BodyLimitFor("lambda", Head("POST", "/2015-03-31/functions/f/invocations"), kGeneral);
  EXPECT_EQ(invoke.max_bytes, 6291556u);
  AwsError error = invoke.error(7000000);
  EXPECT_EQ(error.code, "RequestTooLargeException");
  EXPECT_EQ(error.status, 413);
  EXPECT_EQ(error.message,
            "Request must be smaller than 6291556 bytes for the InvokeFunction operation");
  EXPECT_EQ(BodyLimitFor("lambda", Head("POST", "/2015-03-31/functions"), kGeneral).max_bytes,
            70167211u);
  EXPECT_EQ(BodyLimitFor("lambda", Head("PUT", "/2015-03-31/functions/f/code"), kGeneral).max_bytes,
            70167211u);
  EXPECT_EQ(
      BodyLimitFor("lambda", Head("POST", "/2015-03-31/functions/f/policy"), kGeneral).max_bytes,
      kGeneral);
}

TEST(BodyLimits, DynamoDbSqsAndTheRest) {
  BodyLimit dynamodb = BodyLimitFor("dynamodb", Head("POST", "/"), kGeneral);
  EXPECT_EQ(dynamodb.max_bytes, 16u << 20);
  EXPECT_EQ(dynamodb.error(std::nullopt).code, "ValidationException");
  BodyLimit sqs = BodyLimitFor("sqs", Head("POST", "/"), kGeneral);
  EXPECT_EQ(sqs.max_bytes, 3 * (1u << 20) + (64u << 10));
  EXPECT_EQ(sqs.error(std::nullopt).code, "InvalidParameterValue");
  BodyLimit sts = BodyLimitFor("sts", Head("POST", "/"), kGeneral);
  EXPECT_EQ(sts.max_bytes, kGeneral);
  AwsError error = sts.error(1001);
  EXPECT_EQ(error.code, "RequestEntityTooLarge");
  EXPECT_EQ(error.status, 413);
  EXPECT_NE(error.message.find("1001 bytes sent"), std::string::npos);
}

}  // namespace
}  // namespace terrarium::dispatch
