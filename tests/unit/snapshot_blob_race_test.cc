// Blobs and snapshot loads racing: a load removes, inside its write transaction, the blobs only
// the replaced state named, and a write stores its blob before it takes the write transaction.
// A store decorator runs a step just before the next write transaction begins, standing for the
// other side's commit landing in that gap, so each interleaving is exact (no timing).
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <functional>
#include <iterator>
#include <memory>
#include <string>

#include "emulator/admin/state_service.h"
#include "emulator/core/encoding.h"
#include "emulator/core/ids.h"
#include "tests/unit/services_test_support.h"
#include "tests/unit/zip_test_support.h"

namespace terrarium {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

// Runs a one-shot step before the next write transaction begins.
class GapStore final : public storage::Store {
 public:
  explicit GapStore(std::unique_ptr<storage::Store> inner) : inner_(std::move(inner)) {}
  void BeforeNextWrite(std::function<void()> step) { step_ = std::move(step); }

  std::unique_ptr<storage::ReadTxn> BeginRead() override { return inner_->BeginRead(); }
  std::unique_ptr<storage::WriteTxn> BeginWrite() override {
    if (step_) std::exchange(step_, nullptr)();
    return inner_->BeginWrite();
  }
  storage::BlobStore& Blobs() override { return inner_->Blobs(); }
  const fs::path& Dir() const override { return inner_->Dir(); }
  bool persistent() const override { return inner_->persistent(); }

 private:
  std::unique_ptr<storage::Store> inner_;
  std::function<void()> step_;
};

std::string ReadFile(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

class SnapshotBlobRaceTest : public test_support::ServicesTest {
 protected:
  SnapshotBlobRaceTest()
      : ServicesTest(std::make_unique<GapStore>(storage::OpenStore({}))),
        repo_dir_(fs::temp_directory_path() /
                  ("terrarium-blob-race-" + RandomString(10, "abcdef0123"))),
        state_(*store_, {.repo_dir = repo_dir_ / "snapshots.git", .on_replaced = {}}) {}
  ~SnapshotBlobRaceTest() override { fs::remove_all(repo_dir_); }

  GapStore& gap() { return static_cast<GapStore&>(*store_); }

  json CreateFunction(const std::string& name, const std::string& zip) {
    return Invoke("lambda", "CreateFunction",
                  {{"FunctionName", name},
                   {"Runtime", "python3.12"},
                   {"Handler", "index.handler"},
                   {"Role", "arn:aws:iam::000000000000:role/r"},
                   {"Code", {{"ZipFile", Base64Encode(zip)}}}});
  }
  // The package GetFunction's Code.Location names, as stored.
  std::string StoredCode(const std::string& name) {
    std::string location =
        Invoke("lambda", "GetFunction", {{"FunctionName", name}})["Code"]["Location"];
    std::string hex = location.substr(location.rfind('/') + 1, 64);
    fs::path path = store_->Blobs().PathOf(hex);
    return fs::exists(path) ? ReadFile(path) : "(missing)";
  }

  fs::path repo_dir_;
  admin::StateService state_;
};

TEST_F(SnapshotBlobRaceTest, CreateFunctionKeepsAPackageALoadRemovedBeforeItsTransaction) {
  std::string zip = testsupport::MakeZip({{"index.py", "def handler(e, c):\n  return 1\n"}});
  CreateFunction("old", zip);
  std::string sha = HexEncode(Sha256(zip));
  // A load of a state without "old" commits after CreateFunction stored the (identical) package
  // and before it saves the function: the load removes the blob "old" alone named.
  gap().BeforeNextWrite([&] { store_->Blobs().Remove(sha); });
  CreateFunction("new", zip);
  EXPECT_EQ(StoredCode("new"), zip);
}

TEST_F(SnapshotBlobRaceTest, UpdateFunctionCodeKeepsAPackageALoadRemovedBeforeItsTransaction) {
  std::string one = testsupport::MakeZip({{"index.py", "def handler(e, c):\n  return 1\n"}});
  std::string two = testsupport::MakeZip({{"index.py", "def handler(e, c):\n  return 2\n"}});
  CreateFunction("a", one);
  CreateFunction("b", two);
  gap().BeforeNextWrite([&] { store_->Blobs().Remove(HexEncode(Sha256(two))); });
  Invoke("lambda", "UpdateFunctionCode", {{"FunctionName", "a"}, {"ZipFile", Base64Encode(two)}});
  EXPECT_EQ(StoredCode("a"), two);
}

TEST_F(SnapshotBlobRaceTest, LoadRestoresABlobAWriteReleasedAfterTheLoadCopiedBlobs) {
  Invoke("s3", "CreateBucket", {{"Bucket", "race"}});
  std::string body = "a body the snapshot and the live state share\n";
  dispatcher_->Invoke("s3", "PutObject", {{"Bucket", "race"}, {"Key", "k"}}, Scope{},
                      InvokePayloads{Body::FromString(body), nullptr});
  state_.Save("with-body", "");
  // The load finds the blob present, so copies nothing; then a DeleteObject releasing the last
  // live reference commits before the load's transaction, and removes the file.
  gap().BeforeNextWrite([&] {
    dispatcher_->Invoke("s3", "DeleteObject", {{"Bucket", "race"}, {"Key", "k"}}, Scope{});
  });
  state_.Load("with-body");
  Body got;
  dispatcher_->Invoke("s3", "GetObject", {{"Bucket", "race"}, {"Key", "k"}}, Scope{},
                      InvokePayloads{{}, &got});
  EXPECT_EQ(got.ReadAll(), body);
}

}  // namespace
}  // namespace terrarium
