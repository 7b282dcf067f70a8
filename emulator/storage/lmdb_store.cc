#include "emulator/storage/lmdb_store.h"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <stdexcept>
#include <system_error>
#include <utility>
#include <vector>

#include <fmt/format.h>

#include "emulator/storage/backward_scan.h"
#include "emulator/storage/errno_error.h"

namespace terrarium::storage {

// The map growth (lmdb_store.h) relies on how LMDB 0.9 lays out read transactions.
static_assert(MDB_VERSION_MAJOR == 0 && MDB_VERSION_MINOR == 9,
              "check that a read transaction still survives mdb_env_set_mapsize");

namespace {

namespace fs = std::filesystem;

constexpr unsigned kMaxTables = 256;
constexpr unsigned kMaxReaders = 1024;
// Reset read transactions kept for reuse; more than the io threads ever hold at once.
constexpr size_t kMaxIdleReads = 16;
// A read transaction's Scan copies this much per visit to the map; a write transaction's copies
// one pair at a time, so that it sees what its own callback writes.
constexpr size_t kScanBatchPairs = 64;
// A forward scan's first round: many scans stop at their first pair or so (an SQS receive's look
// at the earliest visible message), and copying a whole batch cost them more than the seek.
constexpr size_t kFirstScanBatchPairs = 4;
constexpr size_t kScanBatchBytes = 1 << 20;
// The write log's buffer is kept between transactions up to this size.
constexpr size_t kKeptWriteLogBytes = 1 << 20;

[[noreturn]] void ThrowLmdb(int rc, std::string_view what) {
  throw std::runtime_error(fmt::format("lmdb {}: {}", what, mdb_strerror(rc)));
}

void Check(int rc, std::string_view what) {
  if (rc != MDB_SUCCESS) ThrowLmdb(rc, what);
}

MDB_val Val(std::string_view bytes) {
  return MDB_val{bytes.size(), const_cast<char*>(bytes.data())};
}

std::string_view View(const MDB_val& val) {
  return std::string_view(static_cast<const char*>(val.mv_data), val.mv_size);
}

void CheckKey(std::string_view key) {
  if (key.empty() || key.size() > kMaxKeyBytes) {
    throw std::length_error(
        fmt::format("store keys are 1 to {} bytes long; this one is {}", kMaxKeyBytes, key.size()));
  }
}

// The least key greater than every key that starts with `prefix`; empty when there is none
// (an empty prefix, or one of 0xFF bytes only).
std::string PrefixSuccessor(std::string_view prefix) {
  std::string next(prefix);
  while (!next.empty() && static_cast<unsigned char>(next.back()) == 0xFF) next.pop_back();
  if (!next.empty()) next.back() = static_cast<char>(static_cast<unsigned char>(next.back()) + 1);
  return next;
}

fs::path MakeTempDir() {
  const char* tmpdir = std::getenv("TMPDIR");
  fs::path base = tmpdir != nullptr && *tmpdir != '\0' ? tmpdir : "/tmp";
  std::string dir = (base / "terrarium-XXXXXX").string();
  if (::mkdtemp(dir.data()) == nullptr) ThrowErrno("cannot create a temporary directory in", base);
  return dir;
}

fs::path MakeDataDir(const fs::path& data_dir) {
  fs::path dir = fs::absolute(data_dir);
  std::error_code error;
  fs::create_directories(dir, error);
  if (error || !fs::is_directory(dir)) {
    throw std::runtime_error(fmt::format("cannot use data directory {}: {}", dir.string(),
                                         error ? error.message() : "not a directory"));
  }
  return dir;
}

std::unique_ptr<MDB_env, void (*)(MDB_env*)> OpenEnv(const fs::path& dir, bool persistent,
                                                     size_t map_bytes) {
  MDB_env* raw = nullptr;
  Check(mdb_env_create(&raw), "create environment");
  std::unique_ptr<MDB_env, void (*)(MDB_env*)> env(raw, &mdb_env_close);
  Check(mdb_env_set_maxdbs(raw, kMaxTables), "set max tables");
  Check(mdb_env_set_maxreaders(raw, kMaxReaders), "set max readers");
  Check(mdb_env_set_mapsize(raw, map_bytes), "set map size");
  fs::create_directories(dir);
  // MDB_NOTLS: a read transaction is an object that may outlive its thread's other work, not a
  // per-thread slot. An ephemeral store writes through the map (MDB_WRITEMAP): a commit then
  // makes no system call at all, where pwrite-ing its pages cost a tenth of a small write
  // request. The price, a (sparse) file as large as the map, is paid only for a temporary
  // directory; a persistent store keeps its file at the size of its data.
  unsigned flags = MDB_NOTLS | (persistent ? 0 : MDB_NOSYNC | MDB_NOMETASYNC | MDB_WRITEMAP);
  int rc = mdb_env_open(raw, dir.c_str(), flags, 0644);
  if (rc != MDB_SUCCESS) {
    throw std::runtime_error(
        fmt::format("cannot open the store in {}: {}", dir.string(), mdb_strerror(rc)));
  }
  if (static_cast<size_t>(mdb_env_get_maxkeysize(raw)) < kMaxKeyBytes) {
    throw std::runtime_error("this LMDB build holds keys shorter than kMaxKeyBytes");
  }
  return env;
}

// The pid a running holder wrote into LOCK, or "unknown" while it has not yet.
std::string ReadPid(int fd) {
  char buffer[32] = {};
  ssize_t n = ::pread(fd, buffer, sizeof buffer - 1, 0);
  std::string pid(buffer, n > 0 ? static_cast<size_t>(n) : 0);
  while (!pid.empty() && std::isspace(static_cast<unsigned char>(pid.back()))) pid.pop_back();
  return pid.empty() ? "unknown" : pid;
}

struct CursorCloser {
  void operator()(MDB_cursor* cursor) const { mdb_cursor_close(cursor); }
};

}  // namespace

MapLock::MapLock() {
  pthread_rwlockattr_t attr;
  pthread_rwlockattr_init(&attr);
  pthread_rwlockattr_setkind_np(&attr, PTHREAD_RWLOCK_PREFER_WRITER_NONRECURSIVE_NP);
  pthread_rwlock_init(&lock_, &attr);
  pthread_rwlockattr_destroy(&attr);
}

MapLock::~MapLock() { pthread_rwlock_destroy(&lock_); }
void MapLock::lock() { pthread_rwlock_wrlock(&lock_); }
void MapLock::unlock() { pthread_rwlock_unlock(&lock_); }
void MapLock::lock_shared() { pthread_rwlock_rdlock(&lock_); }
void MapLock::unlock_shared() { pthread_rwlock_unlock(&lock_); }

// Get, Scan and ScanBackward, shared by both kinds of transaction.
template <class Interface>
class LmdbStore::Txn : public Interface, public BackwardScan {
 public:
  std::optional<std::string> Get(std::string_view table, std::string_view key) override {
    CheckKey(key);
    std::shared_lock<MapLock> map = PinMap();
    MDB_txn* txn = Handle();
    std::optional<MDB_dbi> dbi = FindTable(table);
    if (!dbi) return std::nullopt;
    MDB_val k = Val(key);
    MDB_val v;
    int rc = mdb_get(txn, *dbi, &k, &v);
    if (rc == MDB_NOTFOUND) return std::nullopt;
    Check(rc, "get");
    return std::string(View(v));
  }

