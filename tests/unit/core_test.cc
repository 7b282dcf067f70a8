#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "emulator/core/encoding.h"
#include "emulator/core/http_message.h"
#include "emulator/core/ids.h"
#include "emulator/core/sigv4.h"
#include "emulator/core/timestamp.h"
#include "emulator/core/url.h"

namespace terrarium {
namespace {

TEST(UrlTest, DecodesAndEncodes) {
  EXPECT_EQ(PercentDecode("a%20b%2Fc+d", true), "a b/c d");
  EXPECT_EQ(PercentDecode("a+b", false), "a+b");
  EXPECT_EQ(PercentDecode("bad%zz%4"), "bad%zz%4");
  EXPECT_EQ(PercentEncode("a b/c~"), "a%20b%2Fc~");
  EXPECT_EQ(PercentEncode("a b/c", true), "a%20b/c");
}

TEST(UrlTest, ParsesQueryInOrder) {
  QueryParams params = ParseQuery("b=2&a&c=%20x&&d=");
  ASSERT_EQ(params.size(), 4u);
  EXPECT_EQ(params[0], (std::pair<std::string, std::string>{"b", "2"}));
  EXPECT_EQ(params[1].first, "a");
  EXPECT_EQ(params[1].second, "");
  EXPECT_EQ(*FindParam(params, "c"), " x");
  EXPECT_EQ(FindParam(params, "zz"), nullptr);
}

TEST(EncodingTest, Base64RoundTripsAndRejectsGarbage) {
  EXPECT_EQ(Base64Encode("hello"), "aGVsbG8=");
  EXPECT_EQ(*Base64Decode("aGVsbG8="), "hello");
  EXPECT_EQ(*Base64Decode("aGVsbG8"), "hello");
  EXPECT_FALSE(Base64Decode("a!b=").has_value());
  EXPECT_EQ(HexEncode(Md5("")), "d41d8cd98f00b204e9800998ecf8427e");
  EXPECT_EQ(Crc32("123456789"), 0xCBF43926u);
}

// The decoder reads four characters at a time; it must take and refuse exactly what a decoder
// of one character at a time does (both alphabets, padding stripped however long, trailing bits
// not checked, a lone last character refused), on every string of up to five characters drawn
// from letters of each class.
std::optional<std::string> DecodeBase64ByCharacter(std::string_view text) {
  while (!text.empty() && text.back() == '=') text.remove_suffix(1);
  std::string out;
  uint32_t acc = 0;
  int bits = 0;
  for (char c : text) {
    int v = c >= 'A' && c <= 'Z'   ? c - 'A'
            : c >= 'a' && c <= 'z' ? c - 'a' + 26
            : c >= '0' && c <= '9' ? c - '0' + 52
            : c == '+' || c == '-' ? 62
            : c == '/' || c == '_' ? 63
                                   : -1;
    if (v < 0) return std::nullopt;
    acc = (acc << 6) | static_cast<uint32_t>(v);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out.push_back(static_cast<char>((acc >> bits) & 0xFF));
    }
  }
  if (bits >= 6) return std::nullopt;
  return out;
}

TEST(EncodingTest, Base64DecodesAsOneCharacterAtATimeWould) {
  const std::string letters = "Az09+-/_=!\x80";
  std::vector<std::string> texts = {""};
  for (size_t length = 1, from = 0; length <= 5; ++length) {
    size_t to = texts.size();
    for (size_t i = from; i < to; ++i) {
      for (char c : letters) texts.push_back(texts[i] + c);
    }
    from = to;
  }
  texts.push_back(Base64Encode(std::string(1000, '\xfe')));
  texts.push_back(Base64Encode("a receipt handle|nonce:1234|arn:aws:sqs:us-east-1:0:q") + "==");
  for (const std::string& text : texts) {
    EXPECT_EQ(Base64Decode(text), DecodeBase64ByCharacter(text)) << text;
  }
  EXPECT_EQ(*Base64Decode(Base64Encode(std::string(1000, '\xfe'))), std::string(1000, '\xfe'));
}

TEST(EncodingTest, Utf8IsCheckedAsRfc3629Defines) {
  EXPECT_TRUE(IsUtf8(""));
  EXPECT_TRUE(IsUtf8("plain ascii"));
  EXPECT_TRUE(IsUtf8("caf\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x98\x80"));  // é € 😀
  EXPECT_TRUE(IsUtf8("\xF4\x8F\xBF\xBF"));                           // U+10FFFF
  EXPECT_FALSE(IsUtf8("\xDE\xDE"));          // a lead byte followed by another lead
  EXPECT_FALSE(IsUtf8("\x80"));              // a lone continuation byte
  EXPECT_FALSE(IsUtf8("\xC0\x80"));          // an overlong NUL
  EXPECT_FALSE(IsUtf8("\xE0\x80\xAF"));      // an overlong '/'
  EXPECT_FALSE(IsUtf8("\xED\xA0\x80"));      // a surrogate (U+D800)
  EXPECT_FALSE(IsUtf8("\xF4\x90\x80\x80"));  // past U+10FFFF
  EXPECT_FALSE(IsUtf8("ab\xE2\x82"));        // cut short at the end
}

TEST(TimestampTest, FormatsAndParses) {
  EXPECT_EQ(FormatIso8601(0), "1970-01-01T00:00:00.000Z");
  EXPECT_EQ(FormatIso8601(1700000000.5), "2023-11-14T22:13:20.500Z");
  EXPECT_EQ(FormatRfc822(1700000000), "Tue, 14 Nov 2023 22:13:20 GMT");
  EXPECT_DOUBLE_EQ(*ParseTimestamp("2023-11-14T22:13:20Z"), 1700000000);
  EXPECT_DOUBLE_EQ(*ParseTimestamp("2023-11-14T22:13:20.250Z"), 1700000000.25);
  EXPECT_DOUBLE_EQ(*ParseTimestamp("2023-11-14T23:13:20+01:00"), 1700000000);
  EXPECT_DOUBLE_EQ(*ParseTimestamp("Tue, 14 Nov 2023 22:13:20 GMT"), 1700000000);
  EXPECT_DOUBLE_EQ(*ParseTimestamp("1700000000"), 1700000000);
  EXPECT_FALSE(ParseTimestamp("yesterday").has_value());
  EXPECT_DOUBLE_EQ(*ParseTimestamp("2023-11-14T20:43:20-01:30"), 1700000000);
  // Offsets other than exactly +HH:MM are refused (a short one was once read past its end).
  EXPECT_FALSE(ParseTimestamp("2023-11-14T22:13:20+1:2").has_value());
  EXPECT_FALSE(ParseTimestamp("2023-11-14T22:13:20+01").has_value());
  EXPECT_FALSE(ParseTimestamp("2023-11-14T22:13:20+01:0").has_value());
}

TEST(SigV4Test, ParsesHeaderAndCredential) {
  auto scope = ParseAuthorizationHeader(
      "AWS4-HMAC-SHA256 Credential=AKID/20260101/eu-west-1/sqs/aws4_request, SignedHeaders=host, "
      "Signature=x");
  ASSERT_TRUE(scope.has_value());
  EXPECT_EQ(scope->access_key, "AKID");
  EXPECT_EQ(scope->region, "eu-west-1");
  EXPECT_EQ(scope->service, "sqs");
  auto v2 = ParseAuthorizationHeader("AWS AKID:signature");
  ASSERT_TRUE(v2.has_value());
  EXPECT_EQ(v2->access_key, "AKID");
  EXPECT_FALSE(ParseAuthorizationHeader("Bearer x").has_value());
  EXPECT_FALSE(ParseCredential("AKID/20260101/eu-west-1/sqs").has_value());
}

TEST(IdsTest, AccountsAndUuids) {
  EXPECT_EQ(AccountForAccessKey("123456789012"), "123456789012");
  EXPECT_EQ(AccountForAccessKey("test"), "000000000000");
  EXPECT_EQ(AccountForAccessKey("12345678901a"), "000000000000");
  std::string uuid = NewUuid();
  EXPECT_EQ(uuid.size(), 36u);
  EXPECT_EQ(uuid[14], '4');
  EXPECT_NE(uuid, NewUuid());
  EXPECT_EQ(Arn("sqs", "us-east-1", "000000000000", "q"), "arn:aws:sqs:us-east-1:000000000000:q");
}

}  // namespace
}  // namespace terrarium

namespace terrarium {
namespace {

// An owned file body keeps its file until the last Body referring to it is gone.
TEST(BodyTest, OwnedFileLivesAsLongAsTheBody) {
  auto path = std::filesystem::temp_directory_path() / ("terrarium-body-" + NewUuid());
  { std::ofstream(path) << "data"; }
  {
    Body body = Body::FromFile(path, 0, 4, true);
    EXPECT_TRUE(std::filesystem::exists(path));
    Body copy = body;
    EXPECT_EQ(copy.ReadAll(), "data");
  }
  EXPECT_FALSE(std::filesystem::exists(path));
}

}  // namespace
}  // namespace terrarium
