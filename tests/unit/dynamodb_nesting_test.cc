// DynamoDB's 32-level document limit (the attribute itself is level 1), as real DynamoDB answers
// it: a leaf at level 32 is stored, one at level 33 is refused.
#include <gtest/gtest.h>

#include <string>

#include "emulator/core/aws_error.h"
#include "emulator/services/dynamodb/attribute_value.h"

namespace terrarium::services::dynamodb {
namespace {

using nlohmann::json;

// `wraps` single-key maps around a string: wraps = 1 is {"M": {"n": {"S": "leaf"}}}.
json DeepMap(int wraps) {
  json value = {{"S", "leaf"}};
  for (int i = 0; i < wraps; ++i) value = json{{"M", {{"n", value}}}};
  return value;
}

json DeepList(int wraps) {
  json value = {{"N", "1"}};
  for (int i = 0; i < wraps; ++i) value = json{{"L", json::array({value})}};
  return value;
}

std::string ErrorOf(const json& item) {
  try {
    NormalizeItem(item);
  } catch (const AwsError& e) {
    EXPECT_EQ(e.code, "ValidationException");
    return e.message;
  }
  return "no error";
}

TEST(dynamodbNesting, ThirtyTwoLevelsIncludingTheAttribute) {
  const std::string refused =
      "Nesting Levels have exceeded supported limits: Attributes in the item have nested levels "
      "beyond supported limit";
  EXPECT_EQ(ErrorOf({{"data", DeepMap(31)}}), "no error");
  EXPECT_EQ(ErrorOf({{"data", DeepMap(32)}}), refused);
  EXPECT_EQ(ErrorOf({{"data", DeepList(31)}}), "no error");
  EXPECT_EQ(ErrorOf({{"data", DeepList(32)}}), refused);
  EXPECT_EQ(ErrorOf({{"data", DeepList(1000)}}), refused);
}

}  // namespace
}  // namespace terrarium::services::dynamodb
