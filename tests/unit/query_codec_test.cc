// The query codec against AWS documentation examples and botocore-serialized requests.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "emulator/protocols/codecs.h"
#include "tests/unit/xml_canonical.h"

namespace terrarium::protocols {
namespace {

using nlohmann::json;
using testing::CanonicalXml;
using testing::ReadTestData;

HttpRequest FormPost(std::string body, std::string target = "/") {
  HttpRequest request;
  request.method = "POST";
  request.target = std::move(target);
  request.SplitTarget();
  request.headers["Content-Type"] = "application/x-www-form-urlencoded; charset=utf-8";
  request.body = Body::FromString(std::move(body));
  return request;
}

struct QueryDecoded {
  std::string operation;
  json input;
};

QueryDecoded QueryDecode(const std::string& service, HttpRequest request) {
  auto codec = MakeQueryCodec(models::GetModel(service));
  RequestContext ctx;
  ctx.host = "localhost:4566";
  DecodedRequest decoded = codec->Decode(request, ctx);
  return {decoded.operation->name, decoded.input};
}

HttpResponse QueryEncode(const std::string& service, const std::string& operation,
                         const json& output, const std::string& request_id) {
  const models::ServiceModel& model = models::GetModel(service);
  auto codec = MakeQueryCodec(model);
  RequestContext ctx;
  ctx.request_id = request_id;
  return codec->EncodeOutput(*model.FindOperation(operation), output, ctx);
}

HttpResponse QueryEncodeError(const std::string& service, const AwsError& error) {
  auto codec = MakeQueryCodec(models::GetModel(service));
  RequestContext ctx;
  ctx.request_id = "req-1";
  return codec->EncodeError(error, nullptr, ctx, /*head=*/false);
}

AwsError QueryDecodeError(const std::string& service, HttpRequest request) {
  try {
    QueryDecode(service, std::move(request));
  } catch (const AwsError& error) {
    return error;
  }
  ADD_FAILURE() << "no error";
  return AwsError("", "");
}

TEST(QueryCodecTest, GetCallerIdentityFromQueryStringOrForm) {
  HttpRequest get;
  get.method = "GET";
  get.target = "/?Action=GetCallerIdentity&Version=2011-06-15";
  get.SplitTarget();
  QueryDecoded decoded = QueryDecode("sts", get);
  EXPECT_EQ(decoded.operation, "GetCallerIdentity");
  EXPECT_EQ(decoded.input, json::object());

  decoded = QueryDecode("sts", FormPost("Action=GetCallerIdentity&Version=2011-06-15"));
  EXPECT_EQ(decoded.operation, "GetCallerIdentity");
}

TEST(QueryCodecTest, GetCallerIdentityResponseMatchesAwsExample) {
  HttpResponse response = QueryEncode("sts", "GetCallerIdentity",
                                      {{"Arn", "arn:aws:iam::123456789012:user/Alice"},
                                       {"UserId", "AIDACKCEVSQ6C2EXAMPLE"},
                                       {"Account", "123456789012"}},
                                      "01234567-89ab-cdef-0123-456789abcdef");
  EXPECT_EQ(response.status, 200);
  EXPECT_EQ(response.headers["Content-Type"], "text/xml");
  EXPECT_EQ(response.headers["x-amzn-RequestId"], "01234567-89ab-cdef-0123-456789abcdef");
  EXPECT_EQ(CanonicalXml(response.body.ReadAll()),
            CanonicalXml(ReadTestData("query/sts_get_caller_identity_response.xml")));
}

TEST(QueryCodecTest, AssumeRoleResponseMatchesAwsExample) {
  json output = {{"SourceIdentity", "Alice"},
                 {"AssumedRoleUser",
                  {{"Arn", "arn:aws:sts::123456789012:assumed-role/demo/TestAR"},
                   {"AssumedRoleId", "ARO123EXAMPLE123:TestAR"}}},
                 {"Credentials",
                  {{"AccessKeyId", "ASIAIOSFODNN7EXAMPLE"},
                   {"SecretAccessKey", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYzEXAMPLEKEY"},
                   {"SessionToken",
                    "AQoDYXdzEPT//////////"
                    "wEXAMPLEtc764bNrC9SAPBSM22wDOk4x4HIZ8j4FZTwdQWLWsKWHGBuFqwAeMicRXmxfpSPfIeoIYR"
                    "qTflfKD8YUuw"
                    "thAx7mSEI/qkPpKPi/"
                    "kMcGdQrmGdeehM4IC1NtBmUpp2wUE8phUZampKsburEDy0KPkyQDYwT7WZ0wq5VSXDvp75YU"
                    "9HFvlRd8Tx6q6fE8YQcHNVXAkiY9q6d+xo0rKwT38xVqr7ZD0u0iPPkUL64lIZbqBAz+"
                    "scqKmlzm8FDrypNC9Yjc8fP"
                    "OLn9FX9KSYvKTr4rvx3iSIlTJabIQwj2ICCR/oLxBA=="},
                   {"Expiration", 1573306481}}},  // 2019-11-09T13:34:41Z
                 {"PackedPolicySize", 6}};
  HttpResponse response =
      QueryEncode("sts", "AssumeRole", output, "c6104cbe-af31-11e0-8154-cbc7ccf896c7");
  EXPECT_EQ(CanonicalXml(response.body.ReadAll()),
            CanonicalXml(ReadTestData("query/sts_assume_role_response.xml")));
}

TEST(QueryCodecTest, IamCreateRoleRequestAndResponseMatchAwsExample) {
  // The example request of the IAM API reference, sent as a GET query string.
  HttpRequest request;
  request.method = "GET";
  request.target =
      "/?Action=CreateRole&RoleName=S3Access&Path=/application_abc/component_xyz/"
      "&AssumeRolePolicyDocument=%7B%22Version%22%3A%222012-10-17%22%7D&Version=2010-05-08";
  request.SplitTarget();
  QueryDecoded decoded = QueryDecode("iam", request);
  EXPECT_EQ(decoded.operation, "CreateRole");
  EXPECT_EQ(decoded.input, (json{{"RoleName", "S3Access"},
                                 {"Path", "/application_abc/component_xyz/"},
                                 {"AssumeRolePolicyDocument", "{\"Version\":\"2012-10-17\"}"}}));

  json role = {{"Path", "/application_abc/component_xyz/"},
               {"Arn", "arn:aws:iam::123456789012:role/application_abc/component_xyz/S3Access"},
               {"RoleName", "S3Access"},
               {"AssumeRolePolicyDocument",
                R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":)"
                R"(["ec2.amazonaws.com"]},"Action":["sts:AssumeRole"]}]})"},
               {"CreateDate", 1336520041.495},  // 2012-05-08T23:34:01.495Z
               {"RoleId", "AROADBQP57FF2AEXAMPLE"}};
  HttpResponse response =
      QueryEncode("iam", "CreateRole", {{"Role", role}}, "4a93ceee-9966-11e1-b624-b1aEXAMPLE7c");
  EXPECT_EQ(CanonicalXml(response.body.ReadAll()),
            CanonicalXml(ReadTestData("query/iam_create_role_response.xml")));
}

TEST(QueryCodecTest, DecodesWhatBotocoreSerializes) {
  json cases = json::parse(ReadTestData("query/botocore_requests.json"));
  ASSERT_FALSE(cases.empty());
  for (const auto& c : cases) {
    std::string service = c["service"];
    QueryDecoded decoded = QueryDecode(service, FormPost(c["body"]));
    EXPECT_EQ(decoded.operation, c["operation"].get<std::string>());
    EXPECT_EQ(decoded.input, c["input"]) << service << " " << c["operation"];
  }
}

TEST(QueryCodecTest, SqsSendMessageExamplePostedToTheQueueUrl) {
  QueryDecoded decoded = QueryDecode(
      "sqs", FormPost(ReadTestData("query/sqs_send_message_request.txt"), "/123456789012/MyQueue"));
  EXPECT_EQ(decoded.operation, "SendMessage");
  EXPECT_EQ(decoded.input,
            (json{{"QueueUrl", "http://localhost:4566/123456789012/MyQueue"},
                  {"MessageBody", "This is a test message"},
                  {"MessageAttributes",
                   {{"my_attribute_name_1",
                     {{"StringValue", "my_attribute_value_1"}, {"DataType", "String"}}},
                    {"my_attribute_name_2",
                     {{"StringValue", "my_attribute_value_2"}, {"DataType", "String"}}}}}}));

  HttpResponse response =
      QueryEncode("sqs", "SendMessage",
                  {{"MD5OfMessageBody", "fafb00f5732ab283681e124bf8747ed1"},
                   {"MD5OfMessageAttributes", "3ae8f24a165a8cedc005670c81a27295"},
                   {"MessageId", "5fea7756-0ea4-451a-a703-a558b933e274"}},
                  "27daac76-34dd-47df-bd01-1f6e873584a0");
  EXPECT_EQ(CanonicalXml(response.body.ReadAll()),
            CanonicalXml(ReadTestData("query/sqs_send_message_response.xml")));
}

TEST(QueryCodecTest, SqsReceiveMessageWritesFlattenedMessagesAndAttributes) {
  json message = {
      {"MessageId", "5fea7756-0ea4-451a-a703-a558b933e274"},
      {"ReceiptHandle",
       "MbZj6wDWli+JvwwJaBV+3dcjk2YW2vA3+STFFljTM8tJJg6HRG6PYSasuWXPJB+CwLj1FjgXUv1uSj1gUPAWV66FU/"
       "WeR4mq2OKpEGYWbnLmpRCJVAyeMjeU5ZBdtcQ+QEauMZc8ZRv37sIW2iJKq3M9MFx1YvV11A2x/KSbkJ0="},
      {"MD5OfBody", "fafb00f5732ab283681e124bf8747ed1"},
      {"Body", "This is a test message"},
      {"Attributes",
       {{"SenderId", "195004372649"},
        {"SentTimestamp", "1238099229000"},
        {"ApproximateReceiveCount", "5"},
        {"ApproximateFirstReceiveTimestamp", "1250700979248"}}},
      {"MessageAttributes",
       {{"my_attribute_name_1",
         {{"StringValue", "my_attribute_value_1"}, {"DataType", "String"}}}}}};
  HttpResponse response = QueryEncode("sqs", "ReceiveMessage", {{"Messages", {message}}},
                                      "b6633655-283d-45b4-aee4-4e84e0ae6afa");
  EXPECT_EQ(CanonicalXml(response.body.ReadAll()),
            CanonicalXml(ReadTestData("query/sqs_receive_message_response.xml")));
}

TEST(QueryCodecTest, OperationWithoutOutputHasOnlyResponseMetadata) {
  HttpResponse response = QueryEncode("sqs", "DeleteQueue", json::object(), "req-9");
  EXPECT_EQ(response.body.ReadAll(),
            "<DeleteQueueResponse xmlns=\"http://queue.amazonaws.com/doc/2012-11-05/\">"
            "<ResponseMetadata><RequestId>req-9</RequestId></ResponseMetadata>"
            "</DeleteQueueResponse>");
}

TEST(QueryCodecTest, EmptyListParameterDecodesAsEmptyList) {
  QueryDecoded decoded = QueryDecode("iam", FormPost("Action=TagRole&RoleName=r&Tags="));
  EXPECT_EQ(decoded.input, (json{{"RoleName", "r"}, {"Tags", json::array()}}));
}

TEST(QueryCodecTest, ListItemsComeInNumericOrder) {
  QueryDecoded decoded = QueryDecode(
      "iam", FormPost("Action=UntagRole&RoleName=r&TagKeys.member.10=j&TagKeys.member.2=b"
                      "&TagKeys.member.1=a"));
  EXPECT_EQ(decoded.input["TagKeys"], (json{"a", "b", "j"}));
}

TEST(QueryCodecTest, MissingAndUnknownActions) {
  AwsError missing = QueryDecodeError("sts", FormPost("Version=2011-06-15"));
  EXPECT_EQ(missing.code, "MissingAction");
  EXPECT_EQ(missing.status, 400);

  AwsError unknown = QueryDecodeError("sts", FormPost("Action=Frobnicate&Version=2011-06-15"));
  EXPECT_EQ(unknown.code, "InvalidAction");
  EXPECT_EQ(unknown.status, 400);
  EXPECT_EQ(unknown.message, "Could not find operation Frobnicate for version 2011-06-15");
}

TEST(QueryCodecTest, BadScalarValues) {
  AwsError sts = QueryDecodeError(
      "sts", FormPost("Action=AssumeRole&RoleArn=a&RoleSessionName=s&DurationSeconds=abc"));
  EXPECT_EQ(sts.code, "ValidationError");
  EXPECT_EQ(sts.status, 400);
  EXPECT_NE(sts.message.find("DurationSeconds"), std::string::npos);

  AwsError sqs =
      QueryDecodeError("sqs", FormPost("Action=ReceiveMessage&QueueUrl=q&MaxNumberOfMessages=ten"));
  EXPECT_EQ(sqs.code, "InvalidParameterValue");
  EXPECT_EQ(sqs.message,
            "Value ten for parameter MaxNumberOfMessages is invalid. Reason: must be an integer.");

  AwsError cfn = QueryDecodeError("cloudformation",
                                  FormPost("Action=CreateStack&StackName=s&DisableRollback=maybe"));
  EXPECT_EQ(cfn.code, "ValidationError");
}

TEST(QueryCodecTest, ErrorEnvelopeUsesModelCodesAndStatuses) {
  HttpResponse response = QueryEncodeError(
      "iam", AwsError("NoSuchEntityException", "The role with name x cannot be found."));
  EXPECT_EQ(response.status, 404);
  EXPECT_EQ(response.headers["Content-Type"], "text/xml");
  EXPECT_EQ(response.headers["x-amzn-RequestId"], "req-1");
  EXPECT_EQ(response.body.ReadAll(),
            "<ErrorResponse xmlns=\"https://iam.amazonaws.com/doc/2010-05-08/\"><Error>"
            "<Type>Sender</Type><Code>NoSuchEntity</Code>"
            "<Message>The role with name x cannot be found.</Message></Error>"
            "<RequestId>req-1</RequestId></ErrorResponse>");

  EXPECT_EQ(QueryEncodeError("sts", AwsError("RegionDisabledException", "off")).status, 403);
  EXPECT_EQ(QueryEncodeError("sts", AwsError("ExpiredTokenException", "old")).status, 400);
  EXPECT_EQ(QueryEncodeError("sts", AwsError("Throttling", "slow down", 429)).status, 429);

  HttpResponse fault = QueryEncodeError("sts", InternalError("boom"));
  EXPECT_EQ(fault.status, 500);
  EXPECT_NE(fault.body.ReadAll().find("<Type>Receiver</Type>"), std::string::npos);
}

TEST(QueryCodecTest, SqsErrorsUseTheQueueNamespaceAndLegacyCodes) {
  HttpResponse response = QueryEncodeError("sqs", AwsError("QueueDoesNotExist", "gone"));
  std::string body = response.body.ReadAll();
  EXPECT_NE(body.find("<ErrorResponse xmlns=\"http://queue.amazonaws.com/doc/2012-11-05/\">"),
            std::string::npos);
  EXPECT_NE(body.find("<Type>Sender</Type><Code>AWS.SimpleQueueService.NonExistentQueue</Code>"),
            std::string::npos);
  EXPECT_EQ(response.status, 400);
}

}  // namespace
}  // namespace terrarium::protocols
