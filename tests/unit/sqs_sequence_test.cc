// A queue's sequence numbers live in its tally record ("sqs.counts"): read from the table that
// older stores kept them in ("sqs.sequence"), kept across purges, dropped with the queue. Also
// the message body character check, whose ASCII fast path must agree with its decoding path.
#include <gtest/gtest.h>

#include <algorithm>
#include <optional>
#include <string>

#include "emulator/services/sqs/fifo.h"
#include "emulator/services/sqs/message_checks.h"
#include "sqs_test_support.h"

namespace terrarium::services::sqs {
namespace {

class SqsSequenceTest : public ::testing::Test, public SqsFixture {
 protected:
  std::string NewFifoQueue(const std::string& name) {
    return NewQueue(name, {{"FifoQueue", "true"}, {"ContentBasedDeduplication", "true"}});
  }

  // The SequenceNumber SendMessage answers.
  std::string SendFifo(const std::string& url, const std::string& body) {
    nlohmann::json out =
        Call(SendMessage, {{"QueueUrl", url}, {"MessageBody", body}, {"MessageGroupId", "g"}});
    return out["SequenceNumber"];
  }

  // The one record of `table` (the tests use one queue), if any.
  std::optional<std::string> OnlyRecord(const std::string& table, std::string* key = nullptr) {
    auto txn = store_->BeginRead();
    std::optional<std::string> value;
    txn->Scan(table, "", "", [&](std::string_view k, std::string_view v) {
      if (key != nullptr) *key = std::string(k);
      value = std::string(v);
      return true;
    });
    return value;
  }
};

TEST_F(SqsSequenceTest, TheTallyHoldsTheLastSequenceNumber) {
  std::string url = NewFifoQueue("q.fifo");
  EXPECT_EQ(SendFifo(url, "a"), SequenceNumber(1));
  EXPECT_EQ(SendFifo(url, "b"), SequenceNumber(2));
  std::optional<std::string> tally = OnlyRecord("sqs.counts");
  ASSERT_TRUE(tally);
  EXPECT_EQ(std::count(tally->begin(), tally->end(), ' '), 4) << *tally;
  EXPECT_TRUE(tally->ends_with(" 2")) << *tally;
  EXPECT_FALSE(OnlyRecord("sqs.sequence")) << "no second record per send";
}

TEST_F(SqsSequenceTest, StoresThatKeptTheSequenceApartContinueFromIt) {
  std::string url = NewFifoQueue("q.fifo");
  SendFifo(url, "a");
  Receive(url);
  std::string queue_key;
  std::optional<std::string> tally = OnlyRecord("sqs.counts", &queue_key);
  ASSERT_TRUE(tally);
  {
    // As an older store wrote them: a tally of four fields, the sequence in its own table.
    auto txn = store_->BeginWrite();
    txn->Put("sqs.counts", queue_key, tally->substr(0, tally->rfind(' ')));
    txn->Put("sqs.sequence", queue_key, "41");
    txn->Commit();
  }
  EXPECT_EQ(SendFifo(url, "b"), SequenceNumber(42));
  EXPECT_FALSE(OnlyRecord("sqs.sequence")) << "read once, then kept in the tally";
  EXPECT_EQ(SendFifo(url, "c"), SequenceNumber(43));
  tally = OnlyRecord("sqs.counts");
  ASSERT_TRUE(tally);
  EXPECT_TRUE(tally->ends_with(" 43")) << *tally;
  // The message received before the change is still there, in flight; the new ones queue
  // behind it in its group.
  nlohmann::json counts =
      Call(GetQueueAttributes, {{"QueueUrl", url}, {"AttributeNames", {"All"}}});
  EXPECT_EQ(counts["Attributes"]["ApproximateNumberOfMessages"], "2");
  EXPECT_EQ(counts["Attributes"]["ApproximateNumberOfMessagesNotVisible"], "1");
}

TEST_F(SqsSequenceTest, StoresWithoutATallyNumberPastTheirMessages) {
  std::string url = NewFifoQueue("q.fifo");
  SendFifo(url, "a");
  SendFifo(url, "b");
  std::string queue_key;
  ASSERT_TRUE(OnlyRecord("sqs.counts", &queue_key));
  {
    auto txn = store_->BeginWrite();
    txn->Erase("sqs.counts", queue_key);
    txn->Commit();
  }
  EXPECT_EQ(SendFifo(url, "c"), SequenceNumber(3)) << "never a number a message holds";
  nlohmann::json received = Receive(url, {{"MaxNumberOfMessages", 10}});
  ASSERT_EQ(received.size(), 3u);
  EXPECT_EQ(received[2]["Body"], "c");
}

TEST_F(SqsSequenceTest, PurgeKeepsTheNumberingDeleteQueueDropsIt) {
  std::string url = NewFifoQueue("q.fifo");
  SendFifo(url, "a");
  SendFifo(url, "b");
  Call(PurgeQueue, {{"QueueUrl", url}});
  EXPECT_EQ(SendFifo(url, "c"), SequenceNumber(3));
  nlohmann::json counts = Call(
      GetQueueAttributes, {{"QueueUrl", url}, {"AttributeNames", {"ApproximateNumberOfMessages"}}});
  EXPECT_EQ(counts["Attributes"]["ApproximateNumberOfMessages"], "1");

  Call(DeleteQueue, {{"QueueUrl", url}});
  EXPECT_FALSE(OnlyRecord("sqs.counts"));
  EXPECT_FALSE(OnlyRecord("sqs.sequence"));
  Advance(std::chrono::seconds(61));  // a deleted queue's name is free again after 60 s
  url = NewFifoQueue("q.fifo");
  EXPECT_EQ(SendFifo(url, "d"), SequenceNumber(1));
}

}  // namespace
}  // namespace terrarium::services::sqs

namespace terrarium::services::sqs {
namespace {

// The check takes printable ASCII at a glance and decodes everything else.
TEST(SqsMessageCharacters, AsciiNonAsciiAndControlCharacters) {
  auto code = [](std::string_view text) {
    try {
      CheckMessageCharacters(text);
    } catch (const AwsError& e) {
      return e.code + " " + e.message.substr(0, e.message.find("' was"));
    }
    return std::string("ok");
  };
  EXPECT_EQ(code("plain ASCII ~ with tab\t, newline\n, return\r and DEL \x7f"), "ok");
  EXPECT_EQ(code("caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80"), "ok");  // é € 😀
  EXPECT_EQ(code("bad \x01 char"), "InvalidMessageContents Invalid binary character '#x1");
  EXPECT_EQ(code("after ASCII \x1f"), "InvalidMessageContents Invalid binary character '#x1F");
  EXPECT_EQ(code("\xef\xbf\xbe"), "InvalidMessageContents Invalid binary character '#xFFFE");
  EXPECT_EQ(code("cut \xc3"), "InvalidMessageContents Invalid binary character '#xFFFD");
}

}  // namespace
}  // namespace terrarium::services::sqs
