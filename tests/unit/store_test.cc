#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <fstream>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include <fmt/format.h>

#include "emulator/core/encoding.h"
#include "emulator/core/ids.h"
#include "emulator/storage/backward_scan.h"
#include "emulator/storage/keys.h"
#include "emulator/storage/store.h"

namespace terrarium::storage {
namespace {

namespace fs = std::filesystem;

// A data directory of the test's own, removed afterwards.
class ScratchDir {
 public:
  ScratchDir()
      : path_(fs::temp_directory_path() / ("terrarium-test-" + RandomString(10, "abcdef0123"))) {}
  ~ScratchDir() { fs::remove_all(path_); }
  const fs::path& path() const { return path_; }

 private:
  fs::path path_;
};

void PutOne(Store& store, std::string_view table, std::string_view key, std::string_view value) {
  auto txn = store.BeginWrite();
  txn->Put(table, key, value);
  txn->Commit();
}

std::optional<std::string> GetOne(Store& store, std::string_view table, std::string_view key) {
  return store.BeginRead()->Get(table, key);
}

// Up to `limit` keys of a scan.
std::vector<std::string> ScanKeys(ReadTxn& txn, std::string_view table, std::string_view prefix,
                                  std::string_view start_after = "", size_t limit = 1000) {
  std::vector<std::string> keys;
  txn.Scan(table, prefix, start_after, [&](std::string_view key, std::string_view) {
    keys.emplace_back(key);
    return keys.size() < limit;
  });
  return keys;
}

// A transaction without the backward capability, to exercise ScanBackward's fallback.
class ForwardOnly final : public ReadTxn {
 public:
  explicit ForwardOnly(ReadTxn& inner) : inner_(inner) {}
  std::optional<std::string> Get(std::string_view table, std::string_view key) override {
    return inner_.Get(table, key);
  }
  void Scan(std::string_view table, std::string_view prefix, std::string_view start_after,
            const ScanFn& fn) override {
    inner_.Scan(table, prefix, start_after, fn);
  }
  std::vector<std::string> Tables() override { return inner_.Tables(); }

