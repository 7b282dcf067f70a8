// The parsed-table cache (table_cache.h): an entry is used only while the stored record's bytes
// are the ones it was parsed from, so table changes, restored records and other stores in the
// same process are always seen.
#include <gtest/gtest.h>

#include "emulator/core/aws_error.h"
#include "emulator/services/dynamodb/table_cache.h"
#include "tests/unit/services_test_support.h"

namespace terrarium {
namespace {

using nlohmann::json;
using services::dynamodb::TableCache;
using services::dynamodb::TableInfo;

TEST(DynamoDbTableCache, ParsesOncePerStoredBytes) {
  TableCache cache(8);
  int parses = 0;
  auto parse = [&](const std::string& name) {
    return [&, name] {
      ++parses;
      TableInfo table;
      table.name = name;
      return table;
    };
  };
  auto first = cache.Get("a/r/t", "v1", parse("one"));
  auto again = cache.Get("a/r/t", "v1", parse("ignored"));
  EXPECT_EQ(parses, 1);
  EXPECT_EQ(first.get(), again.get());
  auto changed = cache.Get("a/r/t", "v2", parse("two"));
  EXPECT_EQ(parses, 2);
  EXPECT_EQ(changed->name, "two");
  EXPECT_EQ(first->name, "one");  // a reader holding the old table keeps it intact
  auto restored = cache.Get("a/r/t", "v1", parse("one again"));
  EXPECT_EQ(parses, 3);
  EXPECT_EQ(restored->name, "one again");
}

TEST(DynamoDbTableCache, StaysBounded) {
  TableCache cache(2);
  int parses = 0;
  auto parse = [&] {
    ++parses;
    return TableInfo{};
  };
  cache.Get("k1", "x", parse);
  cache.Get("k2", "x", parse);
  cache.Get("k3", "x", parse);  // over the bound: starts afresh
  cache.Get("k3", "x", parse);
  EXPECT_EQ(parses, 3);
  cache.Get("k1", "x", parse);
  EXPECT_EQ(parses, 4);
}

json CreateInput(const std::string& key) {
  return {{"TableName", "cached"},
          {"BillingMode", "PAY_PER_REQUEST"},
          {"AttributeDefinitions", {{{"AttributeName", key}, {"AttributeType", "S"}}}},
          {"KeySchema", {{{"AttributeName", key}, {"KeyType", "HASH"}}}}};
}

// A server's worth of state (store, services, dispatcher); a test may make several in one
// process, as unit tests and snapshot loads do.
struct Server : test_support::ServicesTest {
  void TestBody() override {}
  json Ddb(const std::string& operation, const json& input) {
    return Invoke("dynamodb", operation, input);
  }
  using ServicesTest::store_;
};

TEST(DynamoDbTableCacheStores, EachStoreSeesItsOwnTable) {
  Server a, b;
  a.Ddb("CreateTable", CreateInput("id"));
  b.Ddb("CreateTable", CreateInput("pk"));
  a.Ddb("PutItem", {{"TableName", "cached"}, {"Item", {{"id", {{"S", "1"}}}}}});
  b.Ddb("PutItem", {{"TableName", "cached"}, {"Item", {{"pk", {{"S", "1"}}}}}});
  EXPECT_THROW(a.Ddb("PutItem", {{"TableName", "cached"}, {"Item", {{"pk", {{"S", "2"}}}}}}),
               AwsError);
  EXPECT_TRUE(a.Ddb("GetItem", {{"TableName", "cached"}, {"Key", {{"id", {{"S", "1"}}}}}})
                  .contains("Item"));
  EXPECT_TRUE(b.Ddb("GetItem", {{"TableName", "cached"}, {"Key", {{"pk", {{"S", "1"}}}}}})
                  .contains("Item"));
}

TEST(DynamoDbTableCacheStores, ChangedAndRestoredRecordsAreSeen) {
  Server s;
  s.Ddb("CreateTable", CreateInput("id"));
  std::string before;
  {
    auto txn = s.store_->BeginRead();
    before = *txn->Get("dynamodb.tables", "000000000000/us-east-1/cached");
  }
  s.Ddb("UpdateTimeToLive",
        {{"TableName", "cached"},
         {"TimeToLiveSpecification", {{"Enabled", true}, {"AttributeName", "expires"}}}});
  s.Ddb("PutItem", {{"TableName", "cached"},
                    {"Item", {{"id", {{"S", "old"}}}, {"expires", {{"N", "1600000000"}}}}}});
  json key = {{"TableName", "cached"}, {"Key", {{"id", {{"S", "old"}}}}}};
  EXPECT_FALSE(s.Ddb("GetItem", key).contains("Item"));  // expired under the new TTL setting
  {
    // What a snapshot load does: the record's earlier bytes, written as they were stored.
    auto txn = s.store_->BeginWrite();
    txn->Put("dynamodb.tables", "000000000000/us-east-1/cached", before);
    txn->Commit();
  }
  EXPECT_TRUE(s.Ddb("GetItem", key).contains("Item"));  // TTL is off again
}

}  // namespace
}  // namespace terrarium
