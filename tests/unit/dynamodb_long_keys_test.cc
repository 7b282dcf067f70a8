// Sort keys longer than the store keeps whole still come back in DynamoDB's order, across pages.
#include <gtest/gtest.h>

#include <algorithm>
#include <random>

#include "emulator/app/registry.h"
#include "emulator/core/wait_hub.h"
#include "emulator/dispatch/dispatcher.h"
#include "emulator/storage/store.h"

namespace terrarium {
namespace {

using nlohmann::json;

TEST(dynamodbLongKeys, QueryOrdersTruncatedSortKeysAndPagesThroughThem) {
  auto store = storage::OpenStore({});
  ManualClock clock(std::chrono::system_clock::time_point(std::chrono::seconds(1700000000)));
  WaitHub waits;
  app::ServiceRuntimes runtimes;
  dispatch::OperationTable table;
  app::RegisterServices(table, runtimes);
  dispatch::Dispatcher dispatcher(table, *store, clock, waits);
  auto ddb = [&](const char* op, const json& input) {
    return dispatcher.Invoke("dynamodb", op, input);
  };
  ddb("CreateTable", {{"TableName", "long"},
                      {"BillingMode", "PAY_PER_REQUEST"},
                      {"AttributeDefinitions",
                       {{{"AttributeName", "pk"}, {"AttributeType", "S"}},
                        {{"AttributeName", "sk"}, {"AttributeType", "S"}}}},
                      {"KeySchema",
                       {{{"AttributeName", "pk"}, {"KeyType", "HASH"}},
                        {{"AttributeName", "sk"}, {"KeyType", "RANGE"}}}}});
  std::string shared(150, 'k');
  std::vector<std::string> keys = {shared.substr(0, 99),  shared.substr(0, 100),
                                   shared + "a",          shared + "b",
                                   shared + "c",          shared + "d",
                                   shared + "e",          shared + "f",
                                   std::string(150, 'z'), std::string(2048 / 2, 'h')};
  std::vector<std::string> shuffled = keys;
  std::shuffle(shuffled.begin(), shuffled.end(), std::mt19937(3));
  for (const auto& sk : shuffled) {
    ddb("PutItem", {{"TableName", "long"}, {"Item", {{"pk", {{"S", "p"}}}, {"sk", {{"S", sk}}}}}});
  }
  std::sort(keys.begin(), keys.end());
  std::vector<std::string> seen;
  json start;
  for (int page = 0; page < 20; ++page) {
    json input = {{"TableName", "long"},
                  {"KeyConditionExpression", "pk = :p"},
                  {"ExpressionAttributeValues", {{":p", {{"S", "p"}}}}},
                  {"Limit", 3}};
    if (!start.is_null()) input["ExclusiveStartKey"] = start;
    json out = ddb("Query", input);
    for (const json& item : out["Items"]) seen.push_back(item["sk"]["S"]);
    if (!out.contains("LastEvaluatedKey")) break;
    start = out["LastEvaluatedKey"];
  }
  EXPECT_EQ(seen, keys);
  json between =
      ddb("Query",
          {{"TableName", "long"},
           {"KeyConditionExpression", "pk = :p AND sk > :s"},
           {"ExpressionAttributeValues", {{":p", {{"S", "p"}}}, {":s", {{"S", shared + "c"}}}}}});
  ASSERT_EQ(between["Count"], 4);
  EXPECT_EQ(between["Items"][0]["sk"]["S"], shared + "d");
}

}  // namespace
}  // namespace terrarium
