// S3 bodies live once in the blob store whatever number of objects, versions, copies and parts
// refer to them: a copy adds a reference, not bytes; deleting one referent keeps the bytes for
// the others; the last reference (a deleted object, version, aborted upload or deleted bucket)
// removes the file (or the inline row of a small body). Operations run in process through the
// real dispatcher.
#include <gtest/gtest.h>

#include <filesystem>
#include <string>

#include "emulator/core/encoding.h"
#include "emulator/services/s3/blob_bytes.h"
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

  // Small bodies stored inline, in the store's table rather than as files.
  int InlineBlobs() {
    int count = 0;
    store_->BeginRead()->Scan(kInlineBlobsTable, "", "", [&](std::string_view, std::string_view) {
      ++count;
      return true;
    });
    return count;
  }

  // Stored bodies, inline or as files.
  int Blobs() { return BlobFiles() + InlineBlobs(); }

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
  EXPECT_EQ(Blobs(), 1);
  std::string sha = ShaOf("shared body");
  EXPECT_EQ(Refs(sha), 3);

  Call("DeleteObject", {{"Bucket", "one"}, {"Key", "a"}});
  EXPECT_EQ(Get("one", "b"), "shared body");
  Call("DeleteObject", {{"Bucket", "one"}, {"Key", "b"}});
  EXPECT_EQ(Refs(sha), 1);
  EXPECT_EQ(Get("two", "c"), "shared body");
  Call("DeleteObject", {{"Bucket", "two"}, {"Key", "c"}});
  EXPECT_EQ(Refs(sha), 0);
  EXPECT_EQ(Blobs(), 0);
}

TEST_F(S3BlobRefsTest, EqualUploadsAndOverwritesCountReferences) {
  Call("CreateBucket", {{"Bucket", "bee"}});
  Put("bee", "x", "same");
  Put("bee", "y", "same");
  EXPECT_EQ(Blobs(), 1);
  // Overwriting x releases its reference to "same"; y still holds it.
  Put("bee", "x", "different");
  EXPECT_EQ(Blobs(), 2);
  EXPECT_EQ(Get("bee", "y"), "same");
  Put("bee", "y", "different");
  EXPECT_EQ(Blobs(), 1);
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
  EXPECT_EQ(Blobs(), 2);
  EXPECT_EQ(Get("vee", "k", v1), "first");
  Call("DeleteObject", {{"Bucket", "vee"}, {"Key", "k"}, {"VersionId", v1}});
  EXPECT_EQ(Blobs(), 1);
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
  EXPECT_EQ(Blobs(), 2);
  EXPECT_EQ(Refs(ShaOf("part bytes")), 2);
  EXPECT_THROW(Call("DeleteBucket", {{"Bucket", "emp"}}), AwsError);  // not empty
  Call("DeleteObject", {{"Bucket", "emp"}, {"Key", "kept"}});
  EXPECT_EQ(Refs(ShaOf("part bytes")), 1);
  Call("DeleteBucket", {{"Bucket", "emp"}});
  EXPECT_EQ(Blobs(), 0);
  EXPECT_EQ(Refs(ShaOf("part bytes")), 0);
}

TEST_F(S3BlobRefsTest, SmallBodiesAreStoredInlineAndLargeOnesAsFiles) {
  Call("CreateBucket", {{"Bucket", "inl"}});
  std::string small(kInlineBlobBytes, 's');
  std::string large(kInlineBlobBytes + 1, 'l');
  Put("inl", "small", small);
  Put("inl", "large", large);
  Put("inl", "empty", "");
  EXPECT_EQ(BlobFiles(), 1);
  EXPECT_EQ(InlineBlobs(), 2);
  EXPECT_EQ(Get("inl", "small"), small);
  EXPECT_EQ(Get("inl", "large"), large);
  EXPECT_EQ(Get("inl", "empty"), "");
  json ranged = {{"Bucket", "inl"}, {"Key", "small"}, {"Range", "bytes=2-5"}};
  Body body;
  Call("GetObject", ranged, {}, &body);
  EXPECT_EQ(body.ReadAll(), "ssss");
  Call("DeleteObject", {{"Bucket", "inl"}, {"Key", "small"}});
  Call("DeleteObject", {{"Bucket", "inl"}, {"Key", "large"}});
  Call("DeleteObject", {{"Bucket", "inl"}, {"Key", "empty"}});
  EXPECT_EQ(Blobs(), 0);
  EXPECT_EQ(Refs(ShaOf(small)), 0);
}

TEST_F(S3BlobRefsTest, PartsCopiedFromInlineBodiesCompleteIntoAFile) {
  Call("CreateBucket", {{"Bucket", "mpu"}});
  std::string small = "a small source body";
  Put("mpu", "src", small);
  std::string upload =
      Call("CreateMultipartUpload", {{"Bucket", "mpu"}, {"Key", "dst"}})["UploadId"];
  json part = {{"Bucket", "mpu"}, {"Key", "dst"}, {"UploadId", upload}, {"CopySource", "mpu/src"}};
  part["PartNumber"] = 1;
  part["CopySourceRange"] = "bytes=2-6";
  std::string ranged_etag = Call("UploadPartCopy", part)["CopyPartResult"]["ETag"];
  EXPECT_EQ(ranged_etag, "\"" + HexEncode(Md5("small")) + "\"");
  part.erase("CopySourceRange");
  part["PartNumber"] = 2;
  std::string whole_etag = Call("UploadPartCopy", part)["CopyPartResult"]["ETag"];
  EXPECT_EQ(Refs(ShaOf(small)), 2);  // the object and the part copied whole
  // Only the last part may be under 5 MiB, so complete with the whole copy alone.
  Call("CompleteMultipartUpload",
       {{"Bucket", "mpu"},
        {"Key", "dst"},
        {"UploadId", upload},
        {"MultipartUpload", {{"Parts", {{{"PartNumber", 2}, {"ETag", whole_etag}}}}}}});
  EXPECT_EQ(Get("mpu", "dst"), small);
  // The completed object is a file of the same content as the inline body: removing either
  // referent leaves the other readable, the last removes both.
  Call("DeleteObject", {{"Bucket", "mpu"}, {"Key", "src"}});
  EXPECT_EQ(Get("mpu", "dst"), small);
  Call("DeleteObject", {{"Bucket", "mpu"}, {"Key", "dst"}});
  EXPECT_EQ(Blobs(), 0);
}

}  // namespace
}  // namespace terrarium::services::s3