 private:
  ReadTxn& inner_;
};

// Up to `limit` keys of a backward scan.
std::vector<std::string> ScanKeysBackward(ReadTxn& txn, std::string_view table,
                                          std::string_view prefix,
                                          std::string_view start_before = "", size_t limit = 1000) {
  std::vector<std::string> keys;
  ScanBackward(txn, table, prefix, start_before, [&](std::string_view key, std::string_view) {
    keys.emplace_back(key);
    return keys.size() < limit;
  });
  return keys;
}

std::string Padding(size_t bytes, int seed) {
  return std::string(bytes, static_cast<char>('a' + seed % 26));
}

TEST(StoreTest, PutGetErase) {
  auto store = OpenStore({});
  EXPECT_FALSE(store->persistent());
  EXPECT_EQ(GetOne(*store, "t", "k"), std::nullopt);

  PutOne(*store, "t", "k", "v1");
  EXPECT_EQ(GetOne(*store, "t", "k"), "v1");
  PutOne(*store, "t", "k", "v2");
  EXPECT_EQ(GetOne(*store, "t", "k"), "v2");

  auto txn = store->BeginWrite();
  EXPECT_TRUE(txn->Erase("t", "k"));
  EXPECT_FALSE(txn->Erase("t", "k"));
  EXPECT_FALSE(txn->Erase("no-such-table", "k"));
  EXPECT_EQ(txn->Get("t", "k"), std::nullopt);
  txn->Commit();
  EXPECT_EQ(GetOne(*store, "t", "k"), std::nullopt);
}

TEST(StoreTest, EraseIfEqualsErasesOnlyTheValueGiven) {
  auto store = OpenStore({});
  PutOne(*store, "t", "k", "v1");
  PutOne(*store, "t", "other", "v1");
  {
    auto txn = store->BeginWrite();
    EXPECT_FALSE(txn->EraseIfEquals("t", "k", "v2"));
    EXPECT_FALSE(txn->EraseIfEquals("t", "k", "v"));
    EXPECT_FALSE(txn->EraseIfEquals("t", "k", "v12"));
    EXPECT_FALSE(txn->EraseIfEquals("t", "missing", "v1"));
    EXPECT_FALSE(txn->EraseIfEquals("no-such-table", "k", "v1"));
    EXPECT_EQ(txn->Get("t", "k"), "v1");
    EXPECT_TRUE(txn->EraseIfEquals("t", "k", "v1"));
    EXPECT_EQ(txn->Get("t", "k"), std::nullopt);
    EXPECT_FALSE(txn->EraseIfEquals("t", "k", "v1"));
    EXPECT_EQ(txn->Get("t", "other"), "v1");
    txn->Commit();
  }
  EXPECT_EQ(GetOne(*store, "t", "k"), std::nullopt);
  EXPECT_EQ(GetOne(*store, "t", "other"), "v1");
  {
    auto txn = store->BeginWrite();
    EXPECT_TRUE(txn->EraseIfEquals("t", "other", "v1"));
  }  // aborted
  EXPECT_EQ(GetOne(*store, "t", "other"), "v1");
}

TEST(StoreTest, ValuesMayHoldAnyBytes) {
  auto store = OpenStore({});
  std::string binary("a\0b\xff", 4);
  PutOne(*store, "t", binary, binary);
  EXPECT_EQ(GetOne(*store, "t", binary), binary);
  PutOne(*store, "t", "empty", "");
  EXPECT_EQ(GetOne(*store, "t", "empty"), "");
}

TEST(StoreTest, UncommittedWritesRollBack) {
  auto store = OpenStore({});
  PutOne(*store, "t", "kept", "1");
  {
    auto txn = store->BeginWrite();
    txn->Put("t", "dropped", "2");
    txn->Put("new-table", "k", "3");
    EXPECT_TRUE(txn->Erase("t", "kept"));
    EXPECT_EQ(txn->Get("t", "dropped"), "2");  // a transaction sees its own writes
    EXPECT_EQ(txn->Get("new-table", "k"), "3");
  }
  EXPECT_EQ(GetOne(*store, "t", "kept"), "1");
  EXPECT_EQ(GetOne(*store, "t", "dropped"), std::nullopt);
  EXPECT_EQ(GetOne(*store, "new-table", "k"), std::nullopt);
  // The table the rolled-back transaction created is gone, and can be created again.
  PutOne(*store, "new-table", "k", "4");
  EXPECT_EQ(GetOne(*store, "new-table", "k"), "4");
}

// Ended read transactions are kept and renewed for later reads: a renewed one must see what was
// committed (tables too) since it first began, and keep its own snapshot while it is open.
TEST(StoreTest, RenewedReadTxnsSeeLaterCommits) {
  auto store = OpenStore({});
  PutOne(*store, "t", "k", "1");
  std::vector<std::unique_ptr<ReadTxn>> readers;
  for (int i = 0; i < 40; ++i) readers.push_back(store->BeginRead());  // more than are kept
  for (auto& reader : readers) EXPECT_EQ(reader->Get("t", "k"), "1");
  readers.clear();

  auto before = store->BeginRead();
  PutOne(*store, "t", "k", "2");
  PutOne(*store, "later", "k", "3");
  EXPECT_EQ(before->Get("t", "k"), "1");
  EXPECT_EQ(before->Get("later", "k"), std::nullopt);
  before.reset();
  for (int i = 0; i < 40; ++i) {
    auto reader = store->BeginRead();
    ASSERT_EQ(reader->Get("t", "k"), "2");
    ASSERT_EQ(reader->Get("later", "k"), "3");
    ASSERT_EQ(ScanKeys(*reader, "later", ""), std::vector<std::string>{"k"});
  }
}

// TryBeginWrite answers at once: nothing while another write is open, a working transaction
// once it has ended.
TEST(StoreTest, TryBeginWriteNeverWaitsForTheLock) {
  auto store = OpenStore({});
  auto writer = store->BeginWrite();
  EXPECT_EQ(store->TryBeginWrite(), nullptr);
  writer->Put("t", "k", "1");
  writer->Commit();
  auto tried = store->TryBeginWrite();
  ASSERT_NE(tried, nullptr);
  EXPECT_EQ(tried->Get("t", "k"), "1");
  EXPECT_EQ(store->TryBeginWrite(), nullptr) << "one open write transaction at a time";
  tried->Put("t", "k", "2");
  tried->Commit();
  EXPECT_EQ(store->BeginRead()->Get("t", "k"), "2");
}

TEST(StoreTest, WriteTxnCannotBeUsedAfterCommit) {
  auto store = OpenStore({});
  auto txn = store->BeginWrite();
  txn->Put("t", "k", "v");
  txn->Commit();
  EXPECT_THROW(txn->Put("t", "k", "v"), std::logic_error);
  EXPECT_THROW(txn->Get("t", "k"), std::logic_error);
  // The next writer is not kept waiting by a committed transaction that still exists.
  PutOne(*store, "t", "k2", "v");
}

TEST(StoreTest, ScanHonoursPrefixStartAfterAndStop) {
  auto store = OpenStore({});
  {
    auto txn = store->BeginWrite();
    for (std::string key : {"a", "b/1", "b/2", "b/3", "b0", "c"}) txn->Put("t", key, "v:" + key);
    txn->Commit();
  }
  auto txn = store->BeginRead();
  EXPECT_EQ(ScanKeys(*txn, "t", ""),
            (std::vector<std::string>{"a", "b/1", "b/2", "b/3", "b0", "c"}));
  EXPECT_EQ(ScanKeys(*txn, "t", "b/"), (std::vector<std::string>{"b/1", "b/2", "b/3"}));
  EXPECT_EQ(ScanKeys(*txn, "t", "b/", "b/1"), (std::vector<std::string>{"b/2", "b/3"}));
  EXPECT_EQ(ScanKeys(*txn, "t", "b/", "b/15"), (std::vector<std::string>{"b/2", "b/3"}));
  EXPECT_EQ(ScanKeys(*txn, "t", "b/", "b/3"), std::vector<std::string>{});
  EXPECT_EQ(ScanKeys(*txn, "t", "b/", "a"), (std::vector<std::string>{"b/1", "b/2", "b/3"}));
  EXPECT_EQ(ScanKeys(*txn, "t", "b/", "c"), std::vector<std::string>{});
  EXPECT_EQ(ScanKeys(*txn, "t", "", "b0"), std::vector<std::string>{"c"});
  EXPECT_EQ(ScanKeys(*txn, "t", "b/", "", 2), (std::vector<std::string>{"b/1", "b/2"}));
  EXPECT_EQ(ScanKeys(*txn, "t", "z"), std::vector<std::string>{});
  EXPECT_EQ(ScanKeys(*txn, "no-such-table", ""), std::vector<std::string>{});

  std::string value;
  txn->Scan("t", "c", "", [&](std::string_view, std::string_view v) {
    value = v;
    return true;
  });
  EXPECT_EQ(value, "v:c");
}

TEST(StoreTest, ScanCrossesBatchesInByteOrder) {
  auto store = OpenStore({});
  std::vector<std::string> expected;
  {
    auto txn = store->BeginWrite();
    for (int i = 0; i < 300; ++i) {
      std::string key = fmt::format("k/{:04}", i);
      txn->Put("t", key, std::to_string(i));
      expected.push_back(key);
    }
    txn->Put("t", std::string("k/\x80", 3), "high byte sorts last");
    expected.push_back(std::string("k/\x80", 3));
    txn->Commit();
  }
  EXPECT_EQ(ScanKeys(*store->BeginRead(), "t", "k/"), expected);
  EXPECT_EQ(ScanKeys(*store->BeginWrite(), "t", "k/"), expected);
}

TEST(StoreTest, ScanBackwardHonoursPrefixStartBeforeAndStop) {
  auto store = OpenStore({});
  {
    auto txn = store->BeginWrite();
    for (std::string key : {"a", "b/1", "b/2", "b/3", "b0", "c"}) txn->Put("t", key, "v:" + key);
    txn->Put("t", std::string("d\xFF\xFF", 3), "x");
    txn->Put("t", std::string("d\xFF\xFF/1", 5), "x");
    txn->Commit();
  }
  using Keys = std::vector<std::string>;
  auto lmdb = store->BeginRead();
  ForwardOnly forward_only(*lmdb);
  for (ReadTxn* txn : {static_cast<ReadTxn*>(lmdb.get()), static_cast<ReadTxn*>(&forward_only)}) {
    EXPECT_EQ(ScanKeysBackward(*txn, "t", "b/"), (Keys{"b/3", "b/2", "b/1"}));
    EXPECT_EQ(ScanKeysBackward(*txn, "t", "b/", "b/3"), (Keys{"b/2", "b/1"}));
    EXPECT_EQ(ScanKeysBackward(*txn, "t", "b/", "b/25"), (Keys{"b/2", "b/1"}));
    EXPECT_EQ(ScanKeysBackward(*txn, "t", "b/", "b/1"), Keys{});
    EXPECT_EQ(ScanKeysBackward(*txn, "t", "b/", "z"), (Keys{"b/3", "b/2", "b/1"}));
    EXPECT_EQ(ScanKeysBackward(*txn, "t", "b/", "a"), Keys{});
    EXPECT_EQ(ScanKeysBackward(*txn, "t", "b/", "", 2), (Keys{"b/3", "b/2"}));
    EXPECT_EQ(ScanKeysBackward(*txn, "t", "", "b0"), (Keys{"b/3", "b/2", "b/1", "a"}));
    // A prefix of 0xFF bytes has no successor: the scan starts at the table's end.
    EXPECT_EQ(ScanKeysBackward(*txn, "t", std::string("d\xFF", 2)),
              (Keys{std::string("d\xFF\xFF/1", 5), std::string("d\xFF\xFF", 3)}));
    EXPECT_EQ(ScanKeysBackward(*txn, "t", "z"), Keys{});
    EXPECT_EQ(ScanKeysBackward(*txn, "no-such-table", ""), Keys{});
    // A start longer than any key LMDB holds still bounds the scan exactly.
    EXPECT_EQ(ScanKeysBackward(*txn, "t", "", "b/2" + std::string(600, 'x')),
              (Keys{"b/2", "b/1", "a"}));
  }
}

TEST(StoreTest, ScanBackwardCrossesBatchesInReverseByteOrder) {
  auto store = OpenStore({});
  std::vector<std::string> expected;
  {
    auto txn = store->BeginWrite();
    for (int i = 0; i < 300; ++i) {
      std::string key = fmt::format("k/{:04}", i);
      txn->Put("t", key, std::to_string(i));
      expected.push_back(key);
    }
    txn->Put("t", "l", "after the prefix");
    txn->Commit();
  }
  std::reverse(expected.begin(), expected.end());
  EXPECT_EQ(ScanKeysBackward(*store->BeginRead(), "t", "k/"), expected);
  EXPECT_EQ(ScanKeysBackward(*store->BeginWrite(), "t", "k/"), expected);
}

TEST(StoreTest, ScanInWriteTxnSeesItsCallbacksWrites) {
  auto store = OpenStore({});
  {
    auto txn = store->BeginWrite();
    for (std::string key : {"a", "b", "c", "d"}) txn->Put("t", key, "");
    txn->Commit();
  }
  auto txn = store->BeginWrite();
  std::vector<std::string> seen;
  txn->Scan("t", "", "", [&](std::string_view key, std::string_view) {
    seen.emplace_back(key);
    if (key == "a") {
      txn->Erase("t", "c");     // ahead of the scan: not visited
      txn->Put("t", "bb", "");  // ahead of the scan: visited
    }
    txn->Erase("t", key);  // behind the scan: harmless
    return true;
  });
  EXPECT_EQ(seen, (std::vector<std::string>{"a", "b", "bb", "d"}));
  EXPECT_EQ(ScanKeys(*txn, "t", ""), std::vector<std::string>{});
}

TEST(StoreTest, TablesAreIsolated) {
  auto store = OpenStore({});
  {
    auto txn = store->BeginWrite();
    txn->Put("queues", "x", "queue");
    txn->Put("buckets", "x", "bucket");
    txn->Commit();
  }
  auto txn = store->BeginRead();
  EXPECT_EQ(txn->Get("queues", "x"), "queue");
  EXPECT_EQ(txn->Get("buckets", "x"), "bucket");
  EXPECT_EQ(txn->Get("tables", "x"), std::nullopt);
  EXPECT_EQ(ScanKeys(*txn, "queues", ""), std::vector<std::string>{"x"});
}

TEST(StoreTest, ScopedKeysKeepAccountsApart) {
  auto store = OpenStore({});
  Scope a{"111111111111", "us-east-1"};
  Scope b{"222222222222", "us-east-1"};
  Scope a_west{"111111111111", "eu-west-1"};
  {
    auto txn = store->BeginWrite();
    txn->Put("queues", ScopedKey(a, "orders"), "a");
    txn->Put("queues", ScopedKey(b, "orders"), "b");
    txn->Put("queues", ScopedKey(a_west, "orders"), "a-west");
    txn->Put("queues", ScopedKey(a, "payments"), "a");
    txn->Commit();
  }
  auto txn = store->BeginRead();
  EXPECT_EQ(txn->Get("queues", ScopedKey(b, "orders")), "b");
  EXPECT_EQ(ScanKeys(*txn, "queues", ScopePrefix(a)),
            (std::vector<std::string>{"111111111111/us-east-1/orders",
                                      "111111111111/us-east-1/payments"}));
  EXPECT_EQ(ScanKeys(*txn, "queues", ScopePrefix(b)),
            std::vector<std::string>{"222222222222/us-east-1/orders"});
}

TEST(StoreTest, RejectsKeysLmdbCannotHold) {
  auto store = OpenStore({});
  std::string longest(kMaxKeyBytes, 'k');
  PutOne(*store, "t", longest, "v");
  EXPECT_EQ(GetOne(*store, "t", longest), "v");

  auto txn = store->BeginWrite();
  EXPECT_THROW(txn->Put("t", longest + "k", "v"), std::length_error);
  EXPECT_THROW(txn->Put("t", "", "v"), std::length_error);
  EXPECT_THROW(txn->Get("t", longest + "k"), std::length_error);
  EXPECT_THROW(txn->Erase("t", longest + "k"), std::length_error);
  // A long start_after is no key: it only says where to begin.
  EXPECT_EQ(ScanKeys(*txn, "t", "", longest.substr(0, 10)), std::vector<std::string>{longest});
  EXPECT_EQ(ScanKeys(*txn, "t", "", longest + "k"), std::vector<std::string>{});
  EXPECT_EQ(ScanKeys(*txn, "t", "", longest.substr(0, 500) + "j" + longest),
            std::vector<std::string>{longest});
}

TEST(StoreTest, PersistsAcrossReopen) {
  ScratchDir dir;
  {
    auto store = OpenStore({.data_dir = dir.path()});
    EXPECT_TRUE(store->persistent());
    EXPECT_EQ(store->Dir(), dir.path());
    PutOne(*store, "t", "k", "v");
    PutOne(*store, "u", "k", "w");
    {
      auto txn = store->BeginWrite();
      txn->Put("t", "uncommitted", "x");
    }
  }
  auto store = OpenStore({.data_dir = dir.path()});
  EXPECT_EQ(GetOne(*store, "t", "k"), "v");
  EXPECT_EQ(GetOne(*store, "u", "k"), "w");
  EXPECT_EQ(GetOne(*store, "t", "uncommitted"), std::nullopt);
  PutOne(*store, "t", "k2", "v2");
  EXPECT_EQ(ScanKeys(*store->BeginRead(), "t", ""), (std::vector<std::string>{"k", "k2"}));
}

TEST(StoreTest, EphemeralDirIsRemovedOnClose) {
  fs::path dir;
  {
    auto store = OpenStore({});
    dir = store->Dir();
    EXPECT_TRUE(fs::is_directory(dir));
    EXPECT_EQ(dir.filename().string().rfind("terrarium-", 0), 0u);
    PutOne(*store, "t", "k", "v");
    store->Blobs().PutBytes("blob");
  }
  EXPECT_FALSE(fs::exists(dir));
}

TEST(StoreTest, SecondOpenOfTheSameDirIsRefused) {
  ScratchDir dir;
  auto store = OpenStore({.data_dir = dir.path()});
  try {
    OpenStore({.data_dir = dir.path()});
    FAIL() << "a second store opened the same directory";
  } catch (const std::runtime_error& e) {
    std::string message = e.what();
    EXPECT_NE(message.find("is in use by another terrarium process"), std::string::npos) << message;
    EXPECT_NE(message.find("(pid " + std::to_string(::getpid()) + ")"), std::string::npos)
        << message;
  }
  // The refused open left the first store working.
  PutOne(*store, "t", "k", "v");
  store.reset();
  EXPECT_EQ(GetOne(*OpenStore({.data_dir = dir.path()}), "t", "k"), "v");
}

TEST(StoreTest, AnotherProcessIsRefusedAndKillNineLosesNoAcknowledgedWrite) {
  ScratchDir dir;
  int ready[2];
  ASSERT_EQ(::pipe(ready), 0);
  pid_t child = ::fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    // Commits, acknowledges, then holds the store until killed.
    try {
      auto store = OpenStore({.data_dir = dir.path()});
      PutOne(*store, "t", "k", "acknowledged");
      char ok = 'k';
      if (::write(ready[1], &ok, 1) != 1) ::_exit(1);
      ::pause();
    } catch (...) {
    }
    ::_exit(1);
  }
  ::close(ready[1]);
  char ok = 0;
  ASSERT_EQ(::read(ready[0], &ok, 1), 1);
  ::close(ready[0]);
  try {
    OpenStore({.data_dir = dir.path()});
    ADD_FAILURE() << "opened a directory another process holds";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("(pid " + std::to_string(child) + ")"), std::string::npos)
        << e.what();
  }
  ::kill(child, SIGKILL);
  ASSERT_EQ(::waitpid(child, nullptr, 0), child);
  EXPECT_EQ(GetOne(*OpenStore({.data_dir = dir.path()}), "t", "k"), "acknowledged");
}

