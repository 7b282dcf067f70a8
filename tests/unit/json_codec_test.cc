#include <memory>
#include <string>

#include <gtest/gtest.h>

#include "emulator/core/encoding.h"
#include "emulator/protocols/codec.h"
#include "tests/unit/codec_test_support.h"

namespace terrarium::protocols {
namespace {

using nlohmann::json;
using testing::MakeContext;
using testing::MakeRequest;
using testing::ReadTestData;
using testing::ReadTestJson;

class JsonCodecTest : public ::testing::Test {
 protected:
  std::unique_ptr<Codec> CodecFor(std::string_view service) {
    return MakeCodec("json", models::GetModel(service));
  }

  DecodedRequest Decode(std::string_view service, std::string target, std::string body) {
    HttpRequest request = MakeRequest(
        "POST", "/",
        {{"Content-Type", "application/x-amz-json-1.0"}, {"X-Amz-Target", std::move(target)}},
        std::move(body));
    return CodecFor(service)->Decode(request, ctx_);
  }

  // The AwsError decoding throws (its code, message).
  AwsError DecodeError(std::string_view service, std::string target, std::string body) {
    try {
      Decode(service, std::move(target), std::move(body));
    } catch (const AwsError& error) {
      return error;
    }
    ADD_FAILURE() << "decoding did not throw";
    return AwsError("", "");
  }

  HttpResponse Error(std::string_view service, const AwsError& error) {
    return CodecFor(service)->EncodeError(error, nullptr, ctx_, false);
  }

  RequestContext ctx_ = MakeContext();
};

TEST_F(JsonCodecTest, DecodesDynamoDbGetItemFromTheDocs) {
  DecodedRequest decoded = Decode("dynamodb", "DynamoDB_20120810.GetItem",
                                  ReadTestData("json/dynamodb_getitem_request.json"));
  ASSERT_NE(decoded.operation, nullptr);
  EXPECT_EQ(decoded.operation->name, "GetItem");
  EXPECT_EQ(decoded.input, ReadTestJson("json/dynamodb_getitem_request.json"));
}

TEST_F(JsonCodecTest, DecodesDynamoDbPutItemFromTheDocs) {
  DecodedRequest decoded = Decode("dynamodb", "DynamoDB_20120810.PutItem",
                                  ReadTestData("json/dynamodb_putitem_request.json"));
  EXPECT_EQ(decoded.operation->name, "PutItem");
  EXPECT_EQ(decoded.input, ReadTestJson("json/dynamodb_putitem_request.json"));
}

TEST_F(JsonCodecTest, EncodesDynamoDbGetItemWithCrc32) {
  const models::Operation& op = *models::GetModel("dynamodb").FindOperation("GetItem");
  json output = ReadTestJson("json/dynamodb_getitem_response.json");
  HttpResponse response = CodecFor("dynamodb")->EncodeOutput(op, output, ctx_);
  EXPECT_EQ(response.status, 200);
  EXPECT_EQ(response.headers["Content-Type"], "application/x-amz-json-1.0");
  EXPECT_EQ(response.headers["x-amzn-RequestId"], ctx_.request_id);
  EXPECT_EQ(json::parse(response.body.data()), output);
  EXPECT_EQ(response.headers["x-amz-crc32"], std::to_string(Crc32(response.body.data())));
}

TEST_F(JsonCodecTest, EncodesTimestampsAsEpochSecondsAndDropsUndeclaredMembers) {
  const models::Operation& op = *models::GetModel("dynamodb").FindOperation("DescribeTable");
  json output = ReadTestJson("json/dynamodb_describetable_response.json");
  json extra = output;
  extra["Table"]["NotInTheModel"] = 1;
  extra["Table"]["TableArn"] = nullptr;
  HttpResponse response = CodecFor("dynamodb")->EncodeOutput(op, extra, ctx_);
  json body = json::parse(response.body.data());
  EXPECT_EQ(body, output);
  EXPECT_TRUE(body["Table"]["CreationDateTime"].is_number());
  EXPECT_DOUBLE_EQ(body["Table"]["CreationDateTime"].get<double>(), 1363729002.358);
}

TEST_F(JsonCodecTest, SqsSendMessageRoundTrip) {
  DecodedRequest decoded =
      Decode("sqs", "AmazonSQS.SendMessage", ReadTestData("json/sqs_sendmessage_request.json"));
  EXPECT_EQ(decoded.operation->name, "SendMessage");
  EXPECT_EQ(decoded.input, ReadTestJson("json/sqs_sendmessage_request.json"));
  json output = ReadTestJson("json/sqs_sendmessage_response.json");
  HttpResponse response = CodecFor("sqs")->EncodeOutput(*decoded.operation, output, ctx_);
  EXPECT_EQ(json::parse(response.body.data()), output);
  EXPECT_EQ(response.headers.count("x-amz-crc32"), 0u);
}

TEST_F(JsonCodecTest, EmptyBodyIsAnEmptyObjectAndUnknownMembersAreIgnored) {
  EXPECT_EQ(Decode("sqs", "AmazonSQS.ListQueues", "").input, json::object());
  EXPECT_EQ(Decode("dynamodb", "DynamoDB_20120810.ListTables",
                   R"({"Limit": 5, "Bogus": {"x": [1]}, "ExclusiveStartTableName": null})")
                .input,
            (json{{"Limit", 5}}));
}

TEST_F(JsonCodecTest, TimestampsAndBlobsAreReadAndChecked) {
  json input = Decode("dynamodb", "DynamoDB_20120810.ListBackups",
                      R"({"TimeRangeLowerBound": 1700000000.5,
                          "TimeRangeUpperBound": "2023-11-14T22:13:20Z"})")
                   .input;
  EXPECT_DOUBLE_EQ(input["TimeRangeLowerBound"].get<double>(), 1700000000.5);
  EXPECT_DOUBLE_EQ(input["TimeRangeUpperBound"].get<double>(), 1700000000);

