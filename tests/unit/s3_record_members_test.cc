// PickMembers: the members a listing reads, taken from a stored record's text without parsing
// the others, equal to what a full parse gives for them.
#include <gtest/gtest.h>

#include <string_view>

#include "emulator/services/s3/record_members.h"

namespace terrarium::services::s3 {
namespace {

using nlohmann::json;

constexpr std::string_view kWanted[] = {"ETag", "Size", "Checksums", "IsDeleteMarker", "Key"};

TEST(S3RecordMembers, PicksTheNamedMembersAndSkipsNestedValues) {
  json record = {{"Blob", std::string(64, 'a')},
                 {"Checksums", {{"CRC32", "AAAAAA=="}}},
                 {"ContentType", "text/plain; charset=\"utf-8\""},
                 {"ETag", "\"0123456789abcdef0123456789abcdef\""},
                 {"Key", "dir/\u00e9t\u00e9 \\ \"quoted\"/k"},
                 {"LastModified", 1700000000.5},
                 {"Metadata", {{"nested", {{"Size", 1}, {"list", {1, "}", "{", "\\\""}}}}}},
                 {"Size", 1024},
                 {"Tags", json::array({{{"Key", "ETag"}, {"Value", "x"}}})}};
  json picked = PickMembers(record.dump(), kWanted);
  json expected = {{"Checksums", record["Checksums"]},
                   {"ETag", record["ETag"]},
                   {"Key", record["Key"]},
                   {"Size", 1024}};
  EXPECT_EQ(picked, expected);
  EXPECT_TRUE(picked["Size"].is_number_unsigned());
}

TEST(S3RecordMembers, SpacedTextAndEmptyObjects) {
  EXPECT_EQ(
      PickMembers(" { \"Size\" : 7 , \"Other\" : [ ] , \"IsDeleteMarker\" : true } ", kWanted),
      (json{{"Size", 7}, {"IsDeleteMarker", true}}));
  EXPECT_EQ(PickMembers("{}", kWanted), json::object());
}

TEST(S3RecordMembers, TextThatIsNoObjectIsParsedWhole) {
  EXPECT_EQ(PickMembers("[1, 2]", kWanted), json::parse("[1, 2]"));
  EXPECT_THROW(PickMembers("{\"Size\": 7", kWanted), json::parse_error);
  EXPECT_THROW(PickMembers("{\"Size\": 7} trailing", kWanted), json::parse_error);
}

// ParseRecord must give what json::parse gives, value types included (a record read back is
// compared, dumped again and answered from).
TEST(S3RecordMembers, ParseRecordIsTheFullParse) {
  json record = {{"Key", "dir/k\"ey\\ with \n escapes \u00e9 \x01"},
                 {"Blob", std::string(64, 'a')},
                 {"Size", 1024},
                 {"Zero", 0},
                 {"Big", 18446744073709551615ULL},
                 {"Negative", -5},
                 {"LastModified", 1764226000.125},
                 {"Whole", 2.0},
                 {"IsDeleteMarker", false},
                 {"Flag", true},
                 {"Nothing", nullptr},
                 {"Empty", ""},
                 {"Metadata", {{"a", "1"}, {"b\"", "2"}}},
                 {"Tags", json::array({{{"Key", "k"}, {"Value", "v"}}})},
                 {"PartSizes", {5242880, 3}}};
  for (const std::string& text :
       {record.dump(), record.dump(2), std::string("{}"),
        std::string(" { \"a\" : \"\\u0041\\/\" , \"b\":1e3 } "), std::string("{\"n\\u0061me\": 1}"),
        std::string("{\"huge\": 99999999999999999999999}"),
        std::string("{\"a\":0.1,\"b\":123456789012345678901234567890.5,\"c\":0.30000000000000004,"
                    "\"d\":10.0,\"e\":0.0,\"f\":1.7976931348623157e308,\"g\":4.9e-324}")}) {
    json parsed = ParseRecord(text);
    EXPECT_EQ(parsed, json::parse(text)) << text;
    EXPECT_EQ(parsed.dump(), json::parse(text).dump()) << text;
  }
  EXPECT_TRUE(ParseRecord(record.dump())["Size"].is_number_unsigned());
  EXPECT_TRUE(ParseRecord(record.dump())["Whole"].is_number_float());
  EXPECT_THROW(ParseRecord("{\"Size\": 07}"), json::parse_error);
  for (const char* number : {"01.5", "1.", ".5", "1.2.3", "1.-2"}) {
    EXPECT_THROW(ParseRecord(std::string("{\"Size\": ") + number + "}"), json::parse_error)
        << number;
  }
  EXPECT_THROW(ParseRecord("{\"Size\": tru}"), json::parse_error);
  EXPECT_THROW(ParseRecord("{\"Size\": 7"), json::parse_error);
}

// Strings are skimmed and decoded a run at a time: each escape, at each position of a name and
// of a value, in records written compact and indented, and cut short.
TEST(S3RecordMembers, EveryEscapeAtEveryPosition) {
  const std::string specials[] = {"\"", "\\", "\\\"", "\n", "\x01", "/", "\u00e9"};
  for (size_t length = 0; length <= 12; ++length) {
    for (size_t at = 0; at <= length; ++at) {
      for (const std::string& special : specials) {
        std::string text(length, 'x');
        text.insert(at, special);
        json record = {{"Key", text}, {"Size", 1}, {text + "n", text}};
        for (const std::string& dumped : {record.dump(), record.dump(1)}) {
          EXPECT_EQ(ParseRecord(dumped), record) << dumped;
          EXPECT_EQ(PickMembers(dumped, kWanted), (json{{"Key", text}, {"Size", 1}})) << dumped;
          EXPECT_EQ(JsonStringValue(json(text).dump()), text);
          EXPECT_THROW(PickMembers(dumped.substr(0, dumped.rfind('"')), kWanted), json::parse_error)
              << dumped;
        }
      }
    }
  }
}

}  // namespace
}  // namespace terrarium::services::s3
