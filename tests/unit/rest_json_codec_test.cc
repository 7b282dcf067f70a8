#include <memory>
#include <string>

#include <gtest/gtest.h>

#include "emulator/protocols/codec.h"
#include "tests/unit/codec_test_support.h"

namespace terrarium::protocols {
namespace {

using nlohmann::json;
using testing::MakeContext;
using testing::MakeRequest;
using testing::ReadTestData;
using testing::ReadTestJson;

class RestJsonCodecTest : public ::testing::Test {
 protected:
  const models::ServiceModel& lambda_ = models::GetModel("lambda");
  std::unique_ptr<Codec> codec_ = MakeCodec("rest-json", lambda_);
  RequestContext ctx_ = MakeContext();

  DecodedRequest Decode(std::string method, std::string target, std::string body,
                        Headers headers = {}) {
    HttpRequest request =
        MakeRequest(std::move(method), std::move(target), std::move(headers), std::move(body));
    return codec_->Decode(request, ctx_);
  }

  AwsError DecodeError(std::string method, std::string target, std::string body) {
    try {
      Decode(std::move(method), std::move(target), std::move(body));
    } catch (const AwsError& error) {
      return error;
    }
    ADD_FAILURE() << "decoding did not throw";
    return AwsError("", "");
  }

  HttpResponse Encode(std::string_view operation, const json& output) {
    return codec_->EncodeOutput(*lambda_.FindOperation(operation), output, ctx_);
  }

