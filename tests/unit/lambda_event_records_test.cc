#include <gtest/gtest.h>

#include "emulator/services/lambda/async_destinations.h"
#include "emulator/services/lambda/event_sources/event_filter.h"
#include "emulator/services/lambda/event_sources/event_records.h"

namespace terrarium::services::lambda {
namespace {

using nlohmann::json;

TEST(LambdaEventRecordsTest, SqsRecordFromAMessage) {
  json message = {{"MessageId", "m1"},
                  {"ReceiptHandle", "rh"},
                  {"Body", "hi"},
                  {"MD5OfBody", "49f68a5c8493ec2c0bf489821c21fc3b"},
                  {"MD5OfMessageAttributes", "md5a"},
                  {"Attributes", {{"ApproximateReceiveCount", "1"}, {"SentTimestamp", "1"}}},
                  {"MessageAttributes",
                   {{"color", {{"DataType", "String"}, {"StringValue", "red"}}},
                    {"raw", {{"DataType", "Binary"}, {"BinaryValue", "AAE="}}}}}};
  json record = SqsEventRecord(message, "arn:aws:sqs:us-east-1:000000000000:q", "us-east-1");
  EXPECT_EQ(record["messageId"], "m1");
  EXPECT_EQ(record["receiptHandle"], "rh");
  EXPECT_EQ(record["body"], "hi");
  EXPECT_EQ(record["md5OfBody"], "49f68a5c8493ec2c0bf489821c21fc3b");
  EXPECT_EQ(record["md5OfMessageAttributes"], "md5a");
  EXPECT_EQ(record["eventSource"], "aws:sqs");
  EXPECT_EQ(record["eventSourceARN"], "arn:aws:sqs:us-east-1:000000000000:q");
  EXPECT_EQ(record["attributes"]["ApproximateReceiveCount"], "1");
  EXPECT_EQ(record["messageAttributes"]["color"], json({{"stringValue", "red"},
                                                        {"stringListValues", json::array()},
                                                        {"binaryListValues", json::array()},
                                                        {"dataType", "String"}}));
  EXPECT_EQ(record["messageAttributes"]["raw"]["binaryValue"], "AAE=");
}

TEST(LambdaEventRecordsTest, BatchItemFailures) {
  json ids = {"a", "b"};
  EXPECT_EQ(BatchItemFailures("", ids), std::vector<std::string>{});
  EXPECT_EQ(BatchItemFailures("null", ids), std::vector<std::string>{});
  EXPECT_EQ(BatchItemFailures(R"({"batchItemFailures":[]})", ids), std::vector<std::string>{});
  EXPECT_EQ(BatchItemFailures(R"({"batchItemFailures":[{"itemIdentifier":"b"}]})", ids),
            std::vector<std::string>{"b"});
  // Unknown or empty identifiers fail the whole batch.
  EXPECT_FALSE(BatchItemFailures(R"({"batchItemFailures":[{"itemIdentifier":"z"}]})", ids));
  EXPECT_FALSE(BatchItemFailures(R"({"batchItemFailures":[{"itemIdentifier":""}]})", ids));
  EXPECT_FALSE(BatchItemFailures(R"({"batchItemFailures":"b"})", ids));
}

TEST(LambdaEventRecordsTest, FilterPatterns) {
  json record = {{"body", R"({"kind":"order","total":42,"tags":["a","b"],"who":{"name":"Ann"}})"},
                 {"attributes", {{"SenderId", "me"}}}};
  auto passes = [&](const std::string& pattern) {
    return PassesFilters({{"Filters", {{{"Pattern", pattern}}}}}, record);
  };
  EXPECT_TRUE(PassesFilters(json::object(), record));
  EXPECT_TRUE(passes(R"({"body":{"kind":["order"]}})"));
  EXPECT_FALSE(passes(R"({"body":{"kind":["refund"]}})"));
  EXPECT_TRUE(
      passes(R"({"body":{"kind":[{"prefix":"or"}],"total":[{"numeric":[">",40,"<=",42]}]}})"));
  EXPECT_FALSE(passes(R"({"body":{"total":[{"numeric":[">",42]}]}})"));
  EXPECT_TRUE(passes(R"({"body":{"tags":["b"]}})"));
  EXPECT_TRUE(passes(R"({"body":{"who":{"name":[{"equals-ignore-case":"ANN"}]}}})"));
  EXPECT_TRUE(passes(R"({"body":{"missing":[{"exists":false}]}})"));
  EXPECT_FALSE(passes(R"({"body":{"kind":[{"exists":false}]}})"));
  EXPECT_TRUE(passes(R"({"body":{"kind":[{"anything-but":["refund"]}]}})"));
  EXPECT_FALSE(passes(R"({"body":{"kind":[{"anything-but":"order"}]}})"));
  EXPECT_TRUE(passes(R"({"attributes":{"SenderId":[{"suffix":"e"}]}})"));
  // Filters are alternatives.
  EXPECT_TRUE(PassesFilters({{"Filters",
                              {{{"Pattern", R"({"body":{"kind":["x"]}})"}},
                               {{"Pattern", R"({"body":{"kind":["order"]}})"}}}}},
                            record));
}

TEST(LambdaEventRecordsTest, AsyncDestinationRecord) {
  auto spec = std::make_shared<FunctionSpec>();
  spec->arn = "arn:aws:lambda:us-east-1:000000000000:function:f";
  spec->version = "$LATEST";
  AsyncOutcome outcome{
      spec,
      "req-1",
      R"({"x":1})",
      {R"({"errorMessage":"bad","errorType":"ValueError"})", "Unhandled", "", "$LATEST"},
      3,
      false,
      "RetriesExhausted"};
  json record = DestinationRecord(outcome, 1700000000);
  EXPECT_EQ(record["version"], "1.0");
  EXPECT_EQ(record["timestamp"], "2023-11-14T22:13:20.000Z");
  EXPECT_EQ(record["requestContext"],
            json({{"requestId", "req-1"},
                  {"functionArn", "arn:aws:lambda:us-east-1:000000000000:function:f:$LATEST"},
                  {"condition", "RetriesExhausted"},
                  {"approximateInvokeCount", 3}}));
  EXPECT_EQ(record["requestPayload"], json({{"x", 1}}));
  EXPECT_EQ(
      record["responseContext"],
      json({{"statusCode", 200}, {"executedVersion", "$LATEST"}, {"functionError", "Unhandled"}}));
  EXPECT_EQ(record["responsePayload"]["errorType"], "ValueError");
  outcome.succeeded = true;
  outcome.result = {"42", "", "", "$LATEST"};
  record = DestinationRecord(outcome, 1700000000);
  EXPECT_EQ(record["requestContext"]["condition"], "Success");
  EXPECT_FALSE(record["responseContext"].contains("functionError"));
  EXPECT_EQ(record["responsePayload"], 42);
}

}  // namespace
}  // namespace terrarium::services::lambda
