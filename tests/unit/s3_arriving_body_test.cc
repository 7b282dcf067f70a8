// A large upload is hashed as it arrives (ArrivingBody, fed by the server chunk by chunk while it
// spools the body) and IngestBody takes those digests instead of reading the spool file again,
// moves a plain body's spool file into the blob store under a fresh name, and copies only the
// payload of an aws-chunked one. Whatever the observer did not see whole, IngestBody hashes
// itself, so a wrong or missing observer never changes the answer.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "emulator/core/encoding.h"
#include "emulator/services/s3/arriving_body.h"
#include "emulator/services/s3/body_ingest.h"
#include "emulator/storage/store.h"

namespace terrarium::services::s3 {
namespace {

namespace fs = std::filesystem;

std::string PatternBytes(size_t size) {
  std::string out(size, '\0');
  for (size_t i = 0; i < size; ++i) out[i] = static_cast<char>((i * 131 + i / 7) & 0xff);
  return out;
}

// aws-chunked, in chunks of `chunk` bytes, with a CRC32 trailer line when `trailer` is given.
std::string AwsChunked(const std::string& payload, size_t chunk, const std::string& trailer = "") {
  std::string out;
  for (size_t at = 0; at < payload.size(); at += chunk) {
    std::string piece = payload.substr(at, chunk);
    char size[32];
    std::snprintf(size, sizeof size, "%zx", piece.size());
    out += std::string(size) + ";chunk-signature=" + std::string(64, '0') + "\r\n" + piece + "\r\n";
  }
  out += "0\r\n";
  if (!trailer.empty()) out += "x-amz-checksum-crc32:" + trailer + "\r\n";
  return out + "\r\n";
}

std::string ReadFile(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

std::string Crc32Base64(const std::string& bytes) {
  auto digest = MakeDigest("CRC32");
  digest->Update(bytes);
  return Base64Encode(digest->Finish());
}

class S3ArrivingBodyTest : public ::testing::Test {
 protected:
  // A body as the server hands it over: spooled to a file of the blob store's tmp folder, with
  // `observer` (if any) fed the same bytes in pieces of `piece` bytes.
  Body Spooled(const std::string& bytes, const std::shared_ptr<ArrivingBody>& observer,
               size_t piece = 65536) {
    fs::path path = store_->Blobs().NewTempPath();
    std::ofstream(path, std::ios::binary) << bytes;
    if (observer) {
      for (size_t at = 0; at < bytes.size(); at += piece) {
        observer->Consume(std::string_view(bytes).substr(at, piece));
      }
    }
    Body body = Body::FromFile(path, 0, bytes.size(), /*owned=*/true);
    body.set_observer(observer);
    return body;
  }

  // The error code IngestBody answers an aws-chunked `body` with ("" when it stores it).
  std::string IngestError(Body body) {
    try {
      IngestBody(store_->Blobs(), body, true, {});
    } catch (const AwsError& error) {
      return error.code;
    }
    return "";
  }

  std::unique_ptr<storage::Store> store_ = storage::OpenStore({});
};

TEST_F(S3ArrivingBodyTest, PlainBodyTakesTheArrivedDigestsAndBecomesTheBlobByRename) {
  std::string bytes = PatternBytes((3 << 20) + 17);
  auto observer = std::make_shared<ArrivingBody>(std::vector<std::string>{"SHA256"}, false);
  Body body = Spooled(bytes, observer, 10000);
  fs::path spool = body.path();
  IngestedBody ingested = IngestBody(store_->Blobs(), body, false, {"SHA256"});
  EXPECT_EQ(ingested.md5, Md5(bytes));
  EXPECT_EQ(ingested.checksums.at("SHA256"), Base64Encode(Sha256(bytes)));
  EXPECT_EQ(ingested.size, bytes.size());
  EXPECT_FALSE(ingested.inline_bytes);
  EXPECT_FALSE(fs::exists(spool));  // renamed, not copied
  EXPECT_EQ(ReadFile(store_->Blobs().PathOf(ingested.blob)), bytes);
  // Named at random, not by a hash of the bytes nobody asked for.
  EXPECT_NE(ingested.blob, HexEncode(Sha256(bytes)));
  // The digests were handed over once.
  EXPECT_FALSE(observer->Take(bytes.size(), {"SHA256"}));
}

TEST_F(S3ArrivingBodyTest, TakeRefusesWhatTheObserverDidNotSeeWhole) {
  std::string bytes = PatternBytes(5000);
  ArrivingBody observer({"CRC32"}, false);
  observer.Consume(bytes);
  EXPECT_FALSE(observer.Take(bytes.size() + 1, {"CRC32"}));      // a byte it never saw
  EXPECT_FALSE(observer.Take(bytes.size(), {"CRC32", "SHA1"}));  // a checksum it did not compute
  EXPECT_FALSE(observer.Take(bytes.size(), {}));                 // one more than asked for
  auto arrived = observer.Take(bytes.size(), {"CRC32"});
  ASSERT_TRUE(arrived);
  EXPECT_EQ(arrived->digests->md5->Finish(), Md5(bytes));
  EXPECT_EQ(Base64Encode(arrived->digests->checksums.at("CRC32")->Finish()), Crc32Base64(bytes));
}

TEST_F(S3ArrivingBodyTest, ObserverThatSawLessIsIgnoredAndTheSpoolFileHashed) {
  std::string bytes = PatternBytes(2 << 20);
  auto observer = std::make_shared<ArrivingBody>(std::vector<std::string>{}, false);
  observer->Consume(std::string_view(bytes).substr(0, 1000));
  Body body = Body::FromFile(store_->Blobs().NewTempPath(), 0, bytes.size(), true);
  std::ofstream(body.path(), std::ios::binary) << bytes;
  body.set_observer(observer);
  IngestedBody ingested = IngestBody(store_->Blobs(), body, false, {});
  EXPECT_EQ(ingested.md5, Md5(bytes));
  EXPECT_EQ(ReadFile(store_->Blobs().PathOf(ingested.blob)), bytes);
}

TEST_F(S3ArrivingBodyTest, AwsChunkedBodyIsDecodedAsItArrivesAndOnlyItsPayloadCopied) {
  std::string payload = PatternBytes((2 << 20) + 333);
  std::string encoded = AwsChunked(payload, 65536, Crc32Base64(payload));
  // Pieces that split chunk headers, payloads and the trailer at odd places.
  for (size_t piece : {size_t{7}, size_t{4093}, size_t{65536}}) {
    auto observer = std::make_shared<ArrivingBody>(std::vector<std::string>{"CRC32"}, true);
    Body body = Spooled(encoded, observer, piece);
    IngestedBody ingested = IngestBody(store_->Blobs(), body, true, {"CRC32"});
    EXPECT_EQ(ingested.md5, Md5(payload)) << piece;
    EXPECT_EQ(ingested.size, payload.size()) << piece;
    EXPECT_EQ(ingested.checksums.at("CRC32"), Crc32Base64(payload)) << piece;
    EXPECT_EQ(ingested.trailing.at("CRC32"), Crc32Base64(payload)) << piece;
    EXPECT_EQ(ReadFile(store_->Blobs().PathOf(ingested.blob)), payload) << piece;
  }
}

TEST_F(S3ArrivingBodyTest, MalformedAwsChunkedBodyIsAnsweredAsWithoutTheObserver) {
  std::string encoded = AwsChunked(PatternBytes(200000), 65536);
  encoded.replace(0, 5, "zz;x=");  // a chunk size that is not hex
  auto observer = std::make_shared<ArrivingBody>(std::vector<std::string>{}, true);
  Body body = Spooled(encoded, observer);
  EXPECT_FALSE(observer->Take(encoded.size(), {}));
  auto fresh = std::make_shared<ArrivingBody>(std::vector<std::string>{}, true);
  EXPECT_EQ(IngestError(Spooled(encoded, fresh)), "InvalidRequest");
  // A body cut short: the decoder never saw the final chunk.
  std::string cut = AwsChunked(PatternBytes(200000), 65536).substr(0, 150000);
  auto short_observer = std::make_shared<ArrivingBody>(std::vector<std::string>{}, true);
  EXPECT_EQ(IngestError(Spooled(cut, short_observer)), "IncompleteBody");
}

TEST_F(S3ArrivingBodyTest, TinyChunksAreNotNotedOneByOne) {
  std::string payload = PatternBytes(kMaxArrivedSegments + 10);
  std::string encoded = AwsChunked(payload, 1);
  auto observer = std::make_shared<ArrivingBody>(std::vector<std::string>{}, true);
  Body body = Spooled(encoded, observer);
  EXPECT_FALSE(observer->Take(encoded.size(), {}));
  auto again = std::make_shared<ArrivingBody>(std::vector<std::string>{}, true);
  Body spooled = Spooled(encoded, again);
  IngestedBody ingested = IngestBody(store_->Blobs(), spooled, true, {});  // decoded again
  EXPECT_EQ(ingested.md5, Md5(payload));
  EXPECT_EQ(ReadFile(store_->Blobs().PathOf(ingested.blob)), payload);
}

TEST_F(S3ArrivingBodyTest, ObserveUploadWatchesPutsOfBodiesOnly) {
  HttpRequest put;
  put.method = "PUT";
  put.headers["x-amz-checksum-sha256"] = "x";
  put.headers["x-amz-sdk-checksum-algorithm"] = "CRC32C";
  auto observer = std::dynamic_pointer_cast<ArrivingBody>(ObserveUpload(put));
  ASSERT_TRUE(observer);
  observer->Consume("abc");
  EXPECT_FALSE(observer->Take(3, {"SHA256"}));
  EXPECT_TRUE(observer->Take(3, {"CRC32C", "SHA256"}));
  HttpRequest copy = put;
  copy.headers["x-amz-copy-source"] = "/b/k";
  EXPECT_FALSE(ObserveUpload(copy));
  HttpRequest post;
  post.method = "POST";
  EXPECT_FALSE(ObserveUpload(post));
}

}  // namespace
}  // namespace terrarium::services::s3
