// ListObjects and ListObjectsV2 write their XML straight from the stored rows over HTTP; the
// document must be, byte for byte, what the rest-xml codec writes from the JSON output that
// in-process calls get.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "emulator/models/service_model.h"
#include "emulator/protocols/codec.h"
#include "emulator/services/s3/listed_object.h"
#include "emulator/services/s3/operations.h"
#include "emulator/services/s3/s3_store.h"
#include "emulator/storage/json_table.h"
#include "emulator/storage/store.h"

namespace terrarium::services::s3 {
namespace {

using nlohmann::json;

class S3ListingXmlTest : public ::testing::Test {
 protected:
  void SetUp() override {
    json bucket = {{"Name", "b"}, {"Account", "000000000000"}, {"Region", "us-east-1"}};
    auto txn = store_->BeginWrite();
    storage::PutJson(*txn, kBucketsTable, "b", bucket);
    auto put = [&](const std::string& key, json record) {
      record["Key"] = key;
      storage::PutJson(*txn, kObjectsTable, ObjectRowKey(bucket, key), record);
    };
    put("a/1", {{"ETag", "\"0cc175b9c0f1b6a831c399e269772661\""},
                {"LastModified", 1700000000.0},
                {"Size", 1},
                {"ContentType", "text/plain"},
                {"Metadata", {{"k", "v"}}}});
    put("a/2 & <3>", {{"ETag", "\"e\\u0001\""}, {"LastModified", 1700000001.9996}, {"Size", 0}});
    put("a/sum", {{"ETag", "\"abc-2\""},
                  {"LastModified", 1700000002.123},
                  {"Size", 123456789012},
                  {"StorageClass", "GLACIER"},
                  {"Checksums", {{"CRC32", "AAAAAA=="}, {"SHA256", "x"}}},
                  {"ChecksumType", "COMPOSITE"}});
    put("b/only-checksum", {{"ETag", "\"d\""},
                            {"LastModified", 1700000003.5},
                            {"Size", 5},
                            {"Checksums", {{"CRC64NVME", "y"}}}});
    put("c/deleted", {{"IsDeleteMarker", true}, {"LastModified", 1700000004.0}});
    put("d/ü é", {{"ETag", "\"f\""}, {"LastModified", 1700000005.25}, {"Size", 7}});
    put(std::string(400, 'L') + "2", {{"ETag", "\"l2\""}, {"LastModified", 1.5}, {"Size", 2}});
    put(std::string(400, 'L') + "1", {{"ETag", "\"l1\""}, {"LastModified", 1.5}, {"Size", 1}});
    txn->Commit();
  }

  // The body the codec sends for the operation's answer, with the handler writing the XML
  // itself (`direct`) or returning the document.
  std::string Body(json (*handler)(RequestContext&, const json&), const std::string& operation,
                   const json& input, bool direct) {
    RequestContext ctx;
    ctx.store = store_.get();
    ctx.request_id = "req";
    ctx.can_wait = direct;  // an HTTP request, as the dispatcher marks one
    json output = handler(ctx, input);
    EXPECT_EQ(!ctx.response_payload.empty(), direct);
    const models::ServiceModel& model = models::GetModel("s3");
    auto codec = protocols::MakeCodec("rest-xml", model);
    return codec->EncodeOutput(*model.FindOperation(operation), output, ctx).body.ReadAll();
  }

  std::unique_ptr<storage::Store> store_ = storage::OpenStore({});
};

TEST_F(S3ListingXmlTest, DirectXmlIsTheCodecsDocument) {
  std::vector<json> inputs = {
      {{"Bucket", "b"}},
      {{"Bucket", "b"}, {"FetchOwner", true}},
      {{"Bucket", "b"}, {"Delimiter", "/"}},
      {{"Bucket", "b"}, {"Prefix", "a/"}, {"MaxKeys", 2}},
      {{"Bucket", "b"}, {"EncodingType", "url"}, {"Delimiter", " "}},
      {{"Bucket", "b"}, {"StartAfter", "a/2"}, {"MaxKeys", 3}, {"FetchOwner", true}},
      {{"Bucket", "b"}, {"MaxKeys", 0}},
      {{"Bucket", "b"}, {"Prefix", "none/"}},
  };
  for (const json& input : inputs) {
    std::string expected = Body(&ListObjectsV2, "ListObjectsV2", input, false);
    EXPECT_EQ(Body(&ListObjectsV2, "ListObjectsV2", input, true), expected) << input.dump();
    json v1 = input;
    v1.erase("FetchOwner");
    if (auto it = v1.find("StartAfter"); it != v1.end()) {
      v1["Marker"] = *it;
      v1.erase("StartAfter");
    }
    expected = Body(&ListObjects, "ListObjects", v1, false);
    EXPECT_EQ(Body(&ListObjects, "ListObjects", v1, true), expected) << v1.dump();
  }
  // The page holds what was stored: a spot check that the comparison compares something.
  std::string page = Body(&ListObjectsV2, "ListObjectsV2", {{"Bucket", "b"}}, true);
  EXPECT_NE(page.find("<Key>a/2 &amp; &lt;3&gt;</Key><LastModified>2023-11-14T22:13:21.000Z"),
            std::string::npos)
      << page;
  EXPECT_NE(page.find("<ChecksumAlgorithm>CRC32</ChecksumAlgorithm><ChecksumAlgorithm>SHA256"
                      "</ChecksumAlgorithm><ChecksumType>COMPOSITE</ChecksumType><Size>"
                      "123456789012</Size><StorageClass>GLACIER</StorageClass>"),
            std::string::npos)
      << page;
  EXPECT_EQ(page.find("c/deleted"), std::string::npos);
  EXPECT_LT(page.find(std::string(400, 'L') + "1"), page.find(std::string(400, 'L') + "2"));
}

TEST(s3_listed_object, ReadsTheListedMembers) {
  ListedObject object = ReadListedObject(
      R"({"ChecksumType":"FULL_OBJECT","Checksums":{"CRC32C":"q","SHA1":"r"},"ETag":"\"x\\y\"",)"
      R"("IsDeleteMarker":false,"Key":"k","LastModified":1700000000.25,"Size":42,)"
      R"("StorageClass":"STANDARD_IA","Metadata":{"a":"}"}})");
  EXPECT_EQ(object.etag, "\"x\\y\"");
  EXPECT_EQ(object.size, 42u);
  EXPECT_DOUBLE_EQ(object.last_modified, 1700000000.25);
  EXPECT_EQ(object.storage_class, "STANDARD_IA");
  EXPECT_EQ(object.checksum_algorithms, (std::vector<std::string>{"CRC32C", "SHA1"}));
  EXPECT_EQ(object.checksum_type, "FULL_OBJECT");
  EXPECT_FALSE(object.delete_marker);
  // Defaults, a delete marker, a \u escape and an exponent.
  object = ReadListedObject(R"({"IsDeleteMarker":true,"ETag":"\u0041","Size":1e3})");
  EXPECT_TRUE(object.delete_marker);
  EXPECT_EQ(object.etag, "A");
  EXPECT_EQ(object.size, 1000u);
  EXPECT_EQ(object.storage_class, "STANDARD");
  EXPECT_TRUE(object.checksum_type.empty());
  EXPECT_EQ(ReadRecordKey(R"({"ETag":"e","Key":"a\"b"})"), "a\"b");
  EXPECT_THROW(ReadListedObject("{\"Size\":"), nlohmann::json::exception);
}

}  // namespace
}  // namespace terrarium::services::s3
