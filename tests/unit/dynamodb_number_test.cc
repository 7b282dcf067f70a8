// Suites are named dynamodb* so that `ctest -R dynamodb` selects them with the e2e modules.
#include <gtest/gtest.h>

#include <algorithm>
#include <random>
#include <vector>

#include "emulator/core/aws_error.h"
#include "emulator/services/dynamodb/attribute_value.h"
#include "emulator/services/dynamodb/key_codec.h"
#include "emulator/services/dynamodb/number.h"

namespace terrarium::services::dynamodb {
namespace {

Number N(std::string_view text) {
  auto n = Number::Parse(text);
  EXPECT_TRUE(n.has_value()) << text;
  return n.value_or(Number());
}

TEST(dynamodbNumber, CanonicalForm) {
  EXPECT_EQ(N("1.0").ToString(), "1");
  EXPECT_EQ(N("01").ToString(), "1");
  EXPECT_EQ(N("1E0").ToString(), "1");
  EXPECT_EQ(N("-0").ToString(), "0");
  EXPECT_EQ(N("0.000").ToString(), "0");
  EXPECT_EQ(N("1.5E3").ToString(), "1500");
  EXPECT_EQ(N("-.05").ToString(), "-0.05");
  EXPECT_EQ(N("123.4500").ToString(), "123.45");
  EXPECT_EQ(N("1e-3").ToString(), "0.001");
  EXPECT_EQ(N("+7").ToString(), "7");
  EXPECT_EQ(N("12345678901234567890123456789012345678").ToString(),
            "12345678901234567890123456789012345678");
}

TEST(dynamodbNumber, Limits) {
  std::string error;
  EXPECT_FALSE(Number::Parse("123456789012345678901234567890123456789", &error));
  EXPECT_EQ(error, "Attempting to store more than 38 significant digits in a Number");
  EXPECT_TRUE(Number::Parse("1234567890123456789012345678901234567800000"));
  EXPECT_FALSE(Number::Parse("1E126", &error));
  EXPECT_NE(error.find("Number overflow"), std::string::npos);
  EXPECT_TRUE(Number::Parse("9.9999999999999999999999999999999999999E+125"));
  EXPECT_TRUE(Number::Parse("1E-130"));
  EXPECT_FALSE(Number::Parse("1E-131", &error));
  EXPECT_NE(error.find("Number underflow"), std::string::npos);
  for (const char* bad : {"", "abc", "1.2.3", "1e", "--1", "1x", "."}) {
    EXPECT_FALSE(Number::Parse(bad, &error)) << bad;
    EXPECT_EQ(error, "A value provided cannot be converted into a number");
  }
}

TEST(dynamodbNumber, ExactArithmetic) {
  EXPECT_EQ((N("0.1") + N("0.2")).ToString(), "0.3");
  EXPECT_EQ((N("1") - N("1")).ToString(), "0");
  EXPECT_EQ((N("-5") + N("3")).ToString(), "-2");
  EXPECT_EQ((N("3") - N("5.5")).ToString(), "-2.5");
  EXPECT_EQ((N("99999999999999999999999999999999999999") + N("1")).ToString(),
            "100000000000000000000000000000000000000");
  EXPECT_EQ((N("1E20") + N("1E-20")).ToString(), "100000000000000000000.00000000000000000001");
  EXPECT_EQ((N("-1.25") - N("-1.25")).ToString(), "0");
}

TEST(dynamodbNumber, ComparesNumerically) {
  EXPECT_LT(N("2"), N("10"));
  EXPECT_LT(N("-10"), N("-2"));
  EXPECT_LT(N("-1"), N("0"));
  EXPECT_LT(N("1.2"), N("1.21"));
  EXPECT_EQ(N("1.0"), N("1"));
  // Beyond double precision.
  EXPECT_LT(N("12345678901234567890123456789012345678"),
            N("12345678901234567890123456789012345679"));
}

TEST(dynamodbKeyCodec, NumberEncodingSortsNumerically) {
  std::vector<std::string> texts = {"-1E125",  "-100", "-10.5",  "-10", "-2",      "-1.21", "-1.2",
                                    "-1E-130", "0",    "1E-130", "0.5", "1",       "1.2",   "1.21",
                                    "2",       "10",   "10.5",   "100", "9.99E125"};
  std::vector<std::string> encoded;
  for (const auto& t : texts) encoded.push_back(EncodeScalar({{"N", N(t).ToString()}}));
  for (size_t i = 1; i < encoded.size(); ++i) {
    EXPECT_LT(encoded[i - 1], encoded[i]) << texts[i - 1] << " vs " << texts[i];
  }
  std::mt19937 rng(7);
  std::uniform_int_distribution<int> digits(-100000, 100000);
  for (int i = 0; i < 500; ++i) {
    Number a = N(std::to_string(digits(rng)) + "E" + std::to_string(digits(rng) % 7));
    Number b = N(std::to_string(digits(rng)) + "E" + std::to_string(digits(rng) % 7));
    auto ea = RangePart({{"N", a.ToString()}});
    auto eb = RangePart({{"N", b.ToString()}});
    EXPECT_EQ(a <=> b, ea <=> eb) << a.ToString() << " " << b.ToString();
  }
}

TEST(dynamodbKeyCodec, StringsAndBinaryAreBytewiseAndPrefixFree) {
  auto s = [](std::string v) { return RangePart({{"S", v}}); };
  EXPECT_LT(s("a"), s("a\x01"));
  EXPECT_LT(s("a"), s("ab"));
  EXPECT_LT(s("ab"), s("b"));
  EXPECT_LT(s("Z"), s("a"));
  EXPECT_LT(s("z"), s("\xc3\xa9"));  // UTF-8 bytes, not code units
  EXPECT_LT(s(std::string("a\0", 2)), s("a\x01"));
  EXPECT_LT(s("a"), s(std::string("a\0", 2)));
  // Hash parts never prefix one another.
  EXPECT_FALSE(HashPart({{"S", "ab"}}).starts_with(HashPart({{"S", "a"}})));
}

TEST(dynamodbKeyCodec, LongValuesFitTheStore) {
  std::string hash(2048, 'h');
  EXPECT_LE(HashPart({{"S", hash}}).size(), kMaxHashPartBytes);
  EXPECT_NE(HashPart({{"S", hash}}), HashPart({{"S", hash + "x"}}));
  std::string range(1024, 'r');
  auto a = RangePart({{"S", range + "a"}});
  auto b = RangePart({{"S", range + "b"}});
  EXPECT_LE(a.size(), kMaxRangePartBytes);
  EXPECT_EQ(PartLength(a + "tail"), a.size());
  EXPECT_TRUE(IsTruncatedRange(a));
  EXPECT_NE(a, b);
  EXPECT_FALSE(IsTruncatedRange(RangePart({{"S", "short"}})));
  EXPECT_EQ(PartLength(RangePart({{"S", std::string("a\0b", 3)}}) + "x"), 6u);
  // Shorter values sharing the kept bytes still sort before the truncated ones.
  EXPECT_LT(RangePart({{"S", std::string(kRangeKeepBytes, 'r')}}), a);
  EXPECT_LT(RangePart({{"S", std::string(kRangeKeepBytes - 1, 'r')}}), a);
  EXPECT_LT(RangePart({{"S", std::string(kRangeKeepBytes - 1, 'r') + "a"}}), a);
  EXPECT_LT(a, RangePart({{"S", "s"}}));
}

// The message of the AwsError `normalize(value)` throws, or "no error".
std::string NormalizeErrorOf(Json (*normalize)(const Json&), const Json& value) {
  try {
    normalize(value);
  } catch (const AwsError& e) {
    return e.message;
  }
  return "no error";
}

TEST(dynamodbAttributeValue, NormalizesAndValidates) {
  EXPECT_EQ(NormalizeValue({{"N", "01.50"}}), (Json{{"N", "1.5"}}));
  EXPECT_EQ(NormalizeValue({{"NS", {"1.0", "2"}}}), (Json{{"NS", {"1", "2"}}}));
  auto message = [](const Json& v) { return NormalizeErrorOf(NormalizeValue, v); };
  EXPECT_EQ(message({{"SS", Json::array()}}),
            "One or more parameter values were invalid: An string set  may not be empty");
  EXPECT_EQ(message({{"SS", {"a", "a"}}}),
            "One or more parameter values were invalid: Input collection [a, a] contains "
            "duplicates.");
  EXPECT_EQ(message({{"NS", {"1", "1.0"}}}),
            "One or more parameter values were invalid: Input collection [1, 1.0] contains "
            "duplicates.");
  EXPECT_EQ(message(Json::object()),
            "Supplied AttributeValue is empty, must contain exactly one of the supported "
            "datatypes");
  EXPECT_EQ(message({{"S", "a"}, {"N", "1"}}),
            "Supplied AttributeValue has more than one datatypes set, must contain exactly one "
            "of the supported datatypes");
}

// Items are normalised in place on a copy; nested numbers and sets must come out as
// NormalizeValue gives them one by one, and the caller's item must stay as it was.
TEST(dynamodbAttributeValue, NormalizesNestedItemsWithoutTouchingTheInput) {
  const Json item = {
      {"id", {{"S", "k"}}},
      {"m",
       {{"M", {{"n", {{"N", "007"}}}, {"l", {{"L", {{{"NS", {"2.50", "1"}}}, {{"N", "-0"}}}}}}}}}},
      {"z", {{"NULL", true}}}};
  const Json before = item;
  Json expected = {
      {"id", {{"S", "k"}}},
      {"m", {{"M", {{"n", {{"N", "7"}}}, {"l", {{"L", {{{"NS", {"2.5", "1"}}}, {{"N", "0"}}}}}}}}}},
      {"z", {{"NULL", true}}}};
  EXPECT_EQ(NormalizeItem(item), expected);
  EXPECT_EQ(item, before);
  // A map given as a list is read the way the copying normaliser reads it.
  EXPECT_EQ(NormalizeValue({{"M", {{{"N", "1.0"}}}}}), (Json{{"M", {{"0", {{"N", "1"}}}}}}));
  auto message = [](const Json& v) { return NormalizeErrorOf(NormalizeItem, v); };
  EXPECT_EQ(message({{"a", {{"M", {{"b", {{"NULL", false}}}}}}}}),
            "One or more parameter values were invalid: Null attribute value types must have the "
            "value of true");
  EXPECT_EQ(message({{"a", {{"L", {{{"X", "1"}}}}}}}),
            "Supplied AttributeValue is empty, must contain exactly one of the supported "
            "datatypes");
}

TEST(dynamodbAttributeValue, EqualityAndSize) {
  EXPECT_TRUE(ValuesEqual({{"SS", {"a", "b"}}}, {{"SS", {"b", "a"}}}));
  EXPECT_TRUE(ValuesEqual({{"N", "1"}}, {{"N", "1.0"}}));
  EXPECT_FALSE(ValuesEqual({{"N", "1"}}, {{"S", "1"}}));
  EXPECT_TRUE(ValuesEqual({{"M", {{"a", {{"L", {{{"BOOL", true}}}}}}}}},
                          {{"M", {{"a", {{"L", {{{"BOOL", true}}}}}}}}}));
  EXPECT_EQ(ItemSize({{"id", {{"S", "abc"}}}}), 5u);
  EXPECT_EQ(ItemSize({{"n", {{"N", "12345"}}}}), 1u + 4u);
  EXPECT_EQ(*CompareScalars({{"N", "9"}}, {{"N", "10"}}), std::strong_ordering::less);
}

}  // namespace
}  // namespace terrarium::services::dynamodb
