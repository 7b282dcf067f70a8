// The parsed-table cache (table_cache.h): an entry is used only while the stored record's bytes
// are the ones it was parsed from, so table changes, restored records and other stores in the
// same process are always seen.
#include <gtest/gtest.h>

#include "emulator/app/registry.h"
#include "emulator/core/aws_error.h"
#include "emulator/core/wait_hub.h"
#include "emulator/dispatch/dispatcher.h"
#include "emulator/services/dynamodb/table_cache.h"
#include "emulator/storage/store.h"

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

// Two servers' worth of state in one process, as unit tests and snapshot loads make.
class DynamoDbTableCacheStores : public testing::Test {
 protected:
  struct Server {
    Server() : store(storage::OpenStore({})) {
      app::RegisterServices(table, runtimes);
      dispatcher = std::make_unique<dispatch::Dispatcher>(table, *store, clock, waits);
    }
    json Ddb(const std::string& operation, const json& input) {
      return dispatcher->Invoke("dynamodb", operation, input);
    }
    std::unique_ptr<storage::Store> store;
    ManualClock clock{std::chrono::system_clock::time_point(std::chrono::seconds(1700000000))};
    WaitHub waits;
    app::ServiceRuntimes runtimes;
    dispatch::OperationTable table;
    std::unique_ptr<dispatch::Dispatcher> dispatcher;
  };

  static json CreateInput(const std::string& key) {
    return {{"TableName", "cached"},
            {"BillingMode", "PAY_PER_REQUEST"},
            {"AttributeDefinitions", {{{"AttributeName", key}, {"AttributeType", "S"}}}},
            {"KeySchema", {{{"AttributeName", key}, {"KeyType", "HASH"}}}}};
  }
};

TEST_F(DynamoDbTableCacheStores, EachStoreSeesItsOwnTable) {
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

TEST_F(DynamoDbTableCacheStores, ChangedAndRestoredRecordsAreSeen) {
  Server s;
  s.Ddb("CreateTable", CreateInput("id"));
  std::string before;
  {
    auto txn = s.store->BeginRead();
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
    auto txn = s.store->BeginWrite();
    txn->Put("dynamodb.tables", "000000000000/us-east-1/cached", before);
    txn->Commit();
  }
  EXPECT_TRUE(s.Ddb("GetItem", key).contains("Item"));  // TTL is off again
}

}  // namespace
}  // namespace terrarium
