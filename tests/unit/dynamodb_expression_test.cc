#include <gtest/gtest.h>

#include <cctype>
#include <string>

#include "emulator/core/aws_error.h"
#include "emulator/services/dynamodb/expression_eval.h"
#include "emulator/services/dynamodb/expression_parser.h"
#include "emulator/services/dynamodb/update_apply.h"

namespace terrarium::services::dynamodb {
namespace {

using nlohmann::json;

const json kValues = {{":one", {{"N", "1"}}},    {":two", {{"N", "2"}}},
                      {":s", {{"S", "ab"}}},     {":list", {{"L", {{{"N", "9"}}}}}},
                      {":set", {{"SS", {"x"}}}}, {":type", {{"S", "N"}}}};

const json kItem = {{"id", {{"S", "abc"}}},
                    {"n", {{"N", "1"}}},
                    {"tags", {{"SS", {"x", "y"}}}},
                    {"l", {{"L", {{{"N", "1"}}, {{"S", "ab"}}}}}},
                    {"m", {{"M", {{"k", {{"S", "v"}}}}}}}};

// Parses with only the placeholders the expression uses, so unused-value checks pass.
json InputFor(const std::string& text, json names = json::object()) {
  json values = json::object();
  for (const auto& [name, value] : kValues.items()) {
    for (size_t at = text.find(name); at != std::string::npos; at = text.find(name, at + 1)) {
      size_t end = at + name.size();
      if (end == text.size() ||
          !(std::isalnum(static_cast<unsigned char>(text[end])) || text[end] == '_')) {
        values[name] = value;
      }
    }
  }
  json input = json::object();
  if (!values.empty()) input["ExpressionAttributeValues"] = values;
  if (!names.empty()) input["ExpressionAttributeNames"] = names;
  return input;
}

bool Eval(const std::string& text, json names = json::object()) {
  ExpressionAttributes attrs(InputFor(text, names));
  Condition c = ParseCondition(text, "ConditionExpression", attrs);
  attrs.CheckAllUsed();
  return EvaluateCondition(c, kItem);
}

std::string ConditionError(const std::string& text, json input) {
  try {
    ExpressionAttributes attrs(input);
    ParseCondition(text, "ConditionExpression", attrs);
    attrs.CheckAllUsed();
  } catch (const AwsError& e) {
    EXPECT_EQ(e.code, "ValidationException");
    return e.message;
  }
  return "no error";
}

TEST(dynamodbExpression, EvaluatesConditions) {
  struct Case {
    const char* text;
    bool expected;
  } cases[] = {
      {"n = :one", true},
      {"n <> :one", false},
      {"n < :two AND n >= :one", true},
      {"n BETWEEN :one AND :two", true},
      {"n IN (:two, :one)", true},
      {"NOT n = :one OR id = :s", false},
      {"(n = :two OR n = :one) AND attribute_exists(id)", true},
      {"attribute_not_exists(absent)", true},
      {"attribute_type(n, :type)", true},
      {"begins_with(id, :s)", true},
      {"contains(tags, :s)", false},
      {"contains(l, :s)", true},
      {"size(tags) = :two", true},
      {"size(id) > :two", true},
      {"l[1] = :s", true},
      {"m.k = :s", false},
      {"absent < :one", false},
      {"absent <> :one", true},
  };
  for (const auto& c : cases) EXPECT_EQ(Eval(c.text), c.expected) << c.text;
  EXPECT_TRUE(Eval("#s = :one", {{"#s", "n"}}));
}

TEST(dynamodbExpression, SizeLimitIsFourKilobytesOfRawText) {
  json v = {{"ExpressionAttributeValues", {{":v", {{"N", "1"}}}}}};
  std::string at_limit = "a" + std::string(4096 - 5 - 1, 'z') + " = :v";
  ASSERT_EQ(at_limit.size(), 4096u);
  EXPECT_EQ(ConditionError(at_limit, v), "no error");
  std::string over = "a" + at_limit;
  EXPECT_EQ(ConditionError(over, v),
            "Invalid ConditionExpression: Expression size has exceeded the maximum allowed size; "
            "expression size: 4097");
  // 10,000 nested parentheses are refused by size before the recursive descent sees them.
  std::string nested = std::string(10000, '(') + "a = :v" + std::string(10000, ')');
  EXPECT_EQ(ConditionError(nested, v),
            "Invalid ConditionExpression: Expression size has exceeded the maximum allowed size; "
            "expression size: 20006");
  // Projection and update expressions carry no size suffix.
  ExpressionAttributes attrs(json::object());
  try {
    ParseProjection(std::string(5000, 'p'), attrs);
    ADD_FAILURE() << "no error";
  } catch (const AwsError& e) {
    EXPECT_EQ(e.message,
              "Invalid ProjectionExpression: Expression size has exceeded the maximum allowed "
              "size;");
  }
  try {
    ParseUpdate("SET " + std::string(5000, 'p') + " = :v", attrs);
    ADD_FAILURE() << "no error";
  } catch (const AwsError& e) {
    EXPECT_EQ(e.message,
              "Invalid UpdateExpression: Expression size has exceeded the maximum allowed size;");
  }
}

// As DynamoDB answers (reported against it by users of moto, dynalite and ExtendDB): a group
// that only wraps another group is refused; groups that combine conditions are not.
TEST(dynamodbExpression, RedundantParenthesesAreRefused) {
  json v = {{"ExpressionAttributeValues", {{":one", {{"N", "1"}}}, {":two", {{"N", "2"}}}}}};
  for (const char* text : {"((a = :one))", "((a = :one AND b = :two))",
                           "(b = :two) AND ((a = :one))", "(((attribute_exists(a))))"}) {
    EXPECT_EQ(ConditionError(text, InputFor(text)),
              "Invalid ConditionExpression: The expression has redundant parentheses;")
        << text;
  }
  for (const char* text :
       {"(a = :one)", "((a = :one) AND (b = :two))", "((a = :one AND b = :two) AND c = :one)",
        "a = :one OR (b = :two AND c = :one)", "(a IN (:one, :two))"}) {
    EXPECT_EQ(ConditionError(text, InputFor(text)), "no error") << text;
  }
  // Found by fuzz_ddb_expression: 3,400 nested groups within the 4 KB limit overflowed the
  // stack under ASan; now the first "((" ends it.
  std::string deep = std::string(2000, '(') + "a = :v" + std::string(2000, ')');
  EXPECT_EQ(ConditionError(deep, v),
            "Invalid ConditionExpression: The expression has redundant parentheses;");
  // Groups that are not redundant still nest only so deep; update operands have no such rule.
  std::string chain;
  for (int i = 0; i < 300; ++i) chain += "(a = :v OR ";
  chain += "a = :v" + std::string(300, ')');
  EXPECT_EQ(ConditionError(chain, v),
            "Invalid ConditionExpression: The expression has parentheses nested too deeply;");
  ExpressionAttributes attrs(v);
  try {
    ParseUpdate("SET a = " + std::string(1500, '(') + ":v" + std::string(1500, ')'), attrs);
    ADD_FAILURE() << "no error";
  } catch (const AwsError& e) {
    EXPECT_EQ(e.message,
              "Invalid UpdateExpression: The expression has parentheses nested too deeply;");
  }
}

TEST(dynamodbExpression, SyntaxAndSemanticErrors) {
  json v = {{"ExpressionAttributeValues", {{":v", {{"N", "1"}}}}}};
  EXPECT_EQ(ConditionError("a = ", v),
            "Invalid ConditionExpression: Syntax error; token: \"<EOF>\", near: \"= \"");
  EXPECT_EQ(ConditionError("a == :v", v),
            "Invalid ConditionExpression: Syntax error; token: \"=\", near: \"== :v\"");
  EXPECT_EQ(ConditionError("", v), "Invalid ConditionExpression: The expression can not be empty;");
  EXPECT_EQ(ConditionError("status = :v", v),
            "Invalid ConditionExpression: Attribute name is a reserved keyword; reserved keyword: "
            "status");
  EXPECT_EQ(ConditionError("#a = :v", v),
            "Invalid ConditionExpression: An expression attribute name used in the document path "
            "is not defined; attribute name: #a");
  EXPECT_EQ(ConditionError("a = :w", v),
            "Invalid ConditionExpression: An expression attribute value used in expression is not "
            "defined; attribute value: :w");
  EXPECT_EQ(ConditionError(
                "a = :v AND b = :v",
                json{{"ExpressionAttributeValues", {{":v", {{"N", "1"}}}, {":x", {{"N", "2"}}}}}}),
            "Value provided in ExpressionAttributeValues unused in expressions: keys: {:x}");
  EXPECT_EQ(ConditionError("foo(a)", v),
            "Invalid ConditionExpression: Invalid function name; "
            "function: foo");
  EXPECT_EQ(ConditionError("begins_with(a)", json::object()),
            "Invalid ConditionExpression: Incorrect number of operands for operator or function; "
            "operator or function: begins_with, number of operands: 1");
  EXPECT_EQ(ConditionError("a = :v", json{{"ExpressionAttributeValues", json::object()}}),
            "ExpressionAttributeValues must not be empty");
}

json Updated(const std::string& text, json item = kItem) {
  ExpressionAttributes attrs(InputFor(text));
  UpdatePlan plan = ParseUpdate(text, attrs);
  attrs.CheckAllUsed();
  ApplyUpdate(plan, item);
  return item;
}

TEST(dynamodbExpression, AppliesUpdates) {
  EXPECT_EQ(Updated("SET n = n + :two")["n"], (json{{"N", "3"}}));
  EXPECT_EQ(Updated("SET n = :one - n")["n"], (json{{"N", "0"}}));
  EXPECT_EQ(Updated("SET x = if_not_exists(x, :two), n = if_not_exists(n, :two)")["x"],
            (json{{"N", "2"}}));
  EXPECT_EQ(Updated("SET l = list_append(:list, l)")["l"]["L"].size(), 3u);
  EXPECT_EQ(Updated("SET l[5] = :one")["l"]["L"].size(), 3u);  // past the end appends
  EXPECT_EQ(Updated("SET m.k2 = :one")["m"]["M"]["k2"], (json{{"N", "1"}}));
  EXPECT_FALSE(Updated("REMOVE m.k, n")["m"]["M"].contains("k"));
  EXPECT_EQ(Updated("REMOVE l[0], l[1]")["l"]["L"].size(), 0u);
  EXPECT_EQ(Updated("ADD n :two, cnt :one")["cnt"], (json{{"N", "1"}}));
  EXPECT_EQ(Updated("ADD tags :set")["tags"]["SS"].size(), 2u);
  EXPECT_FALSE(Updated("DELETE tags :set")["tags"]["SS"].empty());
  try {
    Updated("SET x = absent + :one");
    FAIL();
  } catch (const AwsError& e) {
    EXPECT_EQ(e.message,
              "The provided expression refers to an attribute that does not exist in the item");
  }
  try {
    Updated("SET nope.deeper = :one");
    FAIL();
  } catch (const AwsError& e) {
    EXPECT_EQ(e.message,
              "The document path provided in the update expression is invalid for update");
  }
  try {
    Updated("ADD id :s");
    FAIL();
  } catch (const AwsError& e) {
    EXPECT_EQ(e.message,
              "Invalid UpdateExpression: Incorrect operand type for operator or function; "
              "operator: ADD, operand type: STRING");
  }
  try {
    Updated("SET a = :one SET b = :two");
    FAIL();
  } catch (const AwsError& e) {
    EXPECT_EQ(e.message,
              "Invalid UpdateExpression: The \"SET\" section can only be used once in an update "
              "expression;");
  }
}

TEST(dynamodbExpression, ProjectsNestedPaths) {
  ExpressionAttributes attrs(json::object());
  auto paths = ParseProjection("l[1], m.k, id", attrs);
  json projected = Project(kItem, paths);
  EXPECT_EQ(projected["l"], (json{{"L", {{{"S", "ab"}}}}}));
  EXPECT_EQ(projected["m"], (json{{"M", {{"k", {{"S", "v"}}}}}}));
  EXPECT_EQ(projected.size(), 3u);
}

}  // namespace
}  // namespace terrarium::services::dynamodb
