// Receive rules with a ManualClock: visibility timeouts, delays, retention, receipt handles,
// FIFO group order and deduplication, dead-letter moves.
#include <gtest/gtest.h>

#include "emulator/core/aws_error.h"
#include "emulator/core/encoding.h"
#include "sqs_test_support.h"

namespace terrarium::services::sqs {
namespace {

using nlohmann::json;
using std::chrono::milliseconds;
using std::chrono::seconds;

class SqsReceiveTest : public ::testing::Test, public SqsFixture {};

TEST_F(SqsReceiveTest, VisibilityTimeoutHidesThenReturns) {
  std::string url = NewQueue("q", {{"VisibilityTimeout", "10"}});
  Send(url, "one");
  json first = Receive(url);
  ASSERT_EQ(first.size(), 1u);
  EXPECT_EQ(first[0]["Body"], "one");
  EXPECT_TRUE(Receive(url).empty());
  Advance(milliseconds(9999));
  EXPECT_TRUE(Receive(url).empty());
  Advance(milliseconds(1));
  json again = Receive(url, {{"AttributeNames", {"All"}}});
  ASSERT_EQ(again.size(), 1u);
  EXPECT_EQ(again[0]["Attributes"]["ApproximateReceiveCount"], "2");
  EXPECT_NE(again[0]["ReceiptHandle"], first[0]["ReceiptHandle"]);
}

TEST_F(SqsReceiveTest, DeleteWithLatestReceiptOnly) {
  std::string url = NewQueue("q", {{"VisibilityTimeout", "1"}});
  Send(url, "one");
  std::string old_handle = Receive(url)[0]["ReceiptHandle"];
  Advance(seconds(1));
  std::string new_handle = Receive(url)[0]["ReceiptHandle"];
  Call(DeleteMessage, {{"QueueUrl", url}, {"ReceiptHandle", old_handle}});
  Advance(seconds(1));
  json still = Receive(url);
  ASSERT_EQ(still.size(), 1u) << "an outdated handle must not delete";
  new_handle = still[0]["ReceiptHandle"];
  Call(DeleteMessage, {{"QueueUrl", url}, {"ReceiptHandle", new_handle}});
  Advance(seconds(5));
  EXPECT_TRUE(Receive(url).empty());
  EXPECT_EQ(ErrorCode([&] {
              Call(DeleteMessage, {{"QueueUrl", url}, {"ReceiptHandle", "garbage!"}});
            }),
            "ReceiptHandleIsInvalid");
}

// A receipt handle names its queue by ARN; a handle of another queue is refused, even one whose
// name the other's begins with.
TEST_F(SqsReceiveTest, ReceiptHandlesBelongToTheirQueue) {
  std::string q = NewQueue("q");
  std::string q2 = NewQueue("q2");
  Send(q, "one");
  Send(q2, "two");
  std::string handle = Receive(q)[0]["ReceiptHandle"];
  std::string handle2 = Receive(q2)[0]["ReceiptHandle"];
  std::optional<std::string> decoded = Base64Decode(handle);
  ASSERT_TRUE(decoded);
  EXPECT_TRUE(decoded->ends_with("|arn:aws:sqs:us-east-1:000000000000:q")) << *decoded;
  for (const auto& [url, foreign] : {std::pair{q, handle2}, std::pair{q2, handle}}) {
    EXPECT_EQ(ErrorCode([&] {
                Call(DeleteMessage, {{"QueueUrl", url}, {"ReceiptHandle", foreign}});
              }),
              "ReceiptHandleIsInvalid")
        << url;
  }
  Call(DeleteMessage, {{"QueueUrl", q}, {"ReceiptHandle", handle}});
  Call(DeleteMessage, {{"QueueUrl", q2}, {"ReceiptHandle", handle2}});
  nlohmann::json counts =
      Call(GetQueueAttributes,
           {{"QueueUrl", q}, {"AttributeNames", {"ApproximateNumberOfMessagesNotVisible"}}});
  EXPECT_EQ(counts["Attributes"]["ApproximateNumberOfMessagesNotVisible"], "0");
}

TEST_F(SqsReceiveTest, DelaySecondsQueueAndMessage) {
  std::string url = NewQueue("q", {{"DelaySeconds", "5"}});
  Send(url, "queue-delay");
  Send(url, "no-delay", {{"DelaySeconds", 0}});
  json now = Receive(url, {{"MaxNumberOfMessages", 10}});
  ASSERT_EQ(now.size(), 1u);
  EXPECT_EQ(now[0]["Body"], "no-delay");
  json counts = Call(GetQueueAttributes, {{"QueueUrl", url}, {"AttributeNames", {"All"}}});
  EXPECT_EQ(counts["Attributes"]["ApproximateNumberOfMessagesDelayed"], "1");
  EXPECT_EQ(counts["Attributes"]["ApproximateNumberOfMessagesNotVisible"], "1");
  EXPECT_EQ(counts["Attributes"]["ApproximateNumberOfMessages"], "0");
  Advance(seconds(5));
  json later = Receive(url);
  ASSERT_EQ(later.size(), 1u);
  EXPECT_EQ(later[0]["Body"], "queue-delay");
}

TEST_F(SqsReceiveTest, RetentionExpiresMessages) {
  std::string url = NewQueue("q", {{"MessageRetentionPeriod", "60"}});
  Send(url, "old");
  Advance(seconds(60));
  EXPECT_TRUE(Receive(url).empty());
}

TEST_F(SqsReceiveTest, ChangeVisibilityToZeroMakesVisible) {
  std::string url = NewQueue("q");
  Send(url, "one");
  std::string handle = Receive(url)[0]["ReceiptHandle"];
  Call(ChangeMessageVisibility,
       {{"QueueUrl", url}, {"ReceiptHandle", handle}, {"VisibilityTimeout", 0}});
  EXPECT_EQ(Receive(url).size(), 1u);
}

TEST_F(SqsReceiveTest, FifoGroupBlockedWhileInFlight) {
  std::string url =
      NewQueue("f.fifo", {{"FifoQueue", "true"}, {"ContentBasedDeduplication", "true"}});
  for (std::string body : {"a1", "a2", "b1"}) {
    Send(url, body, {{"MessageGroupId", std::string(1, body[0])}});
  }
  json first = Receive(url);
  ASSERT_EQ(first.size(), 1u);
  EXPECT_EQ(first[0]["Body"], "a1");
  json second = Receive(url, {{"MaxNumberOfMessages", 10}});
  ASSERT_EQ(second.size(), 1u) << "group a is blocked while a1 is in flight";
  EXPECT_EQ(second[0]["Body"], "b1");
  Call(DeleteMessage, {{"QueueUrl", url}, {"ReceiptHandle", first[0]["ReceiptHandle"]}});
  json third = Receive(url, {{"MaxNumberOfMessages", 10}});
  ASSERT_EQ(third.size(), 1u);
  EXPECT_EQ(third[0]["Body"], "a2");
}

TEST_F(SqsReceiveTest, FifoDeduplicatesWithinFiveMinutes) {
  std::string url = NewQueue("f.fifo", {{"FifoQueue", "true"}});
  json first = Call(SendMessage, {{"QueueUrl", url},
                                  {"MessageBody", "x"},
                                  {"MessageGroupId", "g"},
                                  {"MessageDeduplicationId", "d"}});
  json again = Call(SendMessage, {{"QueueUrl", url},
                                  {"MessageBody", "x"},
                                  {"MessageGroupId", "g"},
                                  {"MessageDeduplicationId", "d"}});
  EXPECT_EQ(first["MessageId"], again["MessageId"]);
  EXPECT_EQ(first["SequenceNumber"], again["SequenceNumber"]);
  Advance(seconds(300));
  json later = Call(SendMessage, {{"QueueUrl", url},
                                  {"MessageBody", "x"},
                                  {"MessageGroupId", "g"},
                                  {"MessageDeduplicationId", "d"}});
  EXPECT_NE(later["MessageId"], first["MessageId"]);
  EXPECT_GT(later["SequenceNumber"].get<std::string>(), first["SequenceNumber"].get<std::string>());
  EXPECT_EQ(ErrorCode([&] {
              Call(SendMessage, {{"QueueUrl", url}, {"MessageBody", "x"}, {"MessageGroupId", "g"}});
            }),
            "InvalidParameterValue");
}

TEST_F(SqsReceiveTest, DeadLetterAfterMaxReceiveCount) {
  std::string dlq = NewQueue("dlq");
  json arn = Call(GetQueueAttributes, {{"QueueUrl", dlq}, {"AttributeNames", {"QueueArn"}}});
  std::string policy = "{\"deadLetterTargetArn\":\"" +
                       arn["Attributes"]["QueueArn"].get<std::string>() +
                       "\",\"maxReceiveCount\":\"2\"}";
  std::string url = NewQueue("src", {{"RedrivePolicy", policy}, {"VisibilityTimeout", "1"}});
  Send(url, "poison");
  EXPECT_EQ(Receive(url).size(), 1u);
  Advance(seconds(1));
  EXPECT_EQ(Receive(url).size(), 1u);
  Advance(seconds(1));
  EXPECT_TRUE(Receive(url).empty());
  json moved = Receive(dlq, {{"AttributeNames", {"All"}}});
  ASSERT_EQ(moved.size(), 1u);
  EXPECT_EQ(moved[0]["Body"], "poison");
  EXPECT_EQ(moved[0]["Attributes"]["DeadLetterQueueSourceArn"],
            "arn:aws:sqs:us-east-1:000000000000:src");
  json sources = Call(ListDeadLetterSourceQueues, {{"QueueUrl", dlq}});
  EXPECT_EQ(sources["queueUrls"], json::array({url}));
}

}  // namespace
}  // namespace terrarium::services::sqs