  json item = Decode("dynamodb", "DynamoDB_20120810.PutItem",
                     R"({"TableName": "t", "Item": {"b": {"B": "AAEC"}}})")
                  .input;
  EXPECT_EQ(item["Item"]["b"]["B"], "AAEC");
  AwsError error = DecodeError("dynamodb", "DynamoDB_20120810.PutItem",
                               R"({"TableName": "t", "Item": {"b": {"B": "not base64!"}}})");
  EXPECT_EQ(error.code, "SerializationException");
}

TEST_F(JsonCodecTest, TypeMismatchesAreSerializationExceptions) {
  AwsError number = DecodeError("dynamodb", "DynamoDB_20120810.PutItem",
                                R"({"TableName": "t", "Item": {"id": {"S": 123}}})");
  EXPECT_EQ(number.code, "SerializationException");
  EXPECT_EQ(number.status, 400);
  EXPECT_EQ(number.message, "NUMBER_VALUE cannot be converted to String");

  AwsError structure = DecodeError("dynamodb", "DynamoDB_20120810.PutItem",
                                   R"({"TableName": "t", "Item": {"id": {"S": {"S": "x"}}}})");
  EXPECT_EQ(structure.message, "Start of structure or map found where not expected.");

  AwsError integer =
      DecodeError("dynamodb", "DynamoDB_20120810.Scan", R"({"TableName": "t", "Limit": "10"})");
  EXPECT_EQ(integer.message, "STRING_VALUE cannot be converted to Integer");

  AwsError list = DecodeError("sqs", "AmazonSQS.ListQueues", "[1, 2]");
  EXPECT_EQ(list.message, "Start of list found where not expected");

  AwsError malformed = DecodeError("dynamodb", "DynamoDB_20120810.GetItem", "{\"TableName\": ");
  EXPECT_EQ(malformed.code, "SerializationException");

  HttpResponse response = Error("dynamodb", number);
  EXPECT_EQ(response.status, 400);
  EXPECT_EQ(json::parse(response.body.data())["__type"],
            "com.amazon.coral.service#SerializationException");
}

TEST_F(JsonCodecTest, DeepNestingIsRefusedNotRecursedInto) {
  std::string body = R"({"TableName": "t", "Item": {"a": )";
  for (int i = 0; i < 20000; ++i) body += R"({"L": [)";
  for (int i = 0; i < 20000; ++i) body += "]}";
  body += "}}";
  EXPECT_EQ(DecodeError("dynamodb", "DynamoDB_20120810.PutItem", body).code,
            "SerializationException");
}

TEST_F(JsonCodecTest, UnknownOrMissingTargetIsUnknownOperation) {
  EXPECT_EQ(DecodeError("dynamodb", "DynamoDB_20120810.Frobnicate", "{}").code,
            "UnknownOperationException");
  EXPECT_EQ(DecodeError("dynamodb", "", "{}").code, "UnknownOperationException");
  EXPECT_EQ(DecodeError("dynamodb", "AmazonSQS.ListQueues", "{}").code,
            "UnknownOperationException");
  AwsError error = DecodeError("dynamodb", "DynamoDB_20120810.Nope", "{}");
  HttpResponse response = Error("dynamodb", error);
  EXPECT_EQ(response.status, 400);
  EXPECT_EQ(json::parse(response.body.data())["__type"],
            "com.amazon.coral.service#UnknownOperationException");
}

TEST_F(JsonCodecTest, DynamoDbErrorsCarryTheirTypePrefixes) {
  HttpResponse missing =
      Error("dynamodb", AwsError("ResourceNotFoundException", "Requested resource not found"));
  EXPECT_EQ(missing.status, 400);
  EXPECT_EQ(missing.headers["X-Amzn-ErrorType"], "ResourceNotFoundException");
  EXPECT_EQ(missing.headers["Content-Type"], "application/x-amz-json-1.0");
  EXPECT_EQ(missing.headers["x-amzn-RequestId"], ctx_.request_id);
  EXPECT_EQ(missing.headers["x-amz-crc32"], std::to_string(Crc32(missing.body.data())));
  EXPECT_EQ(json::parse(missing.body.data()),
            (json{{"__type", "com.amazonaws.dynamodb.v20120810#ResourceNotFoundException"},
                  {"message", "Requested resource not found"}}));
  EXPECT_EQ(missing.headers.count("x-amzn-query-error"), 0u);

  HttpResponse validation = Error("dynamodb", ValidationError("1 validation error detected"));
  EXPECT_EQ(json::parse(validation.body.data())["__type"],
            "com.amazon.coral.validate#ValidationException");

  HttpResponse internal = Error("dynamodb", AwsError("InternalServerError", "oops"));
  EXPECT_EQ(internal.status, 500);

  AwsError canceled("TransactionCanceledException", "Transaction cancelled");
  canceled.With("CancellationReasons", json::array({{{"Code", "ConditionalCheckFailed"}}}));
  json body = json::parse(Error("dynamodb", canceled).body.data());
  EXPECT_EQ(body["Message"], "Transaction cancelled");
  EXPECT_FALSE(body.contains("message"));
  EXPECT_EQ(body["CancellationReasons"][0]["Code"], "ConditionalCheckFailed");
}

TEST_F(JsonCodecTest, SqsErrorsCarryTheLegacyQueryCode) {
  HttpResponse missing =
      Error("sqs", AwsError("QueueDoesNotExist", "The specified queue does not exist."));
  EXPECT_EQ(missing.status, 400);
  EXPECT_EQ(missing.headers["x-amzn-query-error"],
            "AWS.SimpleQueueService.NonExistentQueue;Sender");
  EXPECT_EQ(missing.headers["X-Amzn-ErrorType"], "QueueDoesNotExist");
  EXPECT_EQ(json::parse(missing.body.data()),
            (json{{"__type", "com.amazonaws.sqs#QueueDoesNotExist"},
                  {"message", "The specified queue does not exist."}}));

  HttpResponse purge = Error("sqs", AwsError("PurgeQueueInProgress", "Only one PurgeQueue"));
  EXPECT_EQ(purge.status, 403);
  EXPECT_EQ(purge.headers["x-amzn-query-error"],
            "AWS.SimpleQueueService.PurgeQueueInProgress;Sender");

  HttpResponse exists = Error("sqs", AwsError("QueueNameExists", "exists"));
  EXPECT_EQ(exists.headers["x-amzn-query-error"], "QueueAlreadyExists;Sender");

  HttpResponse internal = Error("sqs", InternalError("boom"));
  EXPECT_EQ(internal.status, 500);
  EXPECT_EQ(internal.headers["x-amzn-query-error"], "InternalFailure;Receiver");

  HttpResponse unimplemented = Error("sqs", NotImplementedError("sqs", "StartMessageMoveTask"));
  EXPECT_EQ(unimplemented.status, 501);
  EXPECT_EQ(json::parse(unimplemented.body.data())["__type"], "com.amazonaws.sqs#NotImplemented");
}

TEST_F(JsonCodecTest, HeadErrorsHaveNoBody) {
  HttpResponse response =
      CodecFor("dynamodb")
          ->EncodeError(AwsError("ResourceNotFoundException", "x"), nullptr, ctx_, true);
  EXPECT_TRUE(response.body.empty());
  EXPECT_EQ(response.status, 400);
}

TEST_F(JsonCodecTest, JsonVersionComesFromTheModel) {
  json model = {{"metadata",
                 {{"protocol", "json"},
                  {"jsonVersion", "1.1"},
                  {"targetPrefix", "Test_1"},
                  {"endpointPrefix", "test"}}},
                {"operations", {{"Ping", {{"http", {{"method", "POST"}, {"requestUri", "/"}}}}}}},
                {"shapes", json::object()}};
  auto compiled = models::CompileModel("test", model, json::object());
  auto codec = MakeCodec("json", *compiled);
  HttpRequest request = MakeRequest("POST", "/", {{"X-Amz-Target", "Test_1.Ping"}}, "");
  DecodedRequest decoded = codec->Decode(request, ctx_);
  HttpResponse response = codec->EncodeOutput(*decoded.operation, json::object(), ctx_);
  EXPECT_EQ(response.headers["Content-Type"], "application/x-amz-json-1.1");
  EXPECT_EQ(response.body.data(), "{}");
}

TEST_F(JsonCodecTest, SendsAPayloadTheHandlerSerializedAsItIs) {
  const models::Operation& op = *models::GetModel("dynamodb").FindOperation("GetItem");
  // Text a dump would not produce (spacing, member order): it must go out byte for byte.
  std::string body = R"({"Item": {"b":{"N":"1.50"} ,"a":{"S":"x\u00e9"}}})";
  ctx_.response_payload = Body::FromString(body);
  HttpResponse response = CodecFor("dynamodb")->EncodeOutput(op, {{"Ignored", 1}}, ctx_);
  EXPECT_EQ(response.status, 200);
  EXPECT_EQ(response.body.data(), body);
  EXPECT_EQ(response.headers["x-amz-crc32"], std::to_string(Crc32(body)));
}

}  // namespace
}  // namespace terrarium::protocols