TEST(StoreTest, MapGrowsPastItsInitialSize) {
  constexpr size_t kInitial = 256 * 1024;
  ScratchDir dir;
  auto store = OpenStore({.data_dir = dir.path(), .initial_map_bytes = kInitial});
  PutOne(*store, "t", "before", "old");
  auto old_snapshot = store->BeginRead();

  // One transaction much larger than the map, then many small ones, with a new table created
  // inside a transaction that has to be replayed.
  {
    auto txn = store->BeginWrite();
    for (int i = 0; i < 200; ++i) txn->Put("t", fmt::format("big/{:03}", i), Padding(10000, i));
    txn->Put("created-late", "k", "v");
    txn->Put("t", "before", "new");
    EXPECT_TRUE(txn->Erase("t", "big/000"));
    EXPECT_TRUE(txn->EraseIfEquals("t", "big/001", Padding(10000, 1)));
    txn->Commit();
  }
  for (int i = 0; i < 40; ++i) {
    PutOne(*store, "t", fmt::format("small/{:03}", i), Padding(50000, i));
  }

  auto txn = store->BeginRead();
  EXPECT_EQ(txn->Get("t", "big/000"), std::nullopt);
  EXPECT_EQ(txn->Get("t", "big/001"), std::nullopt);
  EXPECT_EQ(txn->Get("t", "big/199"), Padding(10000, 199));
  EXPECT_EQ(txn->Get("t", "small/039"), Padding(50000, 39));
  EXPECT_EQ(txn->Get("created-late", "k"), "v");
  EXPECT_EQ(txn->Get("t", "before"), "new");
  EXPECT_EQ(ScanKeys(*txn, "t", "big/").size(), 198u);
  EXPECT_GT(fs::file_size(dir.path() / "lmdb" / "data.mdb"), 8 * kInitial);

  // A snapshot taken before the map grew still reads its own state.
  EXPECT_EQ(old_snapshot->Get("t", "before"), "old");
  EXPECT_EQ(old_snapshot->Get("created-late", "k"), std::nullopt);
  EXPECT_EQ(ScanKeys(*old_snapshot, "t", ""), std::vector<std::string>{"before"});
  old_snapshot.reset();
  txn.reset();

  store.reset();
  store = OpenStore({.data_dir = dir.path(), .initial_map_bytes = kInitial});
  EXPECT_EQ(GetOne(*store, "t", "small/020"), Padding(50000, 20));
}