  void Scan(std::string_view table, std::string_view prefix, std::string_view start_after,
            const ScanFn& fn) override {
    // Each round copies a batch under the map lock, then runs the callback without it, so the
    // callback may write, and the map may grow, between rounds.
    std::string from(std::max(prefix, start_after));
    bool after = !start_after.empty() && start_after >= prefix;
    std::vector<std::pair<std::string, std::string>> batch;
    size_t max_pairs = std::min(kFirstScanBatchPairs, ScanBatchPairs());
    for (;;) {
      auto [count, more] = Fetch(table, prefix, from, after, /*forward=*/true, max_pairs, batch);
      max_pairs = ScanBatchPairs();
      for (size_t i = 0; i < count; ++i) {
        if (!fn(batch[i].first, batch[i].second)) return;
      }
      if (!more) return;
      from = batch[count - 1].first;
      after = true;
    }
  }

  void ScanBackward(std::string_view table, std::string_view prefix, std::string_view start_before,
                    const ScanFn& fn) override {
    // The first key past every key with the prefix bounds the start when none is given (or when
    // the given one lies beyond the prefix); an empty bound means the end of the table.
    std::string bound = PrefixSuccessor(prefix);
    if (!start_before.empty() && (bound.empty() || start_before < bound)) bound = start_before;
    std::vector<std::pair<std::string, std::string>> batch;
    for (;;) {
      auto [count, more] =
          Fetch(table, prefix, bound, true, /*forward=*/false, ScanBatchPairs(), batch);
      for (size_t i = 0; i < count; ++i) {
        if (!fn(batch[i].first, batch[i].second)) return;
      }
      if (!more) return;
      bound = batch[count - 1].first;
    }
  }

