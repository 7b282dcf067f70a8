#include <gtest/gtest.h>

#include "emulator/dispatch/model_validation.h"

namespace terrarium::dispatch {
namespace {

const models::Shape& InputOf(const char* service, const char* operation) {
  return *models::GetModel(service).FindOperation(operation)->input;
}

TEST(ModelValidationTest, MissingRequiredMemberIsNull) {
  auto violations = ConstraintViolations(InputOf("dynamodb", "DescribeTable"), nlohmann::json::object());
  EXPECT_EQ(ValidationMessage(violations),
            "1 validation error detected: Value null at 'tableName' failed to satisfy "
            "constraint: Member must not be null");
}

TEST(ModelValidationTest, LengthsRangesAndEnumsAreReportedTogether) {
  nlohmann::json input = {
      {"TableName", ""},
      {"KeySchema", {{{"AttributeName", "pk"}, {"KeyType", "PRIMARY"}}}},
      {"AttributeDefinitions", {{{"AttributeName", "pk"}, {"AttributeType", "S"}}}},
      {"BillingMode", "PAY_PER_REQUEST"}};
  auto violations = ConstraintViolations(InputOf("dynamodb", "CreateTable"), input);
  ASSERT_EQ(violations.size(), 2u);
  EXPECT_EQ(violations[0],
            "Value '' at 'tableName' failed to satisfy constraint: Member must have length "
            "greater than or equal to 1");
  EXPECT_EQ(violations[1],
            "Value 'PRIMARY' at 'keySchema.1.member.keyType' failed to satisfy constraint: "
            "Member must satisfy enum value set: [HASH, RANGE]");
  EXPECT_EQ(ValidationMessage(violations).substr(0, 30), "2 validation errors detected: ");
}

TEST(ModelValidationTest, NumericRanges) {
  auto violations = ConstraintViolations(
      InputOf("sts", "AssumeRole"),
      {{"RoleArn", "arn:aws:iam::000000000000:role/r"}, {"RoleSessionName", "s"},
       {"DurationSeconds", 100}});
  ASSERT_EQ(violations.size(), 2u);
  EXPECT_NE(violations[0].find("'roleSessionName'"), std::string::npos);
  EXPECT_EQ(violations[1],
            "Value '100' at 'durationSeconds' failed to satisfy constraint: Member must have "
            "value greater than or equal to 900");
}

TEST(ModelValidationTest, ValidInputHasNoViolations) {
  EXPECT_TRUE(ConstraintViolations(InputOf("dynamodb", "DescribeTable"), {{"TableName", "t1"}})
                  .empty());
  EXPECT_EQ(ValidationMessage({}), "");
}

}  // namespace
}  // namespace terrarium::dispatch
