// S3 bodies live once in the blob store whatever number of objects, versions, copies and parts
// refer to them: a copy adds a reference, not bytes; deleting one referent keeps the bytes for
// the others; the last reference (a deleted object, version, aborted upload or deleted bucket)
// removes the file. Operations run in process through the real dispatcher.
#include <gtest/gtest.h>

#include <filesystem>
#include <string>

#include "emulator/core/encoding.h"
#include "emulator/services/s3/s3_store.h"
#include "tests/unit/services_test_support.h"

namespace terrarium::services::s3 {
namespace {

using nlohmann::json;
namespace fs = std::filesystem;

class S3BlobRefsTest : public test_support::ServicesTest {
 protected:
  json Call(std::string_view operation, const json& input, Body payload = {},
            Body* response = nullptr) {
    return dispatcher_->Invoke("s3", operation, input, Scope{"000000000000", "us-east-1"},
                               InvokePayloads{std::move(payload), response});
  }

  void Put(const std::string& bucket, const std::string& key, const std::string& bytes) {
    Call("PutObject", {{"Bucket", bucket}, {"Key", key}}, Body::FromString(bytes));
  }

  std::string Get(const std::string& bucket, const std::string& key,
                  const std::string& version = "") {
    json input = {{"Bucket", bucket}, {"Key", key}};
    if (!version.empty()) input["VersionId"] = version;
    Body body;
    Call("GetObject", input, {}, &body);
    return body.ReadAll();
  }

  // Blob files on disk.
  int BlobFiles() const {
    int count = 0;
    for (const auto& entry : fs::recursive_directory_iterator(store_->Dir() / "blobs")) {
      if (entry.is_regular_file()) ++count;
    }
    return count;
  }

  // References recorded for the blob named `sha`.
  long long Refs(const std::string& sha) {
    auto value = store_->BeginRead()->Get(kBlobRefsTable, sha);
    return value ? std::stoll(*value) : 0;
  }

  // The blob name of `bytes`: its SHA-256 in hex.
  static std::string ShaOf(const std::string& bytes) { return HexEncode(Sha256(bytes)); }
};

TEST_F(S3BlobRefsTest, CopiesShareOneFileUntilTheLastIsDeleted) {
  Call("CreateBucket", {{"Bucket", "one"}});
  Call("CreateBucket", {{"Bucket", "two"}});
  Put("one", "a", "shared body");
  Call("CopyObject", {{"Bucket", "one"}, {"Key", "b"}, {"CopySource", "one/a"}});
  Call("CopyObject", {{"Bucket", "two"}, {"Key", "c"}, {"CopySource", "/one/a"}});
  EXPECT_EQ(BlobFiles(), 1);
  std::string sha = ShaOf("shared body");
  EXPECT_EQ(Refs(sha), 3);

  Call("DeleteObject", {{"Bucket", "one"}, {"Key", "a"}});
  EXPECT_EQ(Get("one", "b"), "shared body");
  Call("DeleteObject", {{"Bucket", "one"}, {"Key", "b"}});
  EXPECT_EQ(Refs(sha), 1);
  EXPECT_EQ(Get("two", "c"), "shared body");
  Call("DeleteObject", {{"Bucket", "two"}, {"Key", "c"}});
  EXPECT_EQ(Refs(sha), 0);
  EXPECT_EQ(BlobFiles(), 0);
}

TEST_F(S3BlobRefsTest, EqualUploadsAndOverwritesCountReferences) {
  Call("CreateBucket", {{"Bucket", "bee"}});
  Put("bee", "x", "same");
  Put("bee", "y", "same");
  EXPECT_EQ(BlobFiles(), 1);
  // Overwriting x releases its reference to "same"; y still holds it.
  Put("bee", "x", "different");
  EXPECT_EQ(BlobFiles(), 2);
  EXPECT_EQ(Get("bee", "y"), "same");
  Put("bee", "y", "different");
  EXPECT_EQ(BlobFiles(), 1);
  EXPECT_EQ(Refs(ShaOf("different")), 2);
}

TEST_F(S3BlobRefsTest, VersionsHoldTheirBodiesUntilDeletedForGood) {
  Call("CreateBucket", {{"Bucket", "vee"}});
  Call("PutBucketVersioning",
       {{"Bucket", "vee"}, {"VersioningConfiguration", {{"Status", "Enabled"}}}});
  Put("vee", "k", "first");
  std::string v1 = Call("ListObjectVersions", {{"Bucket", "vee"}})["Versions"][0]["VersionId"];
  Put("vee", "k", "second");
  Call("DeleteObject", {{"Bucket", "vee"}, {"Key", "k"}});  // a delete marker: bytes stay
  EXPECT_EQ(BlobFiles(), 2);
  EXPECT_EQ(Get("vee", "k", v1), "first");
  Call("DeleteObject", {{"Bucket", "vee"}, {"Key", "k"}, {"VersionId", v1}});
  EXPECT_EQ(BlobFiles(), 1);
  EXPECT_EQ(Refs(ShaOf("first")), 0);
}

TEST_F(S3BlobRefsTest, DeletedBucketFreesItsUploadsParts) {
  Call("CreateBucket", {{"Bucket", "emp"}});
  Put("emp", "kept", "part bytes");
  std::string upload =
      Call("CreateMultipartUpload", {{"Bucket", "emp"}, {"Key", "big"}})["UploadId"];
  Call("UploadPart", {{"Bucket", "emp"}, {"Key", "big"}, {"UploadId", upload}, {"PartNumber", 1}},
       Body::FromString("part bytes"));
  Call("UploadPart", {{"Bucket", "emp"}, {"Key", "big"}, {"UploadId", upload}, {"PartNumber", 2}},
       Body::FromString("only in a part"));
  EXPECT_EQ(BlobFiles(), 2);
  EXPECT_EQ(Refs(ShaOf("part bytes")), 2);
  EXPECT_THROW(Call("DeleteBucket", {{"Bucket", "emp"}}), AwsError);  // not empty
  Call("DeleteObject", {{"Bucket", "emp"}, {"Key", "kept"}});
  EXPECT_EQ(Refs(ShaOf("part bytes")), 1);
  Call("DeleteBucket", {{"Bucket", "emp"}});
  EXPECT_EQ(BlobFiles(), 0);
  EXPECT_EQ(Refs(ShaOf("part bytes")), 0);
}

}  // namespace
}  // namespace terrarium::services::s3
