// TTL expiry and stream records, through the real dispatcher with a manual clock (no sleeping).
#include <gtest/gtest.h>

#include "tests/unit/services_test_support.h"

namespace terrarium {
namespace {

using nlohmann::json;
using test_support::kStartSeconds;
constexpr int64_t kStart = kStartSeconds;

class dynamodbTtlTest : public test_support::ServicesTest {
 protected:
  dynamodbTtlTest() {
    Ddb("CreateTable",
        {{"TableName", "ttl"},
         {"BillingMode", "PAY_PER_REQUEST"},
         {"AttributeDefinitions", {{{"AttributeName", "id"}, {"AttributeType", "S"}}}},
         {"KeySchema", {{{"AttributeName", "id"}, {"KeyType", "HASH"}}}},
         {"StreamSpecification", {{"StreamEnabled", true}, {"StreamViewType", "OLD_IMAGE"}}}});
    Ddb("UpdateTimeToLive",
        {{"TableName", "ttl"},
         {"TimeToLiveSpecification", {{"Enabled", true}, {"AttributeName", "expires"}}}});
  }

  json Ddb(const std::string& operation, const json& input) {
    return Invoke("dynamodb", operation, input);
  }
  void Put(const std::string& id, int64_t expires) {
    Ddb("PutItem",
        {{"TableName", "ttl"},
         {"Item", {{"id", {{"S", id}}}, {"expires", {{"N", std::to_string(expires)}}}}}});
  }
  bool Exists(const std::string& id) {
    return Ddb("GetItem", {{"TableName", "ttl"}, {"Key", {{"id", {{"S", id}}}}}}).contains("Item");
  }
  json StreamRecords() {
    std::string arn = Ddb("DescribeTable", {{"TableName", "ttl"}})["Table"]["LatestStreamArn"];
    json desc = dispatcher_->Invoke("dynamodbstreams", "DescribeStream", {{"StreamArn", arn}});
    json it = dispatcher_->Invoke("dynamodbstreams", "GetShardIterator",
                                  {{"StreamArn", arn},
                                   {"ShardId", desc["StreamDescription"]["Shards"][0]["ShardId"]},
                                   {"ShardIteratorType", "TRIM_HORIZON"}});
    return dispatcher_->Invoke("dynamodbstreams", "GetRecords",
                               {{"ShardIterator", it["ShardIterator"]}})["Records"];
  }
};

TEST_F(dynamodbTtlTest, ExpiredItemsVanishOnReadAndAreSwept) {
  Put("soon", kStart + 10);
  Put("later", kStart + 1000);
  Put("ancient", kStart - 6 * 366 * 24 * 3600);  // more than five years ago: never expires
  EXPECT_TRUE(Exists("soon"));
  clock_.Advance(std::chrono::seconds(11));
  EXPECT_FALSE(Exists("soon"));
  EXPECT_TRUE(Exists("later"));
  EXPECT_TRUE(Exists("ancient"));
  EXPECT_EQ(Ddb("Scan", {{"TableName", "ttl"}})["Count"], 2);

  app::RunMaintenance(*store_, clock_);
  json records = StreamRecords();
  ASSERT_EQ(records.size(), 4u);
  const json& removal = records[3];
  EXPECT_EQ(removal["eventName"], "REMOVE");
  EXPECT_EQ(removal["userIdentity"],
            (json{{"PrincipalId", "dynamodb.amazonaws.com"}, {"Type", "Service"}}));
  EXPECT_EQ(removal["dynamodb"]["Keys"], (json{{"id", {{"S", "soon"}}}}));
  EXPECT_EQ(removal["dynamodb"]["OldImage"]["expires"], (json{{"N", std::to_string(kStart + 10)}}));
  EXPECT_EQ(Ddb("DescribeTable", {{"TableName", "ttl"}})["Table"]["ItemCount"], 2);
  app::RunMaintenance(*store_, clock_);
  EXPECT_EQ(StreamRecords().size(), 4u);
}

TEST_F(dynamodbTtlTest, AWriteOverAnExpiredItemSeesNoItem) {
  Put("lock", kStart + 5);
  clock_.Advance(std::chrono::seconds(6));
  // attribute_not_exists holds: the expired item is deleted (by TTL) before the write.
  Ddb("PutItem", {{"TableName", "ttl"},
                  {"Item", {{"id", {{"S", "lock"}}}}},
                  {"ConditionExpression", "attribute_not_exists(id)"}});
  json records = StreamRecords();
  ASSERT_EQ(records.size(), 3u);
  EXPECT_EQ(records[1]["eventName"], "REMOVE");
  EXPECT_TRUE(records[1].contains("userIdentity"));
  EXPECT_EQ(records[2]["eventName"], "INSERT");
}

TEST_F(dynamodbTtlTest, StreamRecordsAreKeptForADay) {
  Put("a", kStart + 1000000);
  clock_.Advance(std::chrono::hours(23));
  app::RunMaintenance(*store_, clock_);
  EXPECT_EQ(StreamRecords().size(), 1u);
  Put("b", kStart + 1000000);
  clock_.Advance(std::chrono::hours(2));
  app::RunMaintenance(*store_, clock_);
  json records = StreamRecords();
  ASSERT_EQ(records.size(), 1u);
  EXPECT_EQ(records[0]["dynamodb"]["Keys"]["id"]["S"], "b");
}

}  // namespace
}  // namespace terrarium
