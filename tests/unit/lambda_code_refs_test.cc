// Lambda packages and S3 bodies share blob files (the store is content-addressed): a function
// deployed from an S3 object keeps its code after the object goes, and a package goes with the
// last function record that names it. Operations run in process through the real dispatcher.
#include <gtest/gtest.h>

#include <filesystem>
#include <string>

#include "emulator/core/encoding.h"
#include "tests/unit/services_test_support.h"
#include "tests/unit/zip_test_support.h"

namespace terrarium::services::lambda {
namespace {

using nlohmann::json;

class LambdaCodeRefsTest : public test_support::ServicesTest {
 protected:
  json Lambda(const std::string& operation, const json& input) {
    return Invoke("lambda", operation, input);
  }
  void Create(const std::string& name, const json& code) {
    Lambda("CreateFunction", {{"FunctionName", name},
                              {"Runtime", "python3.12"},
                              {"Handler", "index.handler"},
                              {"Role", "arn:aws:iam::000000000000:role/r"},
                              {"Code", code}});
  }
  static std::string Zip(const std::string& value) {
    return testsupport::MakeZip({{"index.py", "def handler(e, c):\n  return '" + value + "'\n"}});
  }
  bool Stored(const std::string& bytes) {
    return std::filesystem::exists(store_->Blobs().PathOf(HexEncode(Sha256(bytes))));
  }
};

TEST_F(LambdaCodeRefsTest, FunctionDeployedFromAnObjectKeepsItsCodeAfterTheObjectGoes) {
  std::string zip = Zip("from s3");
  Invoke("s3", "CreateBucket", {{"Bucket", "code"}});
  dispatcher_->Invoke("s3", "PutObject", {{"Bucket", "code"}, {"Key", "f.zip"}}, Scope{},
                      InvokePayloads{Body::FromString(zip), nullptr});
  Create("from-s3", {{"S3Bucket", "code"}, {"S3Key", "f.zip"}});
  Invoke("s3", "DeleteObject", {{"Bucket", "code"}, {"Key", "f.zip"}});
  EXPECT_TRUE(Stored(zip)) << "deleting the object removed the function's code";

  // The other way round: the object keeps the body after the function goes.
  dispatcher_->Invoke("s3", "PutObject", {{"Bucket", "code"}, {"Key", "again.zip"}}, Scope{},
                      InvokePayloads{Body::FromString(zip), nullptr});
  Lambda("DeleteFunction", {{"FunctionName", "from-s3"}});
  EXPECT_TRUE(Stored(zip));
  Invoke("s3", "DeleteObject", {{"Bucket", "code"}, {"Key", "again.zip"}});
  EXPECT_FALSE(Stored(zip)) << "the last reference went, the file stayed";
}

TEST_F(LambdaCodeRefsTest, APackageGoesWithTheLastRecordThatNamesIt) {
  std::string one = Zip("one");
  std::string two = Zip("two");
  Create("a", {{"ZipFile", Base64Encode(one)}});
  Create("b", {{"ZipFile", Base64Encode(one)}});
  Lambda("PublishVersion", {{"FunctionName", "a"}});  // version 1 keeps "one"
  Lambda("UpdateFunctionCode", {{"FunctionName", "a"}, {"ZipFile", Base64Encode(two)}});
  Lambda("DeleteFunction", {{"FunctionName", "b"}});
  EXPECT_TRUE(Stored(one)) << "version 1 of a still runs it";
  Lambda("DeleteFunction", {{"FunctionName", "a"}, {"Qualifier", "1"}});
  EXPECT_FALSE(Stored(one));
  EXPECT_TRUE(Stored(two));
  Lambda("DeleteFunction", {{"FunctionName", "a"}});
  EXPECT_FALSE(Stored(two));
}

TEST_F(LambdaCodeRefsTest, RecordsWrittenBeforeTheCountsAreCountedFirst) {
  std::string zip = Zip("shared");
  Create("old-1", {{"ZipFile", Base64Encode(zip)}});
  Create("old-2", {{"ZipFile", Base64Encode(zip)}});
  {
    // A data dir (or snapshot) from before lambda.blob_refs existed.
    auto txn = store_->BeginWrite();
    ASSERT_TRUE(txn->Erase("lambda.blob_refs", HexEncode(Sha256(zip))));
    txn->Commit();
  }
  Create("new", {{"ZipFile", Base64Encode(zip)}});
  Lambda("DeleteFunction", {{"FunctionName", "new"}});
  Lambda("DeleteFunction", {{"FunctionName", "old-1"}});
  EXPECT_TRUE(Stored(zip)) << "old-2 still runs it";
  Lambda("DeleteFunction", {{"FunctionName", "old-2"}});
  EXPECT_FALSE(Stored(zip));
}

}  // namespace
}  // namespace terrarium::services::lambda