TEST(StoreTest, MapGrowsDuringAScanInAWriteTxn) {
  auto store = OpenStore({.data_dir = {}, .initial_map_bytes = 128 * 1024});
  {
    auto txn = store->BeginWrite();
    for (int i = 0; i < 50; ++i) txn->Put("index", fmt::format("{:02}", i), "");
    txn->Commit();
  }
  auto txn = store->BeginWrite();
  int visited = 0;
  txn->Scan("index", "", "", [&](std::string_view key, std::string_view) {
    txn->Put("data", key, Padding(30000, visited++));
    return true;
  });
  txn->Commit();
  EXPECT_EQ(visited, 50);
  EXPECT_EQ(GetOne(*store, "data", "49"), Padding(30000, 49));
}

TEST(StoreTest, ReadersSeeWholeCommitsWhileAWriterGrowsTheMap) {
  // Each commit sets both counters and a padding value in a new table; readers must always
  // find the counters equal and, once a table is visible, its padding present.
  constexpr int kCommits = 150;  // one table each, within the limit on tables
  auto store = OpenStore({.data_dir = {}, .initial_map_bytes = 128 * 1024});
  PutOne(*store, "a", "n", "0");
  PutOne(*store, "b", "n", "0");
  std::atomic<bool> done{false};
  std::atomic<int> failures{0};
  auto reader = [&] {
    int last = 0;
    while (!done.load()) {
      auto txn = store->BeginRead();
      std::optional<std::string> a = txn->Get("a", "n");
      std::optional<std::string> b = txn->Get("b", "n");
      if (!a || a != b) {
        ++failures;
        continue;
      }
      int n = std::stoi(*a);
      if (n < last) ++failures;
      last = n;
      if (n > 0 && txn->Get(fmt::format("pad{}", n), "p") != Padding(5000, n)) ++failures;
      size_t scanned = 0;
      txn->Scan("a", "", "", [&](std::string_view, std::string_view) { return ++scanned < 5; });
      if (scanned != 1) ++failures;
    }
  };
  std::vector<std::thread> readers;
  for (int i = 0; i < 3; ++i) readers.emplace_back(reader);
  for (int n = 1; n <= kCommits; ++n) {
    auto txn = store->BeginWrite();
    txn->Put(fmt::format("pad{}", n), "p", Padding(5000, n));
    txn->Put("a", "n", std::to_string(n));
    txn->Put("b", "n", std::to_string(n));
    txn->Commit();
  }
  done = true;
  for (std::thread& t : readers) t.join();
  EXPECT_EQ(failures.load(), 0);
  EXPECT_EQ(GetOne(*store, "a", "n"), std::to_string(kCommits));
}

