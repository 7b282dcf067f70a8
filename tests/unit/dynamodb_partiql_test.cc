// PartiQL statements the fuzzer found (tests/fuzz/corpus/fuzz_partiql/regression-*): each is a
// ValidationException, never an escaping std exception or a stack overflow.
#include <gtest/gtest.h>

#include <string>

#include "emulator/core/aws_error.h"
#include "emulator/services/dynamodb/partiql.h"

namespace terrarium::services::dynamodb {
namespace {

const nlohmann::json kNoParameters = nlohmann::json::array();

std::string PartiqlErrorOf(const std::string& statement) {
  try {
    ParsePartiql(statement, kNoParameters);
  } catch (const AwsError& e) {
    EXPECT_EQ(e.code, "ValidationException") << statement.substr(0, 80);
    return e.message;
  }
  return "no error";
}

std::string Repeat(const std::string& part, int times) {
  std::string out;
  for (int i = 0; i < times; ++i) out += part;
  return out;
}

// An INSERT whose attribute 'a' is `levels` deep: levels = 1 is 'a': 1.
std::string InsertNestedList(int levels) {
  return "INSERT INTO \"t\" VALUE {'pk': 'x', 'a': " + Repeat("[", levels - 1) + "1" +
         Repeat("]", levels - 1) + "}";
}

TEST(dynamodbPartiql, ThirtyTwoLevelsOfValueParseAndDeeperAreRefused) {
  EXPECT_EQ(ParsePartiql(InsertNestedList(32), kNoParameters).kind,
            PartiqlStatement::Kind::kInsert);
  EXPECT_NE(PartiqlErrorOf(InsertNestedList(33)).find("Nesting Levels have exceeded"),
            std::string::npos);
  // 4,000 levels of brackets fit in a statement's 8,192 characters; they must not recurse
  // 4,000 deep.
  EXPECT_NE(PartiqlErrorOf(InsertNestedList(4000)).find("Nesting Levels have exceeded"),
            std::string::npos);
  EXPECT_NE(PartiqlErrorOf("SELECT * FROM \"t\" WHERE a = " + Repeat("<<", 4000))
                .find("Nesting Levels have exceeded"),
            std::string::npos);
}

TEST(dynamodbPartiql, DeeplyNestedConditionsAreRefused) {
  EXPECT_EQ(PartiqlErrorOf("SELECT * FROM \"t\" WHERE " + Repeat("NOT ", 4000) + "a = 1"),
            "Statement wasn't well formed, can't be processed: conditions nested too deeply");
  EXPECT_EQ(PartiqlErrorOf("SELECT * FROM \"t\" WHERE " + Repeat("(", 4000) + "a = 1" +
                           Repeat(")", 4000)),
            "Statement wasn't well formed, can't be processed: conditions nested too deeply");
  EXPECT_EQ(
      ParsePartiql("SELECT * FROM \"t\" WHERE " + Repeat("(", 50) + "NOT a = 1" + Repeat(")", 50),
                   kNoParameters)
          .table,
      "t");
}

TEST(dynamodbPartiql, ListIndexBeyondAnIntIsAValidationError) {
  EXPECT_NE(PartiqlErrorOf("SELECT a[111111111111111111111111111111] FROM \"t\""), "no error");
}

}  // namespace
}  // namespace terrarium::services::dynamodb
