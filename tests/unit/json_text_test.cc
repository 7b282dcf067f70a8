// WriteJsonText writes response bodies directly; it must give exactly the bytes of dumping the
// document WriteJsonStructure builds, which is what the JSON codecs sent before.
#include <string>

#include <gtest/gtest.h>

#include "emulator/models/service_model.h"
#include "emulator/protocols/json_body.h"

namespace terrarium::protocols {
namespace {

using nlohmann::json;

const models::Shape& JsonTextOutputOf(std::string_view service, std::string_view operation) {
  const models::Operation* op = models::GetModel(service).FindOperation(operation);
  EXPECT_NE(op, nullptr) << operation;
  EXPECT_NE(op->output, nullptr) << operation;
  return *op->output;
}

void ExpectSameJsonText(const models::Shape& shape, const json& document, bool body_only = false) {
  std::string built = DumpJson(WriteJsonStructure(shape, document, body_only));
  EXPECT_EQ(WriteJsonText(shape, document, body_only), built) << document.dump();
}

TEST(JsonTextTest, DynamoDbItemsNestedMapsListsAndNumbers) {
  json item = {{"pk", {{"S", "k1"}}},
               {"n", {{"N", "12.50"}}},
               {"l", {{"L", json::array({{{"S", "a"}}, {{"BOOL", true}}, {{"NULL", true}}})}}},
               {"m", {{"M", {{"z", {{"SS", {"b", "a"}}}}, {"a\"q\\uo", {{"B", "AAE="}}}}}}}};
  ExpectSameJsonText(JsonTextOutputOf("dynamodb", "Query"),
                     {{"Items", json::array({item, item})},
                      {"Count", 2},
                      {"ScannedCount", 2},
                      {"LastEvaluatedKey", {{"pk", {{"S", "k1"}}}}},
                      {"ConsumedCapacity", {{"TableName", "t"}, {"CapacityUnits", 0.5}}}});
  ExpectSameJsonText(JsonTextOutputOf("dynamodb", "GetItem"), {{"Item", item}});
}

TEST(JsonTextTest, TimestampsUnknownMembersNullsAndWrongTypes) {
  ExpectSameJsonText(JsonTextOutputOf("dynamodb", "DescribeTable"),
                     {{"Table",
                       {{"TableName", "t"},
                        {"CreationDateTime", 1764200000.125},
                        {"TableSizeBytes", 0},
                        {"NotInTheModel", "dropped"},
                        {"TableArn", nullptr},
                        {"KeySchema", "not a list"},
                        {"AttributeDefinitions", json::array()}}}});
  ExpectSameJsonText(JsonTextOutputOf("dynamodb", "DescribeTable"),
                     {{"Table", {{"CreationDateTime", "2026-11-27T03:00:00Z"}}}});
  ExpectSameJsonText(JsonTextOutputOf("dynamodb", "DescribeTable"), {{"Table", "not an object"}});
  ExpectSameJsonText(JsonTextOutputOf("dynamodb", "DescribeTable"), json::array());
  ExpectSameJsonText(JsonTextOutputOf("dynamodb", "DescribeTable"), json::object());
}

TEST(JsonTextTest, SqsMessagesWithEscapesAndInvalidUtf8) {
  json message = {{"MessageId", "id"},
                  {"Body", std::string("line\nbreak \"quoted\" \x01 tab\t caf\xc3\xa9 bad \xff")},
                  {"Attributes", {{"SentTimestamp", "1764200000000"}}},
                  {"MessageAttributes",
                   {{"k\x02", {{"DataType", "String"}, {"StringValue", "v"}}}, {"n", nullptr}}}};
  ExpectSameJsonText(JsonTextOutputOf("sqs", "ReceiveMessage"),
                     {{"Messages", json::array({message})}});
  ExpectSameJsonText(
      JsonTextOutputOf("sqs", "SendMessage"),
      {{"MD5OfMessageBody", "0123456789abcdef0123456789abcdef"}, {"MessageId", "m"}});
}

// Plain strings are copied eight bytes at a time: each byte that needs escaping or checking,
// at each position of the blocks and of the tail, must still reach nlohmann's serializer.
TEST(JsonTextTest, EveryEscapedByteAtEveryPositionOfAString) {
  const models::Shape& shape = JsonTextOutputOf("sqs", "SendMessage");
  const std::string specials[] = {
      "\"", "\\", std::string(1, '\0'), "\x1f", "\x7f", " ", "\xc3\xa9", "\xff", "\x80"};
  for (size_t length = 0; length <= 20; ++length) {
    for (size_t at = 0; at <= length; ++at) {
      for (const std::string& special : specials) {
        std::string text(length, 'a');
        text.insert(at, special);
        ExpectSameJsonText(shape, {{"MessageId", text}, {"MD5OfMessageBody", "m"}});
      }
    }
  }
}

TEST(JsonTextTest, RestJsonBodyOnlySkipsLocatedMembers) {
  ExpectSameJsonText(JsonTextOutputOf("lambda", "GetFunction"),
                     {{"Configuration", {{"FunctionName", "f"}, {"LastModified", "2026-11-27"}}},
                      {"Tags", {{"b", "2"}, {"a", "1"}}}},
                     /*body_only=*/true);
  ExpectSameJsonText(JsonTextOutputOf("lambda", "Invoke"),
                     {{"StatusCode", 200}, {"ExecutedVersion", "$LATEST"}, {"FunctionError", "x"}},
                     /*body_only=*/true);
}

}  // namespace
}  // namespace terrarium::protocols
