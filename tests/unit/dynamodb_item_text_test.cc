// Stored items read as text (item_text.h) and the counters record's hand-written text
// (stats_record.h): both must agree exactly with the DOM they stand in for.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "emulator/services/dynamodb/attribute_value.h"
#include "emulator/services/dynamodb/item_text.h"
#include "emulator/services/dynamodb/stats_record.h"

namespace terrarium::services::dynamodb {
namespace {

std::vector<Json> SampleItems() {
  return {
      Json::object(),
      {{"pk", {{"S", "a"}}}},
      {{"pk", {{"S", "quote \" backslash \\ tab \t nl \n ctl \x01 é ✓ 😀"}}},
       {"n", {{"N", "-123.45"}}},
       {"z", {{"N", "0"}}},
       {"big", {{"N", "12345678901234567890123456789012345678"}}},
       {"small", {{"N", "0.000000001"}}},
       {"b", {{"B", "aGVsbG8="}}},
       {"b2", {{"B", "aGk="}}},
       {"t", {{"BOOL", true}}},
       {"f", {{"BOOL", false}}},
       {"nul", {{"NULL", true}}}},
      {{"ss", {{"SS", {"x", "é", "\""}}}},
       {"ns", {{"NS", {"1", "22", "-3.5"}}}},
       {"bs", {{"BS", {"AA==", "AAE="}}}},
       {"l", {{"L", Json::array({{{"S", "x"}}, {{"N", "5"}}, {{"L", Json::array()}}})}}},
       {"m",
        {{"M",
          {{"inner", {{"M", {{"deep", {{"S", "v"}}}}}}},
           {"é", {{"NULL", true}}},
           {"empty", {{"M", Json::object()}}}}}}}},
  };
}

TEST(dynamodbItemText, SizeAgreesWithTheParsedItem) {
  for (const Json& item : SampleItems()) {
    std::string text = item.dump();
    ItemTextScan scan;
    ASSERT_TRUE(ScanItemText(text, scan)) << text;
    EXPECT_EQ(scan.size, ItemSize(item)) << text;
    StoredItem stored(text, "", "");
    EXPECT_EQ(stored.size(), ItemSize(item)) << text;
    EXPECT_EQ(stored.item(), item);
  }
}

TEST(dynamodbItemText, IsWhatTheJsonDumpWrites) {
  std::vector<Json> items = SampleItems();
  items.push_back({{"del \x7f", {{"S", "del \x7f and \x1f"}}}, {"plain", {{"S", ""}}}});
  items.push_back({{"numbers", {{"L", Json::array({1, -2, 3.5, nullptr})}}}});
  for (const Json& item : items) EXPECT_EQ(ItemText(item), item.dump());
  Json not_utf8 = {{"s", {{"S", "cut \xc3"}}}};
  EXPECT_THROW(ItemText(not_utf8), Json::type_error);
}

TEST(dynamodbItemText, FindsTheAttributesAsked) {
  Json item = {{"pk", {{"S", "p"}}},
               {"sk", {{"N", "10"}}},
               {"ttl", {{"N", "1700000000"}}},
               {"m", {{"M", {{"sk", {{"S", "nested, not top level"}}}}}}}};
  std::string text = item.dump();
  StoredItem stored(text, "sk", "ttl");
  EXPECT_EQ(stored.range_value(), item["sk"]);
  EXPECT_EQ(stored.ttl_value(), item["ttl"]);
  StoredItem absent(text, "other", "");
  EXPECT_TRUE(absent.range_value().is_null());
  EXPECT_TRUE(absent.ttl_value().is_null());
}

TEST(dynamodbItemText, OtherTextIsLeftToTheParser) {
  for (std::string text : {R"({ "pk": {"S": "a"} })", R"({"p\u006b":{"S":"a"}})",
                           R"({"pk":{"X":"a"}})", R"({"pk":{"S":"a"}}x)", R"({"pk":{"S":"a")",
                           R"({"pk":{"N":"1"},"n":{"BOOL":null}})", R"([])"}) {
    ItemTextScan scan;
    EXPECT_FALSE(ScanItemText(text, scan)) << text;
  }
  // An escaped name still reads right, through the parser.
  std::string text = R"({"p\u006b":{"S":"a"},"sk":{"N":"7"}})";
  StoredItem stored(text, "pk", "");
  EXPECT_EQ(stored.range_value(), Json({{"S", "a"}}));
  EXPECT_EQ(stored.size(), ItemSize(Json::parse(text)));
}

TEST(dynamodbStatsRecord, WritesWhatTheJsonDumpWouldAndReadsItBack) {
  TableStats stats;
  stats.item_count = 3;
  stats.size_bytes = 456;
  stats.next_sequence = 78;
  EXPECT_EQ(StatsRecordText(stats),
            Json({{"ItemCount", 3}, {"TableSizeBytes", 456}, {"NextSequence", 78}}).dump());
  stats.indexes["by-b"] = {2, 100};
  stats.indexes["a.idx_1"] = {-1, 0};
  Json dom = {{"ItemCount", 3}, {"TableSizeBytes", 456}, {"NextSequence", 78}};
  dom["Indexes"]["by-b"] = {{"ItemCount", 2}, {"IndexSizeBytes", 100}};
  dom["Indexes"]["a.idx_1"] = {{"ItemCount", -1}, {"IndexSizeBytes", 0}};
  EXPECT_EQ(StatsRecordText(stats), dom.dump());

  auto read = ParseStatsRecordText(StatsRecordText(stats));
  ASSERT_TRUE(read.has_value());
  EXPECT_EQ(read->item_count, 3);
  EXPECT_EQ(read->size_bytes, 456);
  EXPECT_EQ(read->next_sequence, 78);
  ASSERT_EQ(read->indexes.size(), 2u);
  EXPECT_EQ(read->indexes["by-b"].item_count, 2);
  EXPECT_EQ(read->indexes["by-b"].size_bytes, 100);
  EXPECT_EQ(read->indexes["a.idx_1"].item_count, -1);
}

TEST(dynamodbStatsRecord, OtherTextIsLeftToTheJsonReader) {
  for (std::string text : {R"({ "ItemCount": 1 })", R"({"ItemCount":1.5})", R"({"Other":1})",
                           R"({"ItemCount":1}{)", R"({"Indexes":{"i":{"X":1}}})"}) {
    EXPECT_FALSE(ParseStatsRecordText(text).has_value()) << text;
  }
  auto empty = ParseStatsRecordText("{}");
  ASSERT_TRUE(empty.has_value());
  EXPECT_EQ(empty->next_sequence, 1);
}

TEST(dynamodbItemText, AnswersWithTheTextAsItIs) {
  RequestContext ctx;
  Json out = AnswerWithRawMember(ctx, {{"Count", 2}}, "Items", R"([{"a":{"S":"1"}},{}])");
  EXPECT_EQ(out, Json({{"Count", 2}}));
  EXPECT_EQ(ctx.response_payload.data(), R"({"Items":[{"a":{"S":"1"}},{}],"Count":2})");
  RequestContext alone;
  AnswerWithRawMember(alone, Json::object(), "Item", R"({"a":{"S":"1"}})");
  EXPECT_EQ(alone.response_payload.data(), R"({"Item":{"a":{"S":"1"}}})");
}

}  // namespace
}  // namespace terrarium::services::dynamodb
