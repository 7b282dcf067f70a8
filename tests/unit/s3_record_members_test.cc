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

}  // namespace
}  // namespace terrarium::services::s3
