// The stored message record (binary; JSON records of older stores still read) and
// deletes by receipt handle, whose fast path checks the visibility index instead of the message.
#include <gtest/gtest.h>

#include <array>
#include <vector>

#include "emulator/services/sqs/message_record.h"
#include "emulator/storage/snapshots/state_files.h"
#include "sqs_test_support.h"

namespace terrarium::services::sqs {
namespace {

using nlohmann::json;
using std::chrono::seconds;

Message FullMessage() {
  Message m;
  m.seq = 18446744073709551615ULL;
  m.id = "0d3c5a2e-1111-4222-8333-444455556666";
  m.body = std::string("quote\" backslash\\ tab\t nl\n cr\r bs\b ff\f ctl\x01\x1f del\x7f ") +
           "\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80";
  m.md5_body = "md5body";
  m.attributes = {{"Name", {{"DataType", "String"}, {"StringValue", "v\"1"}}}};
  m.md5_attributes = "md5attr";
  m.system_attributes = {{"AWSTraceHeader", {{"DataType", "String"}, {"StringValue", "Root=1"}}}};
  m.md5_system_attributes = "md5sys";
  m.sender_id = "000000000000";
  m.sent_ms = 1700000000123;
  m.visible_at_ms = 1700000030123;
  m.first_receive_ms = 1700000000200;
  m.received_ms = 1700000000300;
  m.receive_count = 3;
  m.receipt = "nonce:1700000030123";
  m.group_id = "g1";
  m.dedup_id = "d1";
  m.dead_letter_source_arn = "arn:aws:sqs:us-east-1:000000000000:src";
  return m;
}

// The record as versions before the binary layout wrote it: a JSON object with sorted keys.
std::string SqsLegacyJsonRecord(const Message& m) {
  json v = {{"Body", m.body},
            {"MD5OfBody", m.md5_body},
            {"MessageId", m.id},
            {"SenderId", m.sender_id},
            {"SentMs", m.sent_ms},
            {"Seq", m.seq},
            {"VisibleAtMs", m.visible_at_ms},
            {"ReceiveCount", m.receive_count}};
  if (!m.dead_letter_source_arn.empty()) v["DeadLetterQueueSourceArn"] = m.dead_letter_source_arn;
  if (m.first_receive_ms != 0) v["FirstReceiveMs"] = m.first_receive_ms;
  if (m.received_ms != 0) v["ReceivedMs"] = m.received_ms;
  if (!m.attributes.empty()) {
    v["MessageAttributes"] = m.attributes;
    v["MD5OfMessageAttributes"] = m.md5_attributes;
  }
  if (!m.system_attributes.empty()) {
    v["MessageSystemAttributes"] = m.system_attributes;
    v["MD5OfMessageSystemAttributes"] = m.md5_system_attributes;
  }
  if (!m.dedup_id.empty()) v["MessageDeduplicationId"] = m.dedup_id;
  if (!m.group_id.empty()) v["MessageGroupId"] = m.group_id;
  if (!m.receipt.empty()) v["Receipt"] = m.receipt;
  return v.dump();
}

void ExpectSameSqsMessage(const Message& back, const Message& m) {
  EXPECT_EQ(back.seq, m.seq);
  EXPECT_EQ(back.id, m.id);
  EXPECT_EQ(back.body, m.body);
  EXPECT_EQ(back.md5_body, m.md5_body);
  EXPECT_EQ(back.attributes, m.attributes);
  EXPECT_EQ(back.md5_attributes, m.md5_attributes);
  EXPECT_EQ(back.system_attributes, m.system_attributes);
  EXPECT_EQ(back.md5_system_attributes, m.md5_system_attributes);
  EXPECT_EQ(back.sender_id, m.sender_id);
  EXPECT_EQ(back.sent_ms, m.sent_ms);
  EXPECT_EQ(back.visible_at_ms, m.visible_at_ms);
  EXPECT_EQ(back.first_receive_ms, m.first_receive_ms);
  EXPECT_EQ(back.received_ms, m.received_ms);
  EXPECT_EQ(back.receive_count, m.receive_count);
  EXPECT_EQ(back.receipt, m.receipt);
  EXPECT_EQ(back.group_id, m.group_id);
  EXPECT_EQ(back.dedup_id, m.dedup_id);
  EXPECT_EQ(back.dead_letter_source_arn, m.dead_letter_source_arn);
}

TEST(SqsMessageRecord, IsBinaryAndTellsItsLayoutByItsFirstByte) {
  std::string record = EncodeMessage(FullMessage());
  ASSERT_FALSE(record.empty());
  EXPECT_EQ(record.front(), '\x01');
  EXPECT_FALSE(json::accept(record));
  // Deterministic: the same message, the same bytes (snapshots stay stable).
  EXPECT_EQ(EncodeMessage(FullMessage()), record);
}

TEST(SqsMessageRecord, ReadsRecordsWrittenAsJson) {
  for (const Message& m : {FullMessage(), Message{}}) {
    std::string legacy = SqsLegacyJsonRecord(m);
    ExpectSameSqsMessage(DecodeMessage(legacy), m);
    EXPECT_EQ(VisibleAtOfRecord(legacy), m.visible_at_ms);
  }
}

TEST(SqsMessageRecord, VisibleAtWithoutDecoding) {
  Message m = FullMessage();
  m.visible_at_ms = -5;
  EXPECT_EQ(VisibleAtOfRecord(EncodeMessage(m)), -5);
  EXPECT_EQ(VisibleAtOfRecord(EncodeMessage(FullMessage())), FullMessage().visible_at_ms);
}

TEST(SqsMessageRecord, MalformedRecordsThrow) {
  std::string record = EncodeMessage(FullMessage());
  for (size_t cut : {size_t{1}, size_t{9}, size_t{60}, record.size() - 1}) {
    EXPECT_ANY_THROW(DecodeMessage(record.substr(0, cut))) << cut;
  }
  EXPECT_ANY_THROW(DecodeMessage(record + "x"));
  EXPECT_ANY_THROW(VisibleAtOfRecord(record.substr(0, 12)));
  EXPECT_ANY_THROW(DecodeMessage("{\"Body\":"));
}

TEST(SqsMessageRecord, RoundTrips) {
  for (const Message& m : {FullMessage(), Message{}})
    ExpectSameSqsMessage(DecodeMessage(EncodeMessage(m)), m);
}

class SqsDeleteTest : public ::testing::Test, public SqsFixture {
 protected:
  int64_t Visible(const std::string& url) {
    json attributes =
        Call(GetQueueAttributes,
             {{"QueueUrl", url}, {"AttributeNames", {"ApproximateNumberOfMessages"}}});
    return std::stoll(attributes["Attributes"]["ApproximateNumberOfMessages"].get<std::string>());
  }
};

TEST_F(SqsDeleteTest, MessagesStoredAsJsonRecordsAreReceivedAndDeleted) {
  // A store written before the binary record (a snapshot or a data directory) keeps working.
  std::string url = NewQueue("q", {{"VisibilityTimeout", "30"}});
  Send(url, "a");
  Send(url, "b");
  {
    auto txn = store_->BeginWrite();
    std::vector<std::pair<std::string, std::string>> records;
    txn->Scan("sqs.messages", "", "", [&](std::string_view key, std::string_view value) {
      records.emplace_back(key, SqsLegacyJsonRecord(DecodeMessage(value)));
      return true;
    });
    ASSERT_EQ(records.size(), 2u);
    for (const auto& [key, value] : records) txn->Put("sqs.messages", key, value);
    txn->Commit();
  }
  json got = Receive(url, {{"MaxNumberOfMessages", 10}});
  ASSERT_EQ(got.size(), 2u);
  EXPECT_EQ(got[0]["Body"], "a");
  EXPECT_EQ(got[1]["Body"], "b");
  for (const auto& m : got) {
    Call(DeleteMessage, {{"QueueUrl", url}, {"ReceiptHandle", m["ReceiptHandle"]}});
  }
  Advance(seconds(60));
  EXPECT_TRUE(Receive(url).empty());
  EXPECT_EQ(Visible(url), 0);
}

TEST_F(SqsDeleteTest, BinaryRecordsSurviveASnapshotByteForByte) {
  // A snapshot keeps a value that is not JSON as a .raw file; loading it puts the same bytes back.
  std::string url = NewQueue("q");
  Send(url, "kept",
       {{"MessageAttributes", {{"a", {{"DataType", "String"}, {"StringValue", "v"}}}}}});
  auto files = storage::snapshots::DumpState(*store_->BeginRead(), store_->Blobs()).files;
  size_t raw_records = 0;
  for (const auto& [path, content] : files) {
    if (path.starts_with("sqs/messages/")) raw_records += path.ends_with(".raw") ? 1 : 100;
  }
  EXPECT_EQ(raw_records, 1u);
  auto rows = storage::snapshots::RowsOf(files);
  Call(PurgeQueue, {{"QueueUrl", url}});
  ASSERT_TRUE(Receive(url).empty());
  {
    auto txn = store_->BeginWrite();
    storage::snapshots::ReplaceRows(*txn, rows);
    txn->Commit();
  }
  json got = Receive(url, {{"MessageAttributeNames", {"All"}}});
  ASSERT_EQ(got.size(), 1u);
  EXPECT_EQ(got[0]["Body"], "kept");
  EXPECT_EQ(got[0]["MessageAttributes"]["a"]["StringValue"], "v");
}

TEST_F(SqsDeleteTest, HandleStillDeletesAfterVisibilityChange) {
  // The handle's visibility hint is outdated after ChangeMessageVisibility: the delete must
  // fall back to reading the message.
  std::string url = NewQueue("q", {{"VisibilityTimeout", "30"}});
  Send(url, "one");
  std::string handle = Receive(url)[0]["ReceiptHandle"];
  Call(ChangeMessageVisibility,
       {{"QueueUrl", url}, {"ReceiptHandle", handle}, {"VisibilityTimeout", 100}});
  Call(DeleteMessage, {{"QueueUrl", url}, {"ReceiptHandle", handle}});
  Advance(seconds(200));
  EXPECT_TRUE(Receive(url).empty());
}

TEST_F(SqsDeleteTest, VisibilityExpiredHandleOfLatestReceiveDeletes) {
  // AWS may still delete with the latest handle once the message is visible again.
  std::string url = NewQueue("q", {{"VisibilityTimeout", "1"}});
  Send(url, "one");
  std::string handle = Receive(url)[0]["ReceiptHandle"];
  Advance(seconds(5));
  Call(DeleteMessage, {{"QueueUrl", url}, {"ReceiptHandle", handle}});
  EXPECT_TRUE(Receive(url).empty());
  EXPECT_EQ(Visible(url), 0);
}

TEST_F(SqsDeleteTest, OutdatedHandleAtTheSameVisibilityDoesNotDelete) {
  // Two receives that make the message visible at the same millisecond get different nonces.
  std::string url = NewQueue("q", {{"VisibilityTimeout", "0"}});
  Send(url, "one");
  std::string first = Receive(url)[0]["ReceiptHandle"];
  std::string second = Receive(url)[0]["ReceiptHandle"];
  ASSERT_NE(first, second);
  Call(DeleteMessage, {{"QueueUrl", url}, {"ReceiptHandle", first}});
  EXPECT_EQ(Receive(url).size(), 1u);
}

}  // namespace
}  // namespace terrarium::services::sqs