 protected:
  explicit Txn(LmdbStore& store) : store_(store) { this->memos_ = &store.memos_; }

  // Keeps the map from being resized during one LMDB call.
  virtual std::shared_lock<MapLock> PinMap() = 0;
  // The transaction to run the next call in.
  virtual MDB_txn* Handle() = 0;
  // The table's handle if this transaction can see the table.
  virtual std::optional<MDB_dbi> FindTable(std::string_view table) = 0;
  virtual size_t ScanBatchPairs() const = 0;

  // The store's FindTable, remembering what it found: a request names the same few tables
  // several times, and a compare of names here costs less than the store's lock and map
  // descent each time. Misses are not kept (a write transaction may create the table). The
  // names kept are the store's own keys, which live as long as it does.
  std::optional<MDB_dbi> FindCommittedTable(std::string_view table, uint64_t max_epoch) {
    for (size_t i = 0; i < found_count_; ++i) {
      if (found_[i].name == table) return found_[i].dbi;
    }
    std::string_view stored_name;
    std::optional<MDB_dbi> dbi = store_.FindTable(table, max_epoch, &stored_name);
    if (dbi && found_count_ < found_.size()) found_[found_count_++] = {stored_name, *dbi};
    return dbi;
  }

  LmdbStore& store_;

 private:
  struct FoundTable {
    std::string_view name;
    MDB_dbi dbi = 0;
  };
  std::array<FoundTable, 6> found_;
  size_t found_count_ = 0;

  // Copies into `batch` the next pairs (at most `max_pairs`) with `prefix`: forward from `from`
  // on (past it when `after`, from the first key when empty), or backward from just before
  // `from` (from the table's end when empty). Returns how many, and whether any may follow.
  std::pair<size_t, bool> Fetch(std::string_view table, std::string_view prefix,
                                std::string_view from, bool after, bool forward, size_t max_pairs,
                                std::vector<std::pair<std::string, std::string>>& batch) {
    std::shared_lock<MapLock> map = PinMap();
    MDB_txn* txn = Handle();
    std::optional<MDB_dbi> dbi = FindTable(table);
    if (!dbi) return {0, false};
    MDB_cursor* raw = nullptr;
    Check(mdb_cursor_open(txn, *dbi, &raw), "open cursor");
    std::unique_ptr<MDB_cursor, CursorCloser> cursor(raw);
    MDB_val k = Val(from.substr(0, kMaxKeyBytes));
    MDB_val v;
    int rc = from.empty() ? MDB_NOTFOUND : mdb_cursor_get(raw, &k, &v, MDB_SET_RANGE);
    if (from.empty() || (!forward && rc == MDB_NOTFOUND)) {
      rc = mdb_cursor_get(raw, &k, &v, forward ? MDB_FIRST : MDB_LAST);
    }
    size_t count = 0;
    size_t bytes = 0;
    for (; rc == MDB_SUCCESS; rc = mdb_cursor_get(raw, &k, &v, forward ? MDB_NEXT : MDB_PREV)) {
      std::string_view key = View(k);
      // The seek lands short of `from` when it was cut to the longest key, and backwards it
      // lands at or past it.
      bool not_yet = forward ? key < from || (after && key == from) : !from.empty() && key >= from;
      if (not_yet) continue;
      if (!key.starts_with(prefix)) return {count, false};
      if (count == max_pairs || bytes >= kScanBatchBytes) return {count, true};
      if (batch.size() == count) batch.emplace_back();
      batch[count].first.assign(key);
      batch[count].second.assign(View(v));
      bytes += k.mv_size + v.mv_size;
      ++count;
    }
    if (rc != MDB_NOTFOUND) ThrowLmdb(rc, "scan");
    return {count, false};
  }
};

class LmdbStore::ReadTxnImpl final : public Txn<ReadTxn> {
 public:
  explicit ReadTxnImpl(LmdbStore& store) : Txn(store) {
    std::shared_lock map(store.map_lock_);
    std::shared_lock tables(store.tables_mutex_);
    txn_ = store.StartRead();
    epoch_ = store.tables_epoch_;
  }

