// DynamoDB Streams retention: records older than 24 hours are gone, positions before them are
// TrimmedDataAccessException, and LATEST starts after the last record. Through the real
// dispatcher with a manual clock (no sleeping).
#include <gtest/gtest.h>

#include "tests/unit/services_test_support.h"

namespace terrarium {
namespace {

using nlohmann::json;

class DynamodbStreamRetentionTest : public test_support::ServicesTest {
 protected:
  DynamodbStreamRetentionTest() {
    Ddb("CreateTable",
        {{"TableName", "events"},
         {"BillingMode", "PAY_PER_REQUEST"},
         {"AttributeDefinitions", {{{"AttributeName", "id"}, {"AttributeType", "S"}}}},
         {"KeySchema", {{{"AttributeName", "id"}, {"KeyType", "HASH"}}}},
         {"StreamSpecification", {{"StreamEnabled", true}, {"StreamViewType", "KEYS_ONLY"}}}});
    arn_ = Ddb("DescribeTable", {{"TableName", "events"}})["Table"]["LatestStreamArn"];
    json desc = Streams("DescribeStream", {{"StreamArn", arn_}});
    shard_ = desc["StreamDescription"]["Shards"][0]["ShardId"];
  }

  json Ddb(const std::string& operation, const json& input) {
    return Invoke("dynamodb", operation, input);
  }
  json Streams(const std::string& operation, const json& input) {
    return Invoke("dynamodbstreams", operation, input);
  }
  void Put(const std::string& id) {
    Ddb("PutItem", {{"TableName", "events"}, {"Item", {{"id", {{"S", id}}}}}});
  }
  std::string Iterator(const std::string& type, const std::string& sequence = "") {
    json input = {{"StreamArn", arn_}, {"ShardId", shard_}, {"ShardIteratorType", type}};
    if (!sequence.empty()) input["SequenceNumber"] = sequence;
    return Streams("GetShardIterator", input)["ShardIterator"];
  }
  json Records(const std::string& iterator) {
    return Streams("GetRecords", {{"ShardIterator", iterator}})["Records"];
  }
  static std::vector<std::string> Ids(const json& records) {
    std::vector<std::string> ids;
    for (const json& r : records) ids.push_back(r["dynamodb"]["Keys"]["id"]["S"]);
    return ids;
  }
  std::string arn_;
  std::string shard_;
};

TEST_F(DynamodbStreamRetentionTest, LatestStartsAfterTheLastRecord) {
  Put("a");
  Put("b");
  std::string latest = Iterator("LATEST");
  EXPECT_TRUE(Records(latest).empty());
  Put("c");
  EXPECT_EQ(Ids(Records(latest)), std::vector<std::string>{"c"});
  EXPECT_EQ(Ids(Records(Iterator("TRIM_HORIZON"))), (std::vector<std::string>{"a", "b", "c"}));
}

TEST_F(DynamodbStreamRetentionTest, RecordsOlderThanADayAreTrimmed) {
  Put("old");
  std::string first_sequence = Records(Iterator("TRIM_HORIZON"))[0]["dynamodb"]["SequenceNumber"];
  clock_.Advance(std::chrono::hours(23));
  Put("young");
  // An iterator made before the trim (iterators live 15 minutes).
  std::string before_trim = Iterator("AT_SEQUENCE_NUMBER", first_sequence);
  clock_.Advance(std::chrono::minutes(61));

  // Unreadable at once, before the sweep deletes it.
  EXPECT_EQ(Ids(Records(Iterator("TRIM_HORIZON"))), std::vector<std::string>{"young"});
  EXPECT_EQ(ErrorCode([&] { Iterator("AT_SEQUENCE_NUMBER", first_sequence); }),
            "TrimmedDataAccessException");
  // AFTER the trimmed record starts at the first retained one: nothing was lost.
  EXPECT_EQ(Ids(Records(Iterator("AFTER_SEQUENCE_NUMBER", first_sequence))),
            std::vector<std::string>{"young"});

  app::RunMaintenance(*store_, clock_);
  EXPECT_EQ(ErrorCode([&] { Iterator("AT_SEQUENCE_NUMBER", first_sequence); }),
            "TrimmedDataAccessException");
  EXPECT_EQ(Ids(Records(Iterator("TRIM_HORIZON"))), std::vector<std::string>{"young"});
  // Made 62 minutes ago: expired (15 minutes), which is checked first.
  EXPECT_EQ(ErrorCode([&] { Records(before_trim); }), "ExpiredIteratorException");

  clock_.Advance(std::chrono::hours(24));
  app::RunMaintenance(*store_, clock_);
  EXPECT_TRUE(Records(Iterator("TRIM_HORIZON")).empty());
}

TEST_F(DynamodbStreamRetentionTest, AnIteratorOverTakenByTheTrimFails) {
  Put("old");
  clock_.Advance(std::chrono::hours(24) - std::chrono::minutes(5));
  std::string horizon = Iterator("TRIM_HORIZON");
  std::string at_old = Iterator("AT_SEQUENCE_NUMBER", "100000000000000000001");
  clock_.Advance(std::chrono::minutes(10));  // the record is now past retention
  EXPECT_EQ(ErrorCode([&] { Records(at_old); }), "TrimmedDataAccessException");
  EXPECT_TRUE(Records(horizon).empty());  // the horizon follows the trim
}

}  // namespace
}  // namespace terrarium