namespace terrarium::services::sqs {
namespace {

class SqsCountsTest : public ::testing::Test, public SqsFixture {
 protected:
  // visible, in flight, delayed
  std::array<int64_t, 3> Counts(const std::string& url) {
    json out = Call(GetQueueAttributes, {{"QueueUrl", url}, {"AttributeNames", {"All"}}});
    auto count = [&](const char* name) {
      return std::stoll(out["Attributes"][name].get<std::string>());
    };
    return {count("ApproximateNumberOfMessages"), count("ApproximateNumberOfMessagesNotVisible"),
            count("ApproximateNumberOfMessagesDelayed")};
  }
  using C = std::array<int64_t, 3>;
};

TEST_F(SqsCountsTest, FollowSendsReceivesDelaysAndDeletes) {
  std::string url = NewQueue("q", {{"VisibilityTimeout", "10"}});
  Send(url, "a");
  Send(url, "b");
  Send(url, "late", {{"DelaySeconds", 5}});
  EXPECT_EQ(Counts(url), (C{2, 0, 1}));
  std::string handle = Receive(url)[0]["ReceiptHandle"];
  EXPECT_EQ(Counts(url), (C{1, 1, 1}));
  Advance(seconds(5));  // the delayed one is visible now, without any write
  EXPECT_EQ(Counts(url), (C{2, 1, 0}));
  Advance(seconds(5));  // the received one's visibility ran out
  EXPECT_EQ(Counts(url), (C{3, 0, 0}));
  Call(DeleteMessage, {{"QueueUrl", url}, {"ReceiptHandle", handle}});
  EXPECT_EQ(Counts(url), (C{2, 0, 0}));
  json two = Receive(url, {{"MaxNumberOfMessages", 10}});
  ASSERT_EQ(two.size(), 2u);
  EXPECT_EQ(Counts(url), (C{0, 2, 0}));
  Call(ChangeMessageVisibility,
       {{"QueueUrl", url}, {"ReceiptHandle", two[0]["ReceiptHandle"]}, {"VisibilityTimeout", 0}});
  EXPECT_EQ(Counts(url), (C{1, 1, 0}));
  Call(DeleteMessage, {{"QueueUrl", url}, {"ReceiptHandle", two[1]["ReceiptHandle"]}});
  EXPECT_EQ(Counts(url), (C{1, 0, 0}));
}

TEST_F(SqsCountsTest, ClockGoingBackIsCountedToo) {
  std::string url = NewQueue("q");
  Send(url, "late", {{"DelaySeconds", 10}});
  Advance(seconds(20));
  EXPECT_EQ(Counts(url), (C{1, 0, 0}));
  clock_.Advance(-seconds(15));
  EXPECT_EQ(Counts(url), (C{0, 0, 1}));
}

TEST_F(SqsCountsTest, PurgeExpiryAndDeadLetterMoves) {
  std::string dlq = NewQueue("dlq");
  std::string dlq_arn =
      Call(GetQueueAttributes,
           {{"QueueUrl", dlq}, {"AttributeNames", {"QueueArn"}}})["Attributes"]["QueueArn"];
  std::string url = NewQueue(
      "q",
      {{"VisibilityTimeout", "1"},
       {"MessageRetentionPeriod", "60"},
       {"RedrivePolicy", json({{"deadLetterTargetArn", dlq_arn}, {"maxReceiveCount", 1}}).dump()}});
  Send(url, "moves");
  ASSERT_EQ(Receive(url).size(), 1u);
  Advance(seconds(1));
  EXPECT_TRUE(Receive(url).empty());  // the second receive moves it to the DLQ
  EXPECT_EQ(Counts(url), (C{0, 0, 0}));
  EXPECT_EQ(Counts(dlq), (C{1, 0, 0}));
  Send(url, "expires");
  Send(url, "delayed", {{"DelaySeconds", 30}});
  Advance(seconds(40));
  Send(url, "fresh");
  EXPECT_EQ(Counts(url), (C{3, 0, 0}));
  Advance(seconds(21));  // "expires" and "delayed" were sent 61 s ago: both expired
  EXPECT_EQ(Counts(url), (C{1, 0, 0}));
  Call(PurgeQueue, {{"QueueUrl", dlq}});
  EXPECT_EQ(Counts(dlq), (C{0, 0, 0}));
  Send(dlq, "after purge");
  EXPECT_EQ(Counts(dlq), (C{1, 0, 0}));
}

TEST_F(SqsCountsTest, RebuiltForStoresWithoutTheTally) {
  // A store written before the tally was kept: no "sqs.counts" record, empty index values.
  std::string url = NewQueue("q", {{"VisibilityTimeout", "10"}});
  Send(url, "a");
  Send(url, "b");
  Send(url, "late", {{"DelaySeconds", 5}});
  ASSERT_EQ(Receive(url).size(), 1u);
  {
    auto txn = store_->BeginWrite();
    std::vector<std::string> keys;
    txn->Scan("sqs.visibility", "", "", [&](std::string_view key, std::string_view) {
      keys.emplace_back(key);
      return true;
    });
    for (const auto& key : keys) txn->Put("sqs.visibility", key, "");
    txn->Scan("sqs.counts", "", "", [&](std::string_view key, std::string_view) {
      keys.emplace_back(key);
      return true;
    });
    txn->Erase("sqs.counts", keys.back());
    txn->Commit();
  }
  EXPECT_EQ(Counts(url), (C{1, 1, 1}));
  Advance(seconds(10));
  EXPECT_EQ(Counts(url), (C{3, 0, 0}));
}

}  // namespace
}  // namespace terrarium::services::sqs

