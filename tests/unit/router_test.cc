#include <gtest/gtest.h>

#include "emulator/core/router.h"

namespace terrarium {
namespace {

struct RouteCase {
  const char* name;
  const char* method;
  const char* target;
  Headers headers;
  const char* body;
  const char* service;
  const char* account;
  const char* region;
  const char* host_bucket;
};

// Names the case in test output rather than dumping its bytes.
void PrintTo(const RouteCase& c, std::ostream* os) { *os << c.name; }

HttpRequest MakeRequest(const RouteCase& c) {
  HttpRequest request;
  request.method = c.method;
  request.target = c.target;
  request.SplitTarget();
  request.headers = c.headers;
  request.body = Body::FromString(c.body);
  return request;
}

constexpr const char* kV4S3 =
    "AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20260101/eu-west-1/s3/aws4_request, "
    "SignedHeaders=host;x-amz-content-sha256;x-amz-date, Signature=abc";
constexpr const char* kV4Dynamo =
    "AWS4-HMAC-SHA256 Credential=123456789012/20260101/us-west-2/dynamodb/aws4_request, "
    "SignedHeaders=host;x-amz-date;x-amz-target, Signature=abc";
constexpr const char* kV4Sts =
    "AWS4-HMAC-SHA256 Credential=test/20260101/us-east-1/sts/aws4_request, "
    "SignedHeaders=content-type;host;x-amz-date, Signature=abc";
constexpr const char* kV4Lambda =
    "AWS4-HMAC-SHA256 Credential=test/20260101/ap-south-1/lambda/aws4_request, "
    "SignedHeaders=host;x-amz-date, Signature=abc";
constexpr const char* kV4Logs =
    "AWS4-HMAC-SHA256 Credential=test/20260101/us-east-1/logs/aws4_request, "
    "SignedHeaders=host;x-amz-date, Signature=abc";

const RouteCase kCases[] = {
    // aws s3 ls (CLI v1, path style)
    {"cli_s3_list",
     "GET",
     "/",
     {{"Authorization", kV4S3}, {"Host", "localhost:4566"}},
     "",
     "s3",
     "000000000000",
     "eu-west-1",
     ""},
    // boto3 DynamoDB with a 12-digit access key: the key is the account
    {"boto3_dynamodb",
     "POST",
     "/",
     {{"Authorization", kV4Dynamo}, {"X-Amz-Target", "DynamoDB_20120810.ListTables"}},
     "{}",
     "dynamodb",
     "123456789012",
     "us-west-2",
     ""},
    // DynamoDB Streams signs as "dynamodb"; the target tells it apart
    {"boto3_streams",
     "POST",
     "/",
     {{"Authorization", kV4Dynamo}, {"X-Amz-Target", "DynamoDBStreams_20120810.ListStreams"}},
     "{}",
     "dynamodbstreams",
     "123456789012",
     "us-west-2",
     ""},
    // aws sts get-caller-identity (form post)
    {"cli_sts",
     "POST",
     "/",
     {{"Authorization", kV4Sts}, {"Content-Type", "application/x-www-form-urlencoded"}},
     "Action=GetCallerIdentity&Version=2011-06-15",
     "sts",
     "000000000000",
     "us-east-1",
     ""},
    // Unsigned SQS query post to a queue URL (an old script with curl)
    {"curl_sqs_query",
     "POST",
     "/000000000000/jobs",
     {{"Content-Type", "application/x-www-form-urlencoded; charset=utf-8"}},
     "Action=SendMessage&MessageBody=hi&Version=2012-11-05",
     "sqs",
     "000000000000",
     "us-east-1",
     ""},
    // Unsigned SQS JSON (target only)
    {"sqs_json_unsigned",
     "POST",
     "/",
     {{"X-Amz-Target", "AmazonSQS.ListQueues"}},
     "{}",
     "sqs",
     "000000000000",
     "us-east-1",
     ""},
    // IAM via GET query string
    {"iam_get_query",
     "GET",
     "/?Action=ListRoles&Version=2010-05-08",
     {},
     "",
     "iam",
     "000000000000",
     "us-east-1",
     ""},
    // CloudFormation
    {"cfn_form",
     "POST",
     "/",
     {{"Content-Type", "application/x-www-form-urlencoded"}},
     "Action=ListStacks&Version=2010-05-15",
     "cloudformation",
     "000000000000",
     "us-east-1",
     ""},
    // Presigned S3 GET (SigV4 query)
    {"presigned_v4",
     "GET",
     "/bucket/key.txt?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=111122223333%2F20260101%"
     "2Feu-central-1%2Fs3%2Faws4_request&X-Amz-Date=20260101T000000Z&X-Amz-Expires=3600&X-Amz-"
     "SignedHeaders=host&X-Amz-Signature=abc",
     {},
     "",
     "s3",
     "111122223333",
     "eu-central-1",
     ""},
    // Presigned S3 GET (SigV2 query, boto3's default)
    {"presigned_v2",
     "GET",
     "/bucket/key.txt?AWSAccessKeyId=test&Signature=x&Expires=1",
     {},
     "",
     "s3",
     "000000000000",
     "us-east-1",
     ""},
    // Virtual-hosted S3 on LocalStack's domain
    {"virtual_host_localstack",
     "GET",
     "/key.txt",
     {{"Authorization", kV4S3}, {"Host", "my-bucket.s3.localhost.localstack.cloud:4566"}},
     "",
     "s3",
     "000000000000",
     "eu-west-1",
     "my-bucket"},
    // Virtual-hosted S3 with dots in the bucket name, unsigned
    {"virtual_host_dots",
     "GET",
     "/",
     {{"Host", "a.b.c.s3.amazonaws.com"}},
     "",
     "s3",
     "000000000000",
     "us-east-1",
     "a.b.c"},
    // Path-style on the s3 host
    {"s3_host_path_style",
     "GET",
     "/bucket",
     {{"Host", "s3.localhost.localstack.cloud:4566"}},
     "",
     "s3",
     "000000000000",
     "us-east-1",
     ""},
    // Lambda by path alone
    {"lambda_path",
     "GET",
     "/2015-03-31/functions/",
     {},
     "",
     "lambda",
     "000000000000",
     "us-east-1",
     ""},
    // Lambda signed
    {"lambda_signed",
     "POST",
     "/2015-03-31/functions/f/invocations",
     {{"Authorization", kV4Lambda}},
     "{}",
     "lambda",
     "000000000000",
     "ap-south-1",
     ""},
    // A service Terrarium does not serve keeps its signing name
    {"unsupported",
     "POST",
     "/",
     {{"Authorization", kV4Logs}, {"X-Amz-Target", "Logs_20140328.X"}},
     "{}",
     "logs",
     "000000000000",
     "us-east-1",
     ""},
    // Nothing to go on: S3
    {"bare", "GET", "/", {}, "", "s3", "000000000000", "us-east-1", ""},
};

class RouterTest : public ::testing::TestWithParam<RouteCase> {};

TEST_P(RouterTest, Routes) {
  const RouteCase& c = GetParam();
  Route route = RouteRequest(MakeRequest(c));
  EXPECT_EQ(route.service, c.service);
  EXPECT_EQ(route.scope.account, c.account);
  EXPECT_EQ(route.scope.region, c.region);
  EXPECT_EQ(route.host_bucket, c.host_bucket);
}

INSTANTIATE_TEST_SUITE_P(RealRequests, RouterTest, ::testing::ValuesIn(kCases),
                         [](const auto& info) { return std::string(info.param.name); });

}  // namespace
}  // namespace terrarium
