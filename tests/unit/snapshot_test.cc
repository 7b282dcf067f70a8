#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>

#include <nlohmann/json.hpp>

#include "emulator/core/ids.h"
#include "emulator/storage/snapshots/snapshot_repo.h"
#include "emulator/storage/snapshots/state_diff.h"
#include "emulator/storage/snapshots/state_files.h"
#include "emulator/storage/store.h"

namespace terrarium::storage::snapshots {
namespace {

namespace fs = std::filesystem;
using json = nlohmann::json;

class Scratch {
 public:
  Scratch()
      : path_(fs::temp_directory_path() / ("terrarium-snap-" + RandomString(10, "abcdef0123"))) {
    fs::create_directories(path_);
  }
  ~Scratch() { fs::remove_all(path_); }
  fs::path operator/(const std::string& name) const { return path_ / name; }

 private:
  fs::path path_;
};

void Put(Store& store, std::string_view table, std::string_view key, std::string_view value) {
  auto txn = store.BeginWrite();
  txn->Put(table, key, value);
  txn->Commit();
}

StateFiles Dump(Store& store) { return DumpState(*store.BeginRead(), store.Blobs()); }

Tables AllRows(Store& store) {
  auto txn = store.BeginRead();
  Tables rows;
  for (const std::string& table : txn->Tables()) {
    txn->Scan(table, "", "", [&](std::string_view key, std::string_view value) {
      rows[table][std::string(key)] = value;
      return true;
    });
  }
  return rows;
}

TEST(SnapshotStore, TablesAreThoseATransactionSees) {
  Scratch scratch;
  auto store = OpenStore({.data_dir = scratch / "s"});
  Put(*store, "b.two", "k", "v");
  auto before = store->BeginRead();
  auto txn = store->BeginWrite();
  txn->Put("a.one", "k", "v");
  EXPECT_EQ(txn->Tables(), (std::vector<std::string>{"a.one", "b.two"}));
  txn->Commit();
  EXPECT_EQ(before->Tables(), std::vector<std::string>{"b.two"});
  EXPECT_EQ(store->BeginRead()->Tables(), (std::vector<std::string>{"a.one", "b.two"}));
}

TEST(SnapshotFiles, ComponentsRoundTripAndAreSafe) {
  for (std::string text : {"", ".", "..", ".git", "a%b", "x.json", "x.raw", "sp ace", "\x01\xff",
                           "caf\xc3\xa9", "_under"}) {
    for (bool dir : {false, true}) {
      std::string encoded = EncodeComponent(text, dir, /*service=*/true);
      EXPECT_EQ(DecodeComponent(encoded), text) << encoded;
      EXPECT_FALSE(encoded.empty());
      EXPECT_EQ(encoded.find('/'), std::string::npos);
      EXPECT_NE(encoded.front(), '.') << encoded;
      if (dir) {
        EXPECT_FALSE(encoded.ends_with(".json") || encoded.ends_with(".raw")) << encoded;
      }
    }
  }
  EXPECT_EQ(EncodeComponent("my-bucket", true), "my-bucket");
  EXPECT_EQ(EncodeComponent("a/b", false), "a%2Fb");
  EXPECT_THROW(DecodeComponent("bad%2"), std::invalid_argument);
  EXPECT_THROW(DecodeComponent("bad%zz"), std::invalid_argument);
}

TEST(SnapshotFiles, RecordPathsReadWellAndRoundTrip) {
  EXPECT_EQ(RecordPath("s3.buckets", "my-bucket", false), "s3/buckets/my-bucket.json");
  EXPECT_EQ(RecordPath("sqs.queues", "000000000000/us-east-1/q1", false),
            "sqs/queues/000000000000/us-east-1/q1.json");
  EXPECT_EQ(RecordPath("plain", "k", true), "_misc/plain/k.raw");
  struct Case {
    std::string table;
    std::string key;
    bool raw;
  };
  for (const Case& c : std::vector<Case>{{"s3.objects", "a/b//c/", false},
                                         {"_x.y.z", "x.json/y", true},
                                         {"nodot", "/lead", false},
                                         {"s3.versions", std::string("k\0\x7f", 3), false}}) {
    std::string path = RecordPath(c.table, c.key, c.raw);
    auto row = ParseRecordPath(path);
    ASSERT_TRUE(row) << path;
    EXPECT_EQ(row->table, c.table) << path;
    EXPECT_EQ(row->key, c.key) << path;
    EXPECT_EQ(row->raw, c.raw) << path;
  }
  // A key and a longer key below it do not collide as file and folder.
  EXPECT_EQ(RecordPath("t.t", "x", false), "t/t/x.json");
  EXPECT_EQ(RecordPath("t.t", "x.json/y", false), "t/t/x%2Ejson/y.json");
  EXPECT_FALSE(ParseRecordPath("_blobs/abc"));
  EXPECT_THROW(ParseRecordPath("s3/buckets/x.txt"), std::invalid_argument);
}

TEST(SnapshotFiles, CanonicalJsonIsPrettyOtherValuesAreVerbatim) {
  bool raw = true;
  EXPECT_EQ(FileContent(R"({"a":1,"b":[true]})", raw),
            "{\n  \"a\": 1,\n  \"b\": [\n    true\n  ]\n}\n");
  EXPECT_FALSE(raw);
  EXPECT_EQ(StoredValue("{\n  \"a\": 1,\n  \"b\": [\n    true\n  ]\n}\n", false),
            R"({"a":1,"b":[true]})");
  for (std::string value : {"", "abc", "{ }", "1.50", "\"\xff\""}) {
    EXPECT_EQ(FileContent(value, raw), value);
    EXPECT_TRUE(raw) << value;
    EXPECT_EQ(StoredValue(value, true), value);
  }
}

TEST(SnapshotRepo, EqualStatesHaveEqualTreesAndSavingTwiceCommitsOnce) {
  Scratch scratch;
  auto a = OpenStore({.data_dir = scratch / "a"});
  auto b = OpenStore({.data_dir = scratch / "b"});
  std::string sha = a->Blobs().PutBytes("object body");
  b->Blobs().PutBytes("object body");
  json object = {{"Blob", sha}, {"Key", "k"}, {"Size", 11}};
  // Same rows, written in another order and through other tables' history.
  Put(*a, "s3.objects", "000000000000/us-east-1/bkt/k", object.dump());
  Put(*a, "sqs.queues", "000000000000/us-east-1/q", R"({"Name":"q"})");
  Put(*b, "sqs.queues", "000000000000/us-east-1/q", R"({"Name":"q"})");
  Put(*b, "sqs.queues", "000000000000/us-east-1/gone", "{}");
  {
    auto txn = b->BeginWrite();
    txn->Erase("sqs.queues", "000000000000/us-east-1/gone");
    txn->Commit();
  }
  Put(*b, "s3.objects", "000000000000/us-east-1/bkt/k", object.dump());

  SnapshotRepo repo(scratch / "repo.git");
  StateFiles state_a = Dump(*a);
  EXPECT_EQ(state_a.blobs, std::set<std::string>{sha});
  std::string tree_a = repo.TreeId(state_a, a->Blobs());
  EXPECT_EQ(repo.TreeId(Dump(*b), b->Blobs()), tree_a);

  SaveResult first = repo.Save("base", "first", state_a, a->Blobs());
  EXPECT_FALSE(first.unchanged);
  EXPECT_EQ(first.commit.tree, tree_a);
  SaveResult again = repo.Save("base", "", Dump(*b), b->Blobs());
  EXPECT_TRUE(again.unchanged);
  EXPECT_EQ(again.commit.commit, first.commit.commit);

  Put(*b, "sqs.queues", "000000000000/us-east-1/q", R"({"Name":"q2"})");
  EXPECT_NE(repo.TreeId(Dump(*b), b->Blobs()), tree_a);
  SaveResult second = repo.Save("base", "second", Dump(*b), b->Blobs());
  EXPECT_FALSE(second.unchanged);
  std::vector<CommitInfo> log = repo.Log("base", 10);
  ASSERT_EQ(log.size(), 2u);
  EXPECT_EQ(log[0].commit, second.commit.commit);
  EXPECT_EQ(log[0].names, std::vector<std::string>{"base"});
  EXPECT_EQ(log[1].message, "first");
  EXPECT_EQ(repo.Describe("base~1").commit, first.commit.commit);
  auto list = repo.List();
  ASSERT_EQ(list.size(), 1u);
  EXPECT_EQ(list[0].first, "base");
  EXPECT_THROW(repo.Describe("missing"), SnapshotError);
  EXPECT_THROW(repo.Save("bad..name", "", state_a, a->Blobs()), SnapshotError);
}

TEST(SnapshotRepo, LoadingIntoAnotherStoreGivesTheSameRowsAndBlobs) {
  Scratch scratch;
  auto a = OpenStore({.data_dir = scratch / "a"});
  std::string body(100000, 'x');
  body += std::string("\x00\x01 binary", 9);
  std::string sha = a->Blobs().PutBytes(body);
  Put(*a, "s3.objects", "000000000000/us-east-1/bkt/k", json{{"Blob", sha}}.dump());
  Put(*a, "s3.account_buckets", "000000000000/bkt", "");
  Put(*a, "dynamodb.items", std::string("000000000000/us-east-1/t/\x01key\x00\xff", 31),
      R"({"id":{"S":"key"},"n":{"N":"1.50"}})");
  SnapshotRepo repo(scratch / "repo.git");
  repo.Save("s", "", Dump(*a), a->Blobs());

  auto b = OpenStore({.data_dir = scratch / "b"});
  Put(*b, "sqs.queues", "stale", "{}");
  CommitState state = repo.Read("s");
  repo.RestoreBlobs(state, b->Blobs());
  {
    auto txn = b->BeginWrite();
    ReplaceRows(*txn, RowsOf(state.files));
    txn->Commit();
  }
  Tables rows_a = AllRows(*a);
  Tables rows_b = AllRows(*b);
  rows_b.erase("sqs.queues");  // the table remains, empty
  EXPECT_EQ(rows_b, rows_a);
  EXPECT_TRUE(AllRows(*b)["sqs.queues"].empty());
  std::ifstream in(b->Blobs().PathOf(sha), std::ios::binary);
  std::string restored((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  EXPECT_EQ(restored, body);
  EXPECT_EQ(repo.TreeId(Dump(*b), b->Blobs()), repo.Describe("s").tree);
}

TEST(SnapshotRepo, RestoresBlobsNamedAtRandomUnderTheirNames) {
  Scratch scratch;
  auto a = OpenStore({.data_dir = scratch / "a"});
  std::string body = "a large S3 body, named at random rather than by its SHA-256";
  std::string name = NewBlobName();
  ASSERT_NE(name, NewBlobName());
  a->Blobs().PutBytesAs(name, body);
  Put(*a, "s3.objects", "000000000000/us-east-1/bkt/k", json{{"Blob", name}}.dump());
  SnapshotRepo repo(scratch / "repo.git");
  repo.Save("s", "", Dump(*a), a->Blobs());

  auto b = OpenStore({.data_dir = scratch / "b"});
  repo.RestoreBlobs(repo.Read("s"), b->Blobs());
  std::ifstream in(b->Blobs().PathOf(name), std::ios::binary);
  std::string restored((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  EXPECT_EQ(restored, body);
}

TEST(SnapshotDiff, ReportsAddedRemovedAndChangedProperties) {
  std::map<std::string, std::string> before = {
      {"s3/buckets/a.json", "{\n  \"Name\": \"a\"\n}\n"},
      {"s3/buckets/b.json", "{\n  \"Name\": \"b\",\n  \"Versioning\": \"Enabled\"\n}\n"},
      {"_blobs/" + std::string(64, 'a'), "body"},
  };
  std::map<std::string, std::string> after = {
      {"s3/buckets/b.json", "{\n  \"Name\": \"b\",\n  \"Tags\": [1]\n}\n"},
      {"s3/buckets/c.json", "{}\n"},
  };
  json diff = DiffStates(before, after);
  ASSERT_EQ(diff["added"].size(), 1u);
  EXPECT_EQ(diff["added"][0]["table"], "s3.buckets");
  EXPECT_EQ(diff["added"][0]["key"], "c");
  ASSERT_EQ(diff["removed"].size(), 1u);
  EXPECT_EQ(diff["removed"][0]["key"], "a");
  ASSERT_EQ(diff["changed"].size(), 1u);
  json changes = diff["changed"][0]["changes"];
  ASSERT_EQ(changes.size(), 2u);
  EXPECT_EQ(changes[0], (json{{"property", "/Versioning"}, {"before", "Enabled"}}));
  EXPECT_EQ(changes[1], (json{{"property", "/Tags"}, {"after", json::array({1})}}));
  EXPECT_EQ(
      DiffStates(after, after),
      (json{{"added", json::array()}, {"removed", json::array()}, {"changed", json::array()}}));
}

TEST(SnapshotRepo, BundlesAndRemotesCarrySnapshots) {
  Scratch scratch;
  auto a = OpenStore({.data_dir = scratch / "a"});
  std::string sha = a->Blobs().PutBytes("payload");
  Put(*a, "lambda.functions", "000000000000/us-east-1/f", json{{"CodeHex", sha}}.dump());
  SnapshotRepo source(scratch / "source.git");
  SaveResult saved = source.Save("seeded", "", Dump(*a), a->Blobs());
  std::string bundle = source.ExportBundle({});
  EXPECT_TRUE(
      bundle.starts_with("# v2 git bundle\n" + saved.commit.commit + " refs/heads/seeded\n\nPACK"));

  SnapshotRepo imported(scratch / "imported.git");
  EXPECT_EQ(imported.ImportBundle(bundle), std::vector<std::string>{"seeded"});
  EXPECT_EQ(imported.Describe("seeded").tree, saved.commit.tree);
  EXPECT_EQ(imported.Read("seeded").blob_ids.count(sha), 1u);
  EXPECT_THROW(imported.ImportBundle("not a bundle"), SnapshotError);

  SnapshotRepo remote(scratch / "remote.git");
  EXPECT_EQ(source.Push((scratch / "remote.git").string(), {}), std::vector<std::string>{"seeded"});
  SnapshotRepo pulled(scratch / "pulled.git");
  EXPECT_EQ(pulled.Pull((scratch / "remote.git").string(), {}), std::vector<std::string>{"seeded"});
  EXPECT_EQ(pulled.Describe("seeded").commit, saved.commit.commit);
  EXPECT_THROW(pulled.Pull((scratch / "nowhere.git").string(), {}), SnapshotError);
}

}  // namespace
}  // namespace terrarium::storage::snapshots