  HttpResponse Error(const AwsError& error) {
    return codec_->EncodeError(error, nullptr, ctx_, false);
  }
};

TEST_F(RestJsonCodecTest, DecodesCreateFunction) {
  DecodedRequest decoded = Decode("POST", "/2015-03-31/functions",
                                  ReadTestData("rest-json/lambda_createfunction_request.json"),
                                  {{"Content-Type", "application/json"}});
  ASSERT_NE(decoded.operation, nullptr);
  EXPECT_EQ(decoded.operation->name, "CreateFunction");
  EXPECT_EQ(decoded.input, ReadTestJson("rest-json/lambda_createfunction_request.json"));
}

TEST_F(RestJsonCodecTest, CreateFunctionAnswers201) {
  json configuration = ReadTestJson("rest-json/lambda_getfunction_response.json")["Configuration"];
  HttpResponse response = Encode("CreateFunction", configuration);
  EXPECT_EQ(response.status, 201);
  EXPECT_EQ(response.headers["Content-Type"], "application/json");
  EXPECT_EQ(response.headers["x-amzn-RequestId"], ctx_.request_id);
  EXPECT_EQ(json::parse(response.body.data()), configuration);
}

TEST_F(RestJsonCodecTest, GetFunctionWithQualifier) {
  DecodedRequest decoded =
      Decode("GET",
             "/2015-03-31/functions/arn%3Aaws%3Alambda%3Aus-west-2%3A123456789012%3A"
             "function%3Amy-function?Qualifier=PROD",
             "");
  EXPECT_EQ(decoded.operation->name, "GetFunction");
  EXPECT_EQ(decoded.input,
            (json{{"FunctionName", "arn:aws:lambda:us-west-2:123456789012:function:my-function"},
                  {"Qualifier", "PROD"}}));

  json output = ReadTestJson("rest-json/lambda_getfunction_response.json");
  HttpResponse response = Encode("GetFunction", output);
  EXPECT_EQ(response.status, 200);
  EXPECT_EQ(json::parse(response.body.data()), output);
}

TEST_F(RestJsonCodecTest, ListFunctionsQuery) {
  DecodedRequest decoded =
      Decode("GET", "/2015-03-31/functions/?FunctionVersion=ALL&Marker=abc&MaxItems=10", "");
  EXPECT_EQ(decoded.operation->name, "ListFunctions");
  EXPECT_EQ(decoded.input, (json{{"FunctionVersion", "ALL"}, {"Marker", "abc"}, {"MaxItems", 10}}));

  AwsError error = DecodeError("GET", "/2015-03-31/functions/?MaxItems=ten", "");
  EXPECT_EQ(error.code, "InvalidRequestContentException");
  EXPECT_EQ(Error(error).status, 400);
}

TEST_F(RestJsonCodecTest, InvokePayloadTravelsBesideTheDocument) {
  DecodedRequest decoded = Decode(
      "POST", "/2015-03-31/functions/my-function/invocations?Qualifier=1", R"({"key1": "value1"})",
      {{"X-Amz-Invocation-Type", "Event"}, {"X-Amz-Log-Type", "Tail"}});
  EXPECT_EQ(decoded.operation->name, "Invoke");
  EXPECT_EQ(decoded.input, (json{{"FunctionName", "my-function"},
                                 {"Qualifier", "1"},
                                 {"InvocationType", "Event"},
                                 {"LogType", "Tail"}}));
  EXPECT_EQ(ctx_.request_payload.ReadAll(), R"({"key1": "value1"})");

  // A payload that is not JSON is still just bytes.
  Decode("POST", "/2015-03-31/functions/f/invocations", "not json");
  EXPECT_EQ(ctx_.request_payload.ReadAll(), "not json");
}

TEST_F(RestJsonCodecTest, InvokeResponseStatusHeadersAndPayload) {
  ctx_.response_payload = Body::FromString(R"({"statusCode": 200})");
  HttpResponse response = Encode("Invoke", {{"StatusCode", 200},
                                            {"ExecutedVersion", "$LATEST"},
                                            {"FunctionError", "Unhandled"},
                                            {"LogResult", "U1RBUlQ="}});
  EXPECT_EQ(response.status, 200);
  EXPECT_EQ(response.headers["X-Amz-Executed-Version"], "$LATEST");
  EXPECT_EQ(response.headers["X-Amz-Function-Error"], "Unhandled");
  EXPECT_EQ(response.headers["X-Amz-Log-Result"], "U1RBUlQ=");
  EXPECT_EQ(response.body.ReadAll(), R"({"statusCode": 200})");

  HttpResponse event = Encode("Invoke", {{"StatusCode", 202}});
  EXPECT_EQ(event.status, 202);
  EXPECT_TRUE(event.body.empty());
}

TEST_F(RestJsonCodecTest, StatusesFromModelMemberAndContext) {
  HttpResponse deleted = Encode("DeleteFunction", {{"StatusCode", 204}});
  EXPECT_EQ(deleted.status, 204);
  EXPECT_TRUE(deleted.body.empty());

  HttpResponse tagged = Encode("TagResource", json::object());
  EXPECT_EQ(tagged.status, 204);
  EXPECT_TRUE(tagged.body.empty());

  ctx_.response_status = 202;
  EXPECT_EQ(Encode("GetFunction", json::object()).status, 202);
}

TEST_F(RestJsonCodecTest, UnknownRouteAndMalformedBody) {
  AwsError unknown = DecodeError("GET", "/2015-03-31/nothing", "");
  EXPECT_EQ(unknown.code, "UnknownOperationException");
  EXPECT_EQ(Error(unknown).status, 404);

  AwsError malformed = DecodeError("POST", "/2015-03-31/functions", "{\"FunctionName\": ");
  EXPECT_EQ(malformed.code, "InvalidRequestContentException");

  AwsError mistyped = DecodeError("POST", "/2015-03-31/functions", R"({"MemorySize": "big"})");
  EXPECT_EQ(mistyped.code, "InvalidRequestContentException");
  EXPECT_NE(mistyped.message.find("STRING_VALUE cannot be converted to Integer"),
            std::string::npos);
}

TEST_F(RestJsonCodecTest, ErrorsCarryTypeAndErrorTypeHeader) {
  HttpResponse missing =
      Error(AwsError("ResourceNotFoundException",
                     "Function not found: arn:aws:lambda:us-east-1:000000000000:function:nope"));
  EXPECT_EQ(missing.status, 404);
  EXPECT_EQ(missing.headers["X-Amzn-ErrorType"], "ResourceNotFoundException");
  EXPECT_EQ(missing.headers["x-amzn-RequestId"], ctx_.request_id);
  EXPECT_EQ(json::parse(missing.body.data()),
            (json{{"Type", "User"},
                  {"Message",
                   "Function not found: arn:aws:lambda:us-east-1:000000000000:function:nope"}}));

  HttpResponse conflict = Error(AwsError("ResourceConflictException", "exists"));
  EXPECT_EQ(conflict.status, 409);
  EXPECT_EQ(json::parse(conflict.body.data()), (json{{"Type", "User"}, {"message", "exists"}}));

  AwsError throttled("TooManyRequestsException", "Rate exceeded");
  throttled.With("retryAfterSeconds", "3").With("Reason", "CallerRateLimitExceeded");
  HttpResponse too_many = Error(throttled);
  EXPECT_EQ(too_many.status, 429);
  EXPECT_EQ(too_many.headers["Retry-After"], "3");
  EXPECT_EQ(json::parse(too_many.body.data()), (json{{"Type", "User"},
                                                     {"message", "Rate exceeded"},
                                                     {"Reason", "CallerRateLimitExceeded"}}));

  HttpResponse service = Error(AwsError("ServiceException", "internal"));
  EXPECT_EQ(service.status, 500);
  EXPECT_EQ(json::parse(service.body.data())["Type"], "Service");

  HttpResponse head =
      codec_->EncodeError(AwsError("ResourceNotFoundException", "x"), nullptr, ctx_, true);
  EXPECT_EQ(head.status, 404);
  EXPECT_TRUE(head.body.empty());
}

}  // namespace
}  // namespace terrarium::protocols
