// DynamoDB expressions. The first byte picks the grammar (condition, filter, key condition,
// projection, update); the rest is the expression, with a fixed set of #names and :values of
// every attribute type so that substitution and type checks run.
#include "emulator/services/dynamodb/expression_parser.h"
#include "tests/fuzz/fuzz_support.h"

namespace {
const nlohmann::json& Attributes() {
  static const nlohmann::json attributes = nlohmann::json::parse(R"({
    "ExpressionAttributeNames": {"#a": "a", "#b": "b", "#n": "name", "#k": "pk"},
    "ExpressionAttributeValues": {
      ":s": {"S": "x"}, ":n": {"N": "1"}, ":b": {"B": "AA=="}, ":t": {"BOOL": true},
      ":z": {"NULL": true}, ":l": {"L": [{"S": "y"}]}, ":m": {"M": {"k": {"N": "2"}}},
      ":ss": {"SS": ["a", "b"]}, ":ns": {"NS": ["1", "2"]}, ":bs": {"BS": ["AA=="]}}})");
  return attributes;
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace terrarium::services::dynamodb;
  if (size == 0) return 0;
  std::string_view text = terrarium::fuzz::AsText(data + 1, size - 1);
  ExpressionAttributes attrs(Attributes());
  try {
    switch (data[0] % 5) {
      case 0:
        ParseCondition(text, "ConditionExpression", attrs);
        break;
      case 1:
        ParseCondition(text, "FilterExpression", attrs);
        break;
      case 2:
        ParseCondition(text, "KeyConditionExpression", attrs);
        break;
      case 3:
        ParseProjection(text, attrs);
        break;
      default:
        ParseUpdate(text, attrs);
        break;
    }
  } catch (const terrarium::AwsError&) {
  }
  return 0;
}
