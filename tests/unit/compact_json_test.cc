// CompactJson writes stored records; it must give exactly the bytes of json::dump(), which wrote
// them before (snapshots compare them), and refuse what dump() refuses.
#include "emulator/core/json_text.h"

#include <string>

#include <gtest/gtest.h>

namespace terrarium {
namespace {

using nlohmann::json;

TEST(CompactJsonTest, IsDumpForEveryKindOfValue) {
  json record = {{"Key", "dir/k\"ey\\ with \n escapes \u00e9 \x01 \x7f"},
                 {"Size", 1024},
                 {"Negative", -5},
                 {"Big", 18446744073709551615ULL},
                 {"LastModified", 1764226000.125},
                 {"Whole", 2.0},
                 {"Tiny", 1e-300},
                 {"Flags", {true, false, nullptr}},
                 {"Empty", {{"object", json::object()}, {"array", json::array()}, {"text", ""}}},
                 {"na\"me\x02", {{"nested", {{"deeper", {1, "two", 3.5}}}}}},
                 {"Binary", json::binary({1, 2, 3})}};
  EXPECT_EQ(CompactJson(record), record.dump());
  for (const json& scalar : {json(nullptr), json(7), json("plain"), json(-0.0), json::array()}) {
    EXPECT_EQ(CompactJson(scalar), scalar.dump());
  }
}

TEST(CompactJsonTest, EveryEscapedByteAtEveryPosition) {
  const std::string specials[] = {"\"", "\\",      std::string(1, '\0'), "\x1f", "\x7f",
                                  " ",  "\xc3\xa9"};
  for (size_t length = 0; length <= 20; ++length) {
    for (size_t at = 0; at <= length; ++at) {
      for (const std::string& special : specials) {
        std::string text(length, 'a');
        text.insert(at, special);
        json value = {{text, text}, {"list", {text}}};
        EXPECT_EQ(CompactJson(value), value.dump());
      }
    }
  }
}

TEST(CompactJsonTest, RefusesInvalidUtf8AsDumpDoes) {
  json value = {{"k", std::string("valid then \xff")}};
  EXPECT_THROW(value.dump(), json::type_error);
  EXPECT_THROW(CompactJson(value), json::type_error);
  json name = {{std::string("\xc3"), 1}};
  EXPECT_THROW(CompactJson(name), json::type_error);
}

TEST(CompactJsonTest, PlainTextIsPrintableAsciiWithoutQuoteOrBackslash) {
  EXPECT_TRUE(IsPlainJsonText(""));
  EXPECT_TRUE(IsPlainJsonText("0123456789 abcdefghijklmnopqrstuvwxyz ~!@#$%^&*()_+{}|:<>?/.,;'[]"));
  for (char c : std::string("\"\\\x01\x1f\x80\xff", 6)) {
    for (size_t at : {0, 5, 8, 15, 16}) {
      std::string text(17, 'x');
      text[at] = c;
      EXPECT_FALSE(IsPlainJsonText(text)) << static_cast<int>(c) << " at " << at;
    }
  }
}

}  // namespace
}  // namespace terrarium