  ~ReadTxnImpl() override {
    std::shared_lock map(store_.map_lock_);
    store_.EndRead(txn_);
  }

 private:
  std::shared_lock<MapLock> PinMap() override { return std::shared_lock(store_.map_lock_); }
  MDB_txn* Handle() override { return txn_; }
  std::optional<MDB_dbi> FindTable(std::string_view table) override {
    return this->FindCommittedTable(table, epoch_);
  }
  size_t ScanBatchPairs() const override { return kScanBatchPairs; }

 public:
  std::vector<std::string> Tables() override { return store_.TableNames(epoch_, {}); }

 private:
  MDB_txn* txn_ = nullptr;
  uint64_t epoch_ = 0;
};

namespace {

// A write transaction holds the lock for microseconds: a writer that finds it held retries for
// about that long before it sleeps, as a sleep and the wake-up across cores cost more CPU than
// the wait.
std::unique_lock<std::mutex> LockSpinningFirst(std::mutex& mutex) {
  constexpr int kTries = 512;
  for (int i = 0; i < kTries; ++i) {
    std::unique_lock<std::mutex> lock(mutex, std::try_to_lock);
    if (lock.owns_lock()) return lock;
#if defined(__x86_64__) || defined(__i386__)
    __builtin_ia32_pause();
#endif
  }
  return std::unique_lock<std::mutex>(mutex);
}

}  // namespace

class LmdbStore::WriteTxnImpl final : public Txn<WriteTxn> {
 public:
  explicit WriteTxnImpl(LmdbStore& store)
      : Txn(store), write_lock_(LockSpinningFirst(store.write_mutex_)) {
    Begin();
  }
  // Begun only if the write mutex was free (owns_lock()).
  WriteTxnImpl(LmdbStore& store, std::try_to_lock_t)
      : Txn(store), write_lock_(store.write_mutex_, std::try_to_lock) {
    if (write_lock_.owns_lock()) Begin();
  }
  bool begun() const { return txn_ != nullptr; }

  ~WriteTxnImpl() override {
    Abort();
    if (write_lock_.owns_lock()) ForgetLog();
  }

  void Put(std::string_view table, std::string_view key, std::string_view value) override {
    CheckKey(key);
    if (table.empty() || table.find('\0') != std::string_view::npos) {
      throw std::invalid_argument(fmt::format("invalid table name '{}'", table));
    }
    Retry("put", [&] { return PutOnce(table, key, value); });
    Log(false, table, key, value);
  }

  bool Erase(std::string_view table, std::string_view key) override {
    CheckKey(key);
    if (Retry("erase", [&] { return EraseOnce(table, key); }) == MDB_NOTFOUND) return false;
    Log(true, table, key, {});
    return true;
  }

  bool EraseIfEquals(std::string_view table, std::string_view key,
                     std::string_view value) override {
    CheckKey(key);
    if (Retry("erase", [&] { return EraseIfEqualsOnce(table, key, value); }) == MDB_NOTFOUND) {
      return false;
    }
    Log(true, table, key, {});
    return true;
  }

  void Commit() override {
    Retry("commit", [&] {
      std::unique_lock<std::shared_mutex> tables(store_.tables_mutex_, std::defer_lock);
      if (!created_.empty()) tables.lock();
      int rc = mdb_txn_commit(std::exchange(txn_, nullptr));
      if (rc == MDB_SUCCESS) store_.PublishTables(created_);
      return rc;
    });
    created_.clear();
    ForgetLog();
    write_lock_.unlock();
  }

