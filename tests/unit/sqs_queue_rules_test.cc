// SQS rules with a ManualClock: the 60 s name reuse after DeleteQueue, the 12 h visibility cap,
// ReceiveRequestAttemptId replays on FIFO queues, FIFO high-throughput attribute rules, message
// move tasks at a set rate, and a receive on an empty queue that never takes the write lock.
#include <gtest/gtest.h>

#include <future>

#include "emulator/app/registry.h"
#include "emulator/core/aws_error.h"
#include "sqs_test_support.h"

namespace terrarium::services::sqs {
namespace {

using nlohmann::json;
using std::chrono::milliseconds;
using std::chrono::seconds;

class SqsQueueRulesTest : public ::testing::Test, public SqsFixture {
 protected:
  std::string ErrorMessage(const std::function<void()>& fn) {
    try {
      fn();
    } catch (const AwsError& e) {
      return e.message;
    }
    return "";
  }
  std::string Arn(const std::string& url) {
    return Call(GetQueueAttributes,
                {{"QueueUrl", url}, {"AttributeNames", {"QueueArn"}}})["Attributes"]["QueueArn"];
  }
  static std::vector<std::string> Bodies(const json& messages) {
    std::vector<std::string> bodies;
    for (const json& m : messages) bodies.push_back(m["Body"]);
    return bodies;
  }
};

TEST_F(SqsQueueRulesTest, NameIsKeptForSixtySecondsAfterDelete) {
  std::string url = NewQueue("gone");
  Call(DeleteQueue, {{"QueueUrl", url}});
  Advance(seconds(59));
  EXPECT_EQ(ErrorCode([&] { NewQueue("gone"); }), "QueueDeletedRecently");
  EXPECT_EQ(ErrorCode([&] { NewQueue("other"); }), "");
  Advance(seconds(1));
  EXPECT_EQ(NewQueue("gone"), url);
}

TEST_F(SqsQueueRulesTest, VisibilityIsCappedAtTwelveHoursFromTheReceive) {
  std::string url = NewQueue("q");
  Send(url, "one");
  std::string handle = Receive(url, {{"VisibilityTimeout", 600}})[0]["ReceiptHandle"];
  Advance(seconds(100));
  auto change = [&](int seconds) {
    Call(ChangeMessageVisibility,
         {{"QueueUrl", url}, {"ReceiptHandle", handle}, {"VisibilityTimeout", seconds}});
  };
  EXPECT_EQ(ErrorMessage([&] { change(43101); }),
            "Value 43101 for parameter VisibilityTimeout is invalid. Reason: Total "
            "VisibilityTimeout for the message is beyond the limit [43200 seconds]");
  EXPECT_EQ(ErrorCode([&] { change(43100); }), "");
  json batch =
      Call(ChangeMessageVisibilityBatch,
           {{"QueueUrl", url},
            {"Entries", {{{"Id", "a"}, {"ReceiptHandle", handle}, {"VisibilityTimeout", 50000}}}}});
  EXPECT_EQ(batch["Failed"][0]["Code"], "InvalidParameterValue");
}

TEST_F(SqsQueueRulesTest, FifoReceiveAttemptReplaysTheSameMessages) {
  std::string url = NewQueue("f.fifo", {{"FifoQueue", "true"}, {"VisibilityTimeout", "30"}});
  for (std::string body : {"m1", "m2", "m3"}) {
    Send(url, body, {{"MessageGroupId", "g"}, {"MessageDeduplicationId", body}});
  }
  json first = Receive(url, {{"ReceiveRequestAttemptId", "try-1"}, {"MaxNumberOfMessages", 2}});
  ASSERT_EQ(Bodies(first), (std::vector<std::string>{"m1", "m2"}));
  EXPECT_TRUE(Receive(url).empty()) << "the group is in flight";

  Advance(seconds(20));
  json retry = Receive(url, {{"ReceiveRequestAttemptId", "try-1"}, {"MaxNumberOfMessages", 2}});
  ASSERT_EQ(Bodies(retry), (std::vector<std::string>{"m1", "m2"}));
  EXPECT_EQ(retry[0]["ReceiptHandle"], first[0]["ReceiptHandle"]);
  EXPECT_EQ(retry[1]["ReceiptHandle"], first[1]["ReceiptHandle"]);
  Advance(seconds(20));  // 40 s after the first receive, 20 s after the retry restarted it
  EXPECT_TRUE(Receive(url).empty()) << "the retry restarts the visibility timeout";

  // Once a message was deleted the attempt cannot be replayed: a new receive happens.
  Call(DeleteMessage, {{"QueueUrl", url}, {"ReceiptHandle", first[0]["ReceiptHandle"]}});
  Call(DeleteMessage, {{"QueueUrl", url}, {"ReceiptHandle", first[1]["ReceiptHandle"]}});
  EXPECT_EQ(Bodies(Receive(url, {{"ReceiveRequestAttemptId", "try-1"}})),
            std::vector<std::string>{"m3"});

  EXPECT_EQ(ErrorCode([&] {
              Receive(url, {{"ReceiveRequestAttemptId", std::string(129, 'a')}});
            }),
            "InvalidParameterValue");
}

TEST_F(SqsQueueRulesTest, FifoReceiveAttemptLastsFiveMinutes) {
  std::string url = NewQueue("f.fifo", {{"FifoQueue", "true"}, {"VisibilityTimeout", "600"}});
  Send(url, "m1", {{"MessageGroupId", "g"}, {"MessageDeduplicationId", "1"}});
  json first = Receive(url, {{"ReceiveRequestAttemptId", "a"}});
  Advance(seconds(299));
  EXPECT_EQ(Receive(url, {{"ReceiveRequestAttemptId", "a"}})[0]["ReceiptHandle"],
            first[0]["ReceiptHandle"]);
  Advance(seconds(1));
  EXPECT_TRUE(Receive(url, {{"ReceiveRequestAttemptId", "a"}}).empty())
      << "past five minutes the id is forgotten and the message is still in flight";
}

TEST_F(SqsQueueRulesTest, HighThroughputNeedsMessageGroupScope) {
  json fifo = {{"FifoQueue", "true"}, {"FifoThroughputLimit", "perMessageGroupId"}};
  EXPECT_EQ(ErrorCode([&] { NewQueue("a.fifo", fifo); }), "InvalidAttributeValue");
  fifo["DeduplicationScope"] = "messageGroup";
  std::string url = NewQueue("a.fifo", fifo);
  EXPECT_EQ(ErrorCode([&] {
              Call(SetQueueAttributes,
                   {{"QueueUrl", url}, {"Attributes", {{"DeduplicationScope", "queue"}}}});
            }),
            "InvalidAttributeValue");
  Call(SetQueueAttributes,
       {{"QueueUrl", url},
        {"Attributes", {{"DeduplicationScope", "queue"}, {"FifoThroughputLimit", "perQueue"}}}});
}

TEST_F(SqsQueueRulesTest, MoveTaskAtARateRunsUntilDoneOrCancelled) {
  std::string dlq = NewQueue("dlq");
  std::string policy = "{\"deadLetterTargetArn\":\"" + Arn(dlq) + "\",\"maxReceiveCount\":\"1\"}";
  std::string src = NewQueue("src", {{"RedrivePolicy", policy}});
  for (std::string body : {"a", "b", "c", "d"}) Send(dlq, body);

  json start = Call(
      StartMessageMoveTask,
      {{"SourceArn", Arn(dlq)}, {"DestinationArn", Arn(src)}, {"MaxNumberOfMessagesPerSecond", 1}});
  std::string handle = start["TaskHandle"];
  EXPECT_EQ(ErrorCode([&] {
              Call(StartMessageMoveTask, {{"SourceArn", Arn(dlq)}, {"DestinationArn", Arn(src)}});
            }),
            "InvalidParameterValue")
      << "one running task per source";
  auto task = [&] { return Call(ListMessageMoveTasks, {{"SourceArn", Arn(dlq)}})["Results"][0]; };
  EXPECT_EQ(task()["Status"], "RUNNING");
  EXPECT_EQ(task()["ApproximateNumberOfMessagesToMove"], 4);
  EXPECT_EQ(task()["ApproximateNumberOfMessagesMoved"], 1);
  EXPECT_EQ(task()["TaskHandle"], handle);

  Advance(seconds(1));
  app::RunMaintenance(*store_, clock_);  // the server's upkeep moves the next one
  EXPECT_EQ(Bodies(Receive(src, {{"MaxNumberOfMessages", 10}})),
            (std::vector<std::string>{"a", "b"}));

  json cancelled = Call(CancelMessageMoveTask, {{"TaskHandle", handle}});
  EXPECT_EQ(cancelled["ApproximateNumberOfMessagesMoved"], 2);
  EXPECT_EQ(task()["Status"], "CANCELLED");
  EXPECT_FALSE(task().contains("TaskHandle"));
  Advance(seconds(5));
  EXPECT_EQ(task()["ApproximateNumberOfMessagesMoved"], 2) << "a cancelled task moves nothing";
  EXPECT_EQ(ErrorCode([&] {
              Call(CancelMessageMoveTask, {{"TaskHandle", handle}});
            }),
            "ResourceNotFoundException");

  // Without a rate the rest moves at once.
  Call(StartMessageMoveTask, {{"SourceArn", Arn(dlq)}, {"DestinationArn", Arn(src)}});
  EXPECT_EQ(task()["Status"], "COMPLETED");
  EXPECT_EQ(task()["ApproximateNumberOfMessagesMoved"], 2);
  EXPECT_EQ(ErrorCode([&] {
              Call(StartMessageMoveTask,
                   {{"SourceArn", Arn(dlq)}, {"MaxNumberOfMessagesPerSecond", 501}});
            }),
            "InvalidParameterValue");
}

TEST_F(SqsQueueRulesTest, ReceiveOnAnEmptyQueueTakesNoWriteLock) {
  std::string url = NewQueue("empty");
  auto writer = store_->BeginWrite();  // someone else's long write
  auto receive = std::async(std::launch::async, [&] { return Receive(url); });
  bool answered = receive.wait_for(seconds(10)) == std::future_status::ready;
  writer.reset();  // lets a receive that wrongly waits for the lock finish
  EXPECT_TRUE(answered);
  EXPECT_TRUE(receive.get().empty());
}

}  // namespace
}  // namespace terrarium::services::sqs