namespace terrarium::services::sqs {
namespace {

class SqsFifoGroupsTest : public ::testing::Test, public SqsFixture {
 protected:
  std::vector<std::string> Bodies(const json& messages) {
    std::vector<std::string> bodies;
    for (const auto& m : messages) bodies.push_back(m["Body"]);
    return bodies;
  }
  using V = std::vector<std::string>;
};

TEST_F(SqsFifoGroupsTest, GroupsWhoseIdsShareAPrefixStayApart) {
  // "a" and "a!": the group entries of one must not be taken for the other's.
  std::string url =
      NewQueue("f.fifo", {{"FifoQueue", "true"}, {"ContentBasedDeduplication", "true"}});
  Send(url, "a1", {{"MessageGroupId", "a"}});
  Send(url, "x1", {{"MessageGroupId", "a!"}});
  Send(url, "a2", {{"MessageGroupId", "a"}});
  Send(url, "x2", {{"MessageGroupId", "a!"}});
  Send(url, "a3", {{"MessageGroupId", "a"}});
  json first = Receive(url, {{"MaxNumberOfMessages", 2}});
  EXPECT_EQ(Bodies(first), (V{"a1", "x1"})) << "send order across groups";
  json second = Receive(url, {{"MaxNumberOfMessages", 10}});
  EXPECT_EQ(Bodies(second), (V{})) << "both groups have a message in flight";
  for (const auto& m : first) {
    Call(DeleteMessage, {{"QueueUrl", url}, {"ReceiptHandle", m["ReceiptHandle"]}});
  }
  EXPECT_EQ(Bodies(Receive(url, {{"MaxNumberOfMessages", 10}})), (V{"a2", "x2", "a3"}));
}

TEST_F(SqsFifoGroupsTest, StoreWithoutGroupEntriesIsReadInOrderThenIndexed) {
  std::string url =
      NewQueue("f.fifo", {{"FifoQueue", "true"}, {"ContentBasedDeduplication", "true"}});
  Send(url, "a1", {{"MessageGroupId", "a"}});
  Send(url, "b1", {{"MessageGroupId", "b"}});
  {
    // As a store written before the group entries and the tally were kept.
    auto txn = store_->BeginWrite();
    for (const char* table : {"sqs.groups", "sqs.counts"}) {
      std::vector<std::string> keys;
      txn->Scan(table, "", "", [&](std::string_view key, std::string_view) {
        keys.emplace_back(key);
        return true;
      });
      for (const auto& key : keys) txn->Erase(table, key);
    }
    txn->Commit();
  }
  json first = Receive(url);  // the receive's writes rebuild the entries
  EXPECT_EQ(Bodies(first), (V{"a1"}));
  Send(url, "a2", {{"MessageGroupId", "a"}});
  EXPECT_EQ(Bodies(Receive(url, {{"MaxNumberOfMessages", 10}})), (V{"b1"}));
  Call(DeleteMessage, {{"QueueUrl", url}, {"ReceiptHandle", first[0]["ReceiptHandle"]}});
  EXPECT_EQ(Bodies(Receive(url, {{"MaxNumberOfMessages", 10}})), (V{"a2"}));
}

}  // namespace
}  // namespace terrarium::services::sqs