 private:
  // The writer is the only one to resize the map, and never while it is in an LMDB call.
  std::shared_lock<MapLock> PinMap() override { return {}; }

  MDB_txn* Handle() override {
    if (txn_ == nullptr) throw std::logic_error("write transaction used after it ended");
    return txn_;
  }

  std::optional<MDB_dbi> FindTable(std::string_view table) override {
    if (auto it = created_.find(table); it != created_.end()) return it->second;
    return FindCommittedTable(table, kAnyEpoch);
  }

  size_t ScanBatchPairs() const override { return 1; }

 public:
  std::vector<std::string> Tables() override { return store_.TableNames(kAnyEpoch, created_); }

 private:
  // Runs `step` (one LMDB call returning its code); when the map is full,
  // grows it, rebuilds the transaction from the log and runs `step` again. Returns
  // MDB_SUCCESS or MDB_NOTFOUND and throws on anything else.
  template <class Step>
  int Retry(std::string_view what, const Step& step) {
    for (;;) {
      Handle();
      int rc = step();
      if (rc == MDB_SUCCESS || rc == MDB_NOTFOUND) return rc;
      if (rc != MDB_MAP_FULL) ThrowLmdb(rc, what);
      Rebuild();
    }
  }

  void Rebuild() {
    for (;;) {
      Abort();
      store_.GrowMap();
      Begin();
      int rc = Replay();
      if (rc == MDB_SUCCESS) return;
      if (rc != MDB_MAP_FULL) ThrowLmdb(rc, "replay");
    }
  }

  // The log is one buffer of records `<op><table><key><value>`, each part but the op byte a
  // native size_t length then the bytes: appending copies, where a record per operation of
  // three strings cost a tenth of a small write's store work in allocations.
  void Log(bool erase, std::string_view table, std::string_view key, std::string_view value) {
    std::string& log = store_.write_log_;
    log += erase ? 'e' : 'p';
    for (std::string_view part : {table, key, value}) {
      size_t size = part.size();
      log.append(reinterpret_cast<const char*>(&size), sizeof size);
      log.append(part);
    }
  }

  int Replay() {
    std::string_view log = store_.write_log_;
    auto next = [&log] {
      size_t size;
      std::memcpy(&size, log.data(), sizeof size);
      std::string_view part = log.substr(sizeof size, size);
      log.remove_prefix(sizeof size + size);
      return part;
    };
    while (!log.empty()) {
      bool erase = log[0] == 'e';
      log.remove_prefix(1);
      std::string_view table = next();
      std::string_view key = next();
      std::string_view value = next();
      int rc = erase ? EraseOnce(table, key) : PutOnce(table, key, value);
      if (rc != MDB_SUCCESS) return rc;
    }
    return MDB_SUCCESS;
  }

  // Empties the log for the next writer, keeping its buffer unless a large transaction (a
  // snapshot load) grew it.
  void ForgetLog() {
    std::string& log = store_.write_log_;
    if (log.capacity() > kKeptWriteLogBytes) {
      std::string().swap(log);
    } else {
      log.clear();
    }
  }

  int PutOnce(std::string_view table, std::string_view key, std::string_view value) {
    std::optional<MDB_dbi> dbi = FindTable(table);
    if (!dbi) {
      // Created inside this transaction: the only thread that opens tables after start-up is
      // the writer, as LMDB requires, and the handle is published only once the commit lands.
      std::string name(table);
      MDB_dbi created;
      int rc = mdb_dbi_open(txn_, name.c_str(), MDB_CREATE, &created);
      if (rc != MDB_SUCCESS) return rc;
      dbi = created_.emplace(std::move(name), created).first->second;
    }
    MDB_val k = Val(key);
    MDB_val v = Val(value);
    return mdb_put(txn_, *dbi, &k, &v, 0);
  }

  int EraseOnce(std::string_view table, std::string_view key) {
    std::optional<MDB_dbi> dbi = FindTable(table);
    if (!dbi) return MDB_NOTFOUND;
    MDB_val k = Val(key);
    return mdb_del(txn_, *dbi, &k, nullptr);
  }