TEST(StoreTest, WritersTakeTurns) {
  auto store = OpenStore({});
  PutOne(*store, "t", "counter", "0");
  auto increment = [&] {
    for (int i = 0; i < 100; ++i) {
      auto txn = store->BeginWrite();
      int n = std::stoi(*txn->Get("t", "counter"));
      txn->Put("t", "counter", std::to_string(n + 1));
      txn->Commit();
    }
  };
  std::thread first(increment);
  std::thread second(increment);
  first.join();
  second.join();
  EXPECT_EQ(GetOne(*store, "t", "counter"), "200");
}

// The blob tests use a store's blobs, as services do.
std::string ReadFile(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

void WriteFile(const fs::path& path, std::string_view bytes) {
  std::ofstream(path, std::ios::binary) << bytes;
}

TEST(BlobStoreTest, AdoptsFilesByContent) {
  auto store = OpenStore({});
  BlobStore& blobs = store->Blobs();
  fs::path temp = blobs.NewTempPath();
  EXPECT_EQ(temp.parent_path(), store->Dir() / "tmp");
  std::string body(200 * 1024, 'x');  // several read chunks
  body += "tail";
  WriteFile(temp, body);

  std::string hex = blobs.AdoptFile(temp);
  EXPECT_EQ(hex, HexEncode(Sha256(body)));
  EXPECT_FALSE(fs::exists(temp));
  EXPECT_TRUE(blobs.Exists(hex));
  EXPECT_EQ(blobs.PathOf(hex), store->Dir() / "blobs" / hex.substr(0, 2) / hex);
  EXPECT_EQ(ReadFile(blobs.PathOf(hex)), body);
}

TEST(BlobStoreTest, SameContentIsStoredOnce) {
  auto store = OpenStore({});
  BlobStore& blobs = store->Blobs();
  std::string hex = blobs.PutBytes("hello");
  EXPECT_EQ(hex, "2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824");
  fs::path temp = blobs.NewTempPath();
  WriteFile(temp, "hello");
  EXPECT_EQ(blobs.AdoptFile(temp), hex);
  EXPECT_FALSE(fs::exists(temp));
  EXPECT_EQ(blobs.PutBytes("hello"), hex);
  EXPECT_EQ(ReadFile(blobs.PathOf(hex)), "hello");
  EXPECT_TRUE(fs::is_empty(store->Dir() / "tmp"));
}

TEST(BlobStoreTest, AdoptsFilesUnderAGivenNameWithoutHashing) {
  auto store = OpenStore({});
  BlobStore& blobs = store->Blobs();
  std::string name = NewBlobName();
  EXPECT_EQ(name.size(), 64u);
  EXPECT_EQ(name.find_first_not_of("0123456789abcdef"), std::string::npos);
  fs::path temp = blobs.NewTempPath();
  WriteFile(temp, "not hashed");
  blobs.AdoptFileAs(temp, name);
  EXPECT_FALSE(fs::exists(temp));
  EXPECT_EQ(ReadFile(blobs.PathOf(name)), "not hashed");
  // A name taken keeps its blob (blobs never change); the file offered is dropped.
  fs::path other = blobs.NewTempPath();
  WriteFile(other, "other bytes");
  blobs.AdoptFileAs(other, name);
  EXPECT_FALSE(fs::exists(other));
  EXPECT_EQ(ReadFile(blobs.PathOf(name)), "not hashed");
  blobs.PutBytesAs(name, "third");
  EXPECT_EQ(ReadFile(blobs.PathOf(name)), "not hashed");
  // A malformed name is refused before the file moves.
  fs::path third = blobs.NewTempPath();
  WriteFile(third, "x");
  EXPECT_THROW(blobs.AdoptFileAs(third, "../escape"), std::invalid_argument);
  EXPECT_TRUE(fs::exists(third));
}

TEST(BlobStoreTest, RemoveDeletesTheBlob) {
  auto store = OpenStore({});
  BlobStore& blobs = store->Blobs();
  std::string hex = blobs.PutBytes("");
  EXPECT_TRUE(blobs.Exists(hex));
  blobs.Remove(hex);
  EXPECT_FALSE(blobs.Exists(hex));
  blobs.Remove(hex);  // removing what is gone is no error
}

TEST(BlobStoreTest, RejectsWhatIsNoDigest) {
  auto store = OpenStore({});
  EXPECT_THROW(store->Blobs().PathOf("../../etc/passwd"), std::invalid_argument);
  EXPECT_THROW(store->Blobs().Exists(std::string(64, 'A')), std::invalid_argument);
}

TEST(BlobStoreTest, TempPathsAreUnique) {
  auto store = OpenStore({});
  std::vector<fs::path> paths;
  for (int i = 0; i < 100; ++i) paths.push_back(store->Blobs().NewTempPath());
  std::sort(paths.begin(), paths.end());
  EXPECT_EQ(std::adjacent_find(paths.begin(), paths.end()), paths.end());
}

TEST(BlobStoreTest, BlobsPersistAndSpoolIsClearedOnReopen) {
  ScratchDir dir;
  std::string hex;
  fs::path leftover;
  {
    auto store = OpenStore({.data_dir = dir.path()});
    hex = store->Blobs().PutBytes("kept");
    leftover = store->Blobs().NewTempPath();
    WriteFile(leftover, "never adopted");
  }
  auto store = OpenStore({.data_dir = dir.path()});
  EXPECT_EQ(ReadFile(store->Blobs().PathOf(hex)), "kept");
  EXPECT_FALSE(fs::exists(leftover));
}

}  // namespace
}  // namespace terrarium::storage
