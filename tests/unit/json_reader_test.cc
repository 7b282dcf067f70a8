// ReadJsonDocument against nlohmann::json::parse, the reader it replaced for request bodies:
// the same document for every well-formed text, a refusal for every malformed one.
#include "emulator/protocols/json_reader.h"

#include <string>
#include <vector>

#include <gtest/gtest.h>

namespace terrarium::protocols {
namespace {

using nlohmann::json;
using namespace std::string_literals;

// What nlohmann makes of `text`, as ReadJsonDocument answers: nullopt when it refuses it.
std::optional<json> NlohmannReads(const std::string& text) {
  json value = json::parse(text, nullptr, false);
  if (value.is_discarded()) return std::nullopt;
  return value;
}

TEST(JsonReaderTest, ReadsWhatNlohmannReads) {
  const std::vector<std::string> texts = {
      R"({"TableName":"t","Item":{"pk":{"S":"k1"},"n":{"N":"42"},"b":{"BOOL":true},"z":{"NULL":true}}})",
      R"({"a":[1,-1,0,2.5,-0.0,1e3,1E-3,9223372036854775807,-9223372036854775808]})",
      R"({"big":18446744073709551615,"bigger":18446744073709551616,"neg":-9223372036854775809})",
      R"([0e308,-0,-0.0,0.1,1e-400,4.9e-324,2.2250738585072014e-308,1.7976931348623157e308])",
      R"([0e400,0e709551616,-0.0e-99999])",  // RapidJSON refuses these; nlohmann decides
      R"({"k":1,"k":2})",                    // a repeated key: the last value
      R"(  {"s":"tab\tnew\nquote\"slash\\\/u\u00e9\ud83d\ude00nul\u0000end"}  )",
      "{\"utf8\":\"caf\xC3\xA9 \xF0\x9F\x98\x80\"}",
      R"([[],{},[{}],"",0,true,false,null])",
      R"("just a string")",
      "42",
      " \r\n\t{\"ws\" : [ 1 , 2 ] }\r\n ",
  };
  for (const std::string& text : texts) {
    std::optional<json> ours = ReadJsonDocument(text);
    std::optional<json> theirs = NlohmannReads(text);
    ASSERT_TRUE(theirs.has_value()) << text;
    ASSERT_TRUE(ours.has_value()) << text;
    EXPECT_EQ(*ours, *theirs) << text;
    // The same kinds of number, not only equal values (the codec checks is_number_integer).
    EXPECT_EQ(ours->dump(), theirs->dump()) << text;
  }
  EXPECT_TRUE(ReadJsonDocument(R"({"n":5})")->at("n").is_number_unsigned());
  EXPECT_TRUE(ReadJsonDocument(R"({"n":-5})")->at("n").is_number_integer());
  EXPECT_TRUE(ReadJsonDocument(R"({"n":5.0})")->at("n").is_number_float());
  EXPECT_EQ(ReadJsonDocument(R"({"s":"a\u0000b"})")->at("s").get<std::string>(), "a\0b"s);
}

TEST(JsonReaderTest, RefusesWhatNlohmannRefuses) {
  const std::vector<std::string> texts = {
      "{",
      "{\"a\":1,}",
      "[1,2,]",
      "{\"a\" 1}",
      "{'a':1}",
      "{\"a\":NaN}",
      "{\"a\":Infinity}",
      "{\"a\":01}",
      "{\"a\":1e999}",
      "[-1e400]",
      "{} {}",
      "{\"a\":\"raw\0nul\"}"s,
      "{\"a\":\"raw\ttab\"}",
      "{\"a\":\"\\ud800\"}",    // a lone surrogate escape
      R"("s\u00e983d\ude00")",  // a lone low surrogate (found by fuzz_json_reader)
      R"({"\udfff":1})",
      "{\"a\":\"\\x41\"}",         // no such escape
      "{\"a\":\"\xC3\"}",          // cut-short UTF-8
      "{\"a\":\"\xC0\x80\"}",      // overlong
      "{\"a\":\"\xED\xA0\x80\"}",  // an encoded surrogate
      "{\"\xFF\":1}",              // a key that is not UTF-8
      "// comment\n{}",
      "tru",
  };
  for (const std::string& text : texts) {
    EXPECT_FALSE(NlohmannReads(text).has_value()) << "nlohmann took: " << text;
    EXPECT_FALSE(ReadJsonDocument(text).has_value()) << "took: " << text;
  }
}

// nlohmann stopped at a NUL byte after the document and took the rest for the end of input.
TEST(JsonReaderTest, RefusesBytesAfterANul) {
  EXPECT_TRUE(NlohmannReads("{}\0trailing"s).has_value());
  EXPECT_FALSE(ReadJsonDocument("{}\0trailing"s).has_value());
  EXPECT_FALSE(ReadJsonDocument("{}\0"s).has_value());
}

// Strings are scanned sixteen bytes at a time, and RapidJSON 1.1.0's scan misses 0x1A-0x1F: a
// raw control byte is refused wherever it stands in a string, in a key, or between tokens.
TEST(JsonReaderTest, RefusesEveryRawControlByteAnywhere) {
  for (int c = 0x01; c < 0x20; ++c) {
    if (c == '\t' || c == '\n' || c == '\r') continue;
    for (size_t at = 0; at <= 40; at += 3) {
      std::string value(40, 'v');
      value.insert(at, 1, static_cast<char>(c));
      std::string text = R"({"k":")" + value + R"("})";
      EXPECT_EQ(ReadJsonDocument(text), std::nullopt) << c << " at " << at;
      EXPECT_EQ(ReadJsonDocument(R"({")" + value + R"(":1})"), std::nullopt) << c << " at " << at;
    }
    EXPECT_EQ(ReadJsonDocument(std::string("{\"k\":1,") + static_cast<char>(c) + "\"j\":2}"),
              std::nullopt)
        << c;
  }
  EXPECT_EQ(ReadJsonDocument("{\"k\":\"\\u001c\\u001f\"}"), json({{"k", "\x1c\x1f"}}));
}

TEST(JsonReaderTest, DeepNestingNeedsNoStack) {
  std::string deep = std::string(100000, '[') + std::string(100000, ']');
  std::optional<json> value = ReadJsonDocument(deep);
  ASSERT_TRUE(value.has_value());
  int depth = 0;
  for (const json* at = &*value; at->is_array() && !at->empty(); at = &at->front()) ++depth;
  EXPECT_EQ(depth, 99999);
  EXPECT_FALSE(ReadJsonDocument(std::string(100000, '[')).has_value());
}

}  // namespace
}  // namespace terrarium::protocols