  // MDB_NOTFOUND also when the value differs.
  int EraseIfEqualsOnce(std::string_view table, std::string_view key, std::string_view value) {
    std::optional<MDB_dbi> dbi = FindTable(table);
    if (!dbi) return MDB_NOTFOUND;
    MDB_cursor* raw = nullptr;
    int rc = mdb_cursor_open(txn_, *dbi, &raw);
    if (rc != MDB_SUCCESS) return rc;
    std::unique_ptr<MDB_cursor, CursorCloser> cursor(raw);
    MDB_val k = Val(key);
    MDB_val v;
    rc = mdb_cursor_get(raw, &k, &v, MDB_SET_KEY);
    if (rc != MDB_SUCCESS) return rc;
    if (View(v) != value) return MDB_NOTFOUND;
    return mdb_cursor_del(raw, 0);
  }

  void Begin() { Check(mdb_txn_begin(store_.env_.get(), nullptr, 0, &txn_), "begin write"); }

  void Abort() {
    created_.clear();  // LMDB closes the handles of tables an aborted transaction created
    if (txn_ == nullptr) return;
    mdb_txn_abort(std::exchange(txn_, nullptr));
  }

  std::unique_lock<std::mutex> write_lock_;
  MDB_txn* txn_ = nullptr;
  std::map<std::string, MDB_dbi, std::less<>> created_;
};

LmdbStore::TempDirRemover::~TempDirRemover() {
  if (dir.empty()) return;
  std::error_code ignored;
  fs::remove_all(dir, ignored);
}

LmdbStore::DirLock::DirLock(const fs::path& dir) {
  fs::path path = dir / "LOCK";
  // O_CLOEXEC: a child process (a Lambda runtime) must not inherit, and so keep, the lock.
  fd_ = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  if (fd_ < 0) ThrowErrno("cannot open", path);
  if (::flock(fd_, LOCK_EX | LOCK_NB) != 0) {
    int error = errno;
    std::string pid = ReadPid(fd_);
    ::close(fd_);
    if (error == EWOULDBLOCK) {
      throw std::runtime_error(fmt::format(
          "data directory {} is in use by another terrarium process (pid {})", dir.string(), pid));
    }
    errno = error;
    ThrowErrno("cannot lock", path);
  }
  std::string pid = fmt::format("{}\n", ::getpid());
  if (::ftruncate(fd_, 0) != 0 || ::pwrite(fd_, pid.data(), pid.size(), 0) < 0) {
    int error = errno;
    ::close(fd_);
    errno = error;
    ThrowErrno("cannot write", path);
  }
}

LmdbStore::DirLock::~DirLock() { ::close(fd_); }

LmdbStore::LmdbStore(const StoreOptions& options)
    : persistent_(!options.data_dir.empty()),
      dir_(persistent_ ? MakeDataDir(options.data_dir) : MakeTempDir()),
      remover_{persistent_ ? fs::path() : dir_},
      dir_lock_(dir_),
      env_(OpenEnv(dir_ / "lmdb", persistent_, options.initial_map_bytes)),
      blobs_(dir_, persistent_) {
  if (persistent_) {
    // LMDB syncs its files, not the folders naming them.
    FsyncDirectory(dir_ / "lmdb");
    FsyncDirectory(dir_);
    FsyncDirectory(dir_.parent_path());
  }
  OpenExistingTables();
}

LmdbStore::~LmdbStore() {
  for (MDB_txn* txn : idle_reads_) mdb_txn_abort(txn);
}

MDB_txn* LmdbStore::StartRead() {
  MDB_txn* txn = nullptr;
  {
    std::lock_guard lock(idle_reads_mutex_);
    if (!idle_reads_.empty()) {
      txn = idle_reads_.back();
      idle_reads_.pop_back();
    }
  }
  if (txn != nullptr) {
    int rc = mdb_txn_renew(txn);
    if (rc == MDB_SUCCESS) return txn;
    mdb_txn_abort(txn);
    ThrowLmdb(rc, "renew read");
  }
  Check(mdb_txn_begin(env_.get(), nullptr, MDB_RDONLY, &txn), "begin read");
  return txn;
}

void LmdbStore::EndRead(MDB_txn* txn) {
  // A reset transaction holds no snapshot (writers may reuse its pages), only its reader slot
  // and its arrays, which is what renewing it saves.
  mdb_txn_reset(txn);
  {
    std::lock_guard lock(idle_reads_mutex_);
    if (idle_reads_.size() < kMaxIdleReads) {
      idle_reads_.push_back(txn);
      return;
    }
  }
  mdb_txn_abort(txn);
}

void LmdbStore::OpenExistingTables() {
  MDB_txn* raw = nullptr;
  Check(mdb_txn_begin(env_.get(), nullptr, MDB_RDONLY, &raw), "begin read");
  std::unique_ptr<MDB_txn, void (*)(MDB_txn*)> txn(raw, &mdb_txn_abort);
  MDB_dbi main;
  Check(mdb_dbi_open(raw, nullptr, 0, &main), "open main table");
  std::vector<std::string> names;
  {
    MDB_cursor* cursor_raw = nullptr;
    Check(mdb_cursor_open(raw, main, &cursor_raw), "open cursor");
    std::unique_ptr<MDB_cursor, CursorCloser> cursor(cursor_raw);
    MDB_val k;
    MDB_val v;
    int rc;
    for (rc = mdb_cursor_get(cursor_raw, &k, &v, MDB_FIRST); rc == MDB_SUCCESS;
         rc = mdb_cursor_get(cursor_raw, &k, &v, MDB_NEXT)) {
      names.emplace_back(View(k));
    }
    if (rc != MDB_NOTFOUND) ThrowLmdb(rc, "list tables");
  }
  for (std::string& name : names) {
    MDB_dbi dbi;
    Check(mdb_dbi_open(raw, name.c_str(), 0, &dbi), fmt::format("open table {}", name));
    tables_.emplace(std::move(name), Table{dbi, 0});
  }
  // Committing a read transaction keeps the handles it opened.
  Check(mdb_txn_commit(txn.release()), "open tables");
}

std::optional<MDB_dbi> LmdbStore::FindTable(std::string_view name, uint64_t max_epoch,
                                            std::string_view* stored_name) const {
  std::shared_lock tables(tables_mutex_);
  auto it = tables_.find(name);
  if (it == tables_.end() || it->second.epoch > max_epoch) return std::nullopt;
  if (stored_name != nullptr) *stored_name = it->first;
  return it->second.dbi;
}

std::vector<std::string> LmdbStore::TableNames(
    uint64_t max_epoch, const std::map<std::string, MDB_dbi, std::less<>>& created) const {
  std::vector<std::string> names;
  {
    std::shared_lock tables(tables_mutex_);
    for (const auto& [name, table] : tables_) {
      if (table.epoch <= max_epoch) names.push_back(name);
    }
  }
  for (const auto& [name, dbi] : created) names.push_back(name);
  std::sort(names.begin(), names.end());
  return names;
}

void LmdbStore::PublishTables(const std::map<std::string, MDB_dbi, std::less<>>& created) {
  if (created.empty()) return;
  ++tables_epoch_;
  for (const auto& [name, dbi] : created) tables_.emplace(name, Table{dbi, tables_epoch_});
}

void LmdbStore::GrowMap() {
  std::unique_lock map(map_lock_);
  MDB_envinfo info;
  Check(mdb_env_info(env_.get(), &info), "read map size");
  Check(mdb_env_set_mapsize(env_.get(), info.me_mapsize * 2), "grow map");
}

std::unique_ptr<ReadTxn> LmdbStore::BeginRead() { return std::make_unique<ReadTxnImpl>(*this); }

std::unique_ptr<WriteTxn> LmdbStore::BeginWrite() { return std::make_unique<WriteTxnImpl>(*this); }

std::unique_ptr<WriteTxn> LmdbStore::TryBeginWrite() {
  auto txn = std::make_unique<WriteTxnImpl>(*this, std::try_to_lock);
  if (!txn->begun()) return nullptr;
  return txn;
}

std::unique_ptr<Store> OpenStore(const StoreOptions& options) {
  return std::make_unique<LmdbStore>(options);
}

}  // namespace terrarium::storage
