// Unit tests for S3's pure pieces: checksums, aws-chunked decoding, ranges, ETag matching.
#include <gtest/gtest.h>

#include <string>

#include "emulator/core/aws_error.h"
#include "emulator/core/encoding.h"
#include "emulator/services/s3/aws_chunked.h"
#include "emulator/services/s3/byte_range.h"
#include "emulator/services/s3/checksums.h"
#include "emulator/services/s3/s3_common.h"

namespace terrarium::services::s3 {
namespace {

std::string DigestOf(const std::string& algorithm, const std::string& data, size_t piece = 3) {
  auto digest = MakeDigest(algorithm);
  for (size_t i = 0; i < data.size(); i += piece) digest->Update(data.substr(i, piece));
  return HexEncode(digest->Finish());
}

TEST(s3_checksums, KnownCheckValues) {
  const std::string check = "123456789";
  EXPECT_EQ(DigestOf("CRC32", check), "cbf43926");
  EXPECT_EQ(DigestOf("CRC32C", check), "e3069283");
  EXPECT_EQ(DigestOf("CRC64NVME", check), "ae8b14860a799888");
  EXPECT_EQ(DigestOf("SHA1", "abc"), "a9993e364706816aba3e25717850c26c9cd0d89d");
  EXPECT_EQ(DigestOf("SHA256", ""),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(DigestOf("MD5", ""), "d41d8cd98f00b204e9800998ecf8427e");
  EXPECT_EQ(MakeDigest("XXHASH64"), nullptr);
}

TEST(s3_checksums, HeaderNames) {
  EXPECT_EQ(AlgorithmOfHeader("x-amz-checksum-crc64nvme"), "CRC64NVME");
  EXPECT_EQ(AlgorithmOfHeader("X-Amz-Checksum-SHA256"), "SHA256");
  EXPECT_EQ(AlgorithmOfHeader("x-amz-checksum-"), std::nullopt);
  EXPECT_EQ(AlgorithmOfHeader("x-amz-trailer-signature"), std::nullopt);
  EXPECT_EQ(ChecksumMember("CRC32"), "ChecksumCRC32");
}

std::string Decode(const std::string& encoded, size_t piece, AwsChunkedDecoder& decoder) {
  std::string out;
  for (size_t i = 0; i < encoded.size(); i += piece) {
    decoder.Feed(encoded.substr(i, piece), [&](std::string_view bytes) { out.append(bytes); });
  }
  decoder.Finish();
  return out;
}

TEST(s3_aws_chunked, UnsignedWithTrailerAnyPieceSize) {
  const std::string encoded =
      "5\r\nhello\r\n6\r\n world\r\n0\r\nx-amz-checksum-crc32:DUoRhQ==\r\n\r\n";
  for (size_t piece : {1, 2, 7, 1000}) {
    AwsChunkedDecoder decoder;
    EXPECT_EQ(Decode(encoded, piece, decoder), "hello world");
    EXPECT_EQ(decoder.decoded_size(), 11u);
    EXPECT_EQ(decoder.trailers().at("x-amz-checksum-crc32"), "DUoRhQ==");
  }
}

TEST(s3_aws_chunked, SignedChunks) {
  const std::string encoded = "3;chunk-signature=abcdef\r\nabc\r\n0;chunk-signature=123456\r\n\r\n";
  AwsChunkedDecoder decoder;
  EXPECT_EQ(Decode(encoded, 4, decoder), "abc");
  EXPECT_TRUE(decoder.trailers().empty());
}

TEST(s3_aws_chunked, SignedWithTrailerAndUpperHex) {
  const std::string data(0x1A, 'x');
  const std::string encoded = "1A;chunk-signature=aa\r\n" + data +
                              "\r\n0;chunk-signature=bb\r\nx-amz-checksum-sha256:abc=\r\n"
                              "x-amz-trailer-signature:cc\r\n\r\n";
  AwsChunkedDecoder decoder;
  EXPECT_EQ(Decode(encoded, 5, decoder), data);
  EXPECT_EQ(decoder.trailers().size(), 2u);
}

TEST(s3_aws_chunked, TruncatedAndMalformed) {
  AwsChunkedDecoder truncated;
  EXPECT_THROW(Decode("5\r\nhel", 100, truncated), AwsError);
  AwsChunkedDecoder bad_size;
  EXPECT_THROW(Decode("zz\r\nhello\r\n0\r\n\r\n", 100, bad_size), AwsError);
  AwsChunkedDecoder too_long;
  EXPECT_THROW(Decode("2\r\nhello\r\n0\r\n\r\n", 100, too_long), AwsError);
  // The closing empty line after the trailers may be missing.
  AwsChunkedDecoder lenient;
  EXPECT_EQ(Decode("1\r\na\r\n0\r\nx-amz-checksum-crc32:x\r\n", 100, lenient), "a");
}

TEST(s3_range, Forms) {
  ByteRange range;
  ASSERT_EQ(ParseRange("bytes=0-9", 100, &range), RangeResult::kSatisfiable);
  EXPECT_EQ(range.first, 0u);
  EXPECT_EQ(range.last, 9u);
  ASSERT_EQ(ParseRange("bytes=90-", 100, &range), RangeResult::kSatisfiable);
  EXPECT_EQ(range.length(), 10u);
  ASSERT_EQ(ParseRange("bytes=-5", 100, &range), RangeResult::kSatisfiable);
  EXPECT_EQ(range.first, 95u);
  ASSERT_EQ(ParseRange("bytes=-500", 100, &range), RangeResult::kSatisfiable);
  EXPECT_EQ(range.first, 0u);
  ASSERT_EQ(ParseRange("bytes=50-5000", 100, &range), RangeResult::kSatisfiable);
  EXPECT_EQ(range.last, 99u);
}

TEST(s3_range, UnsatisfiableAndIgnored) {
  ByteRange range;
  EXPECT_EQ(ParseRange("bytes=100-", 100, &range), RangeResult::kUnsatisfiable);
  EXPECT_EQ(ParseRange("bytes=0-", 0, &range), RangeResult::kUnsatisfiable);
  EXPECT_EQ(ParseRange("bytes=-0", 100, &range), RangeResult::kUnsatisfiable);
  EXPECT_EQ(ParseRange("bytes=5-1", 100, &range), RangeResult::kNone);
  EXPECT_EQ(ParseRange("bytes=0-1,5-6", 100, &range), RangeResult::kNone);
  EXPECT_EQ(ParseRange("items=0-1", 100, &range), RangeResult::kNone);
  EXPECT_EQ(ParseRange("bytes=a-b", 100, &range), RangeResult::kNone);
}

TEST(s3_etag, QuotedAndMatching) {
  EXPECT_EQ(QuotedEtag(Md5("")), "\"d41d8cd98f00b204e9800998ecf8427e\"");
  EXPECT_TRUE(EtagMatches("\"abc\"", "\"abc\""));
  EXPECT_TRUE(EtagMatches("abc", "\"abc\""));
  EXPECT_TRUE(EtagMatches("\"x\", W/\"abc\"", "\"abc\""));
  EXPECT_TRUE(EtagMatches("*", "\"abc\""));
  EXPECT_FALSE(EtagMatches("\"abd\"", "\"abc\""));
}

}  // namespace
}  // namespace terrarium::services::s3
