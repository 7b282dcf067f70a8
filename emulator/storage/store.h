// The store every service keeps its state in: ordered key/value tables with transactions, plus
// content-addressed blob files for large payloads. Keys of per-account data start with the scope
// (see keys.h); values are JSON text with sorted keys so snapshots are deterministic.
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <typeindex>
#include <unordered_map>
#include <vector>

namespace terrarium::storage {

// The longest key a table holds (LMDB's limit). Get, Put and Erase throw std::length_error for
// an empty or longer key; callers whose natural keys can be longer (S3 object keys reach 1024
// bytes) store them under a digest themselves.
inline constexpr size_t kMaxKeyBytes = 511;

// Visits one key/value pair; return false to stop the scan.
using ScanFn = std::function<bool(std::string_view key, std::string_view value)>;

// Values a service derives from stored bytes (parsed records) and keeps to skip deriving them
// again; they live and die with the store that holds the bytes, so two stores never share one.
// One object per type, made on first use; each must be thread-safe and must check that what it
// remembers still matches the bytes a transaction reads.
class Memos {
 public:
  template <typename T>
  T& Get() {
    std::lock_guard lock(mutex_);
    std::shared_ptr<void>& slot = memos_[std::type_index(typeid(T))];
    if (!slot) slot = std::make_shared<T>();
    return *static_cast<T*>(slot.get());
  }

 private:
  std::mutex mutex_;
  std::unordered_map<std::type_index, std::shared_ptr<void>> memos_;
};

// A consistent snapshot. Belongs to the thread that opened it; never held across a co_await.
class ReadTxn {
 public:
  virtual ~ReadTxn() = default;
  // The memos of the store this transaction reads, or null when it keeps none.
  Memos* memos() const { return memos_; }
  virtual std::optional<std::string> Get(std::string_view table, std::string_view key) = 0;
  // Keys of `table` that start with `prefix`, in byte order, beginning after `start_after`
  // (or at the first key with the prefix when `start_after` is empty).
  virtual void Scan(std::string_view table, std::string_view prefix, std::string_view start_after,
                    const ScanFn& fn) = 0;
  // The names of the tables this transaction sees, in byte order (for snapshots and resets,
  // which handle every table without knowing the services).
  virtual std::vector<std::string> Tables() = 0;

 protected:
  Memos* memos_ = nullptr;
};

// The one write transaction of the moment (others wait). Aborted if destroyed without Commit.
class WriteTxn : public ReadTxn {
 public:
  virtual void Put(std::string_view table, std::string_view key, std::string_view value) = 0;
  // Returns whether the key existed.
  virtual bool Erase(std::string_view table, std::string_view key) = 0;
  // Erases the key if it holds exactly `value`; returns whether it did. A store may find the
  // key once where Get and Erase look it up twice.
  virtual bool EraseIfEquals(std::string_view table, std::string_view key, std::string_view value) {
    std::optional<std::string> current = Get(table, key);
    return current && *current == value && Erase(table, key);
  }
  // Durable once it returns when the store is persistent.
  virtual void Commit() = 0;
};

// Large payloads as files, named by 64 lower-case hex digits: the SHA-256 of their content
// (AdoptFile, PutBytes: equal bytes share one file) or a random name (NewBlobName), for a body
// that need not be shared, so that storing it costs no hash.
class BlobStore {
 public:
  virtual ~BlobStore() = default;
  // Moves `file` into the store (the caller's file is gone afterwards); returns its hex SHA-256.
  virtual std::string AdoptFile(const std::filesystem::path& file) = 0;
  virtual std::string PutBytes(std::string_view bytes) = 0;
  // Moves `file` into the store as `name` without reading it (the caller's file is gone
  // afterwards); an existing blob of that name stays and `file` is dropped.
  virtual void AdoptFileAs(const std::filesystem::path& file, std::string_view name) = 0;
  // Stores `bytes` as `name` (a snapshot's blob, whichever way it was named).
  virtual void PutBytesAs(std::string_view name, std::string_view bytes) = 0;
  virtual std::filesystem::path PathOf(std::string_view sha256_hex) const = 0;
  virtual bool Exists(std::string_view sha256_hex) const = 0;
  virtual void Remove(std::string_view sha256_hex) = 0;
  // A fresh file path for spooling an incoming body before it is adopted.
  virtual std::filesystem::path NewTempPath() = 0;
};

// A fresh random blob name (64 hex digits: 256 random bits, so it names no other blob).
std::string NewBlobName();

struct StoreOptions {
  // Empty: an ephemeral store in a new temporary directory, no fsync, removed on close.
  std::filesystem::path data_dir;
  // Address space reserved for the tables at first; doubled whenever the data outgrows it, so
  // this is no limit. Tests set it small to exercise the growth.
  size_t initial_map_bytes = size_t{1} << 30;
};

// Every transaction must have ended before the store is destroyed.
class Store {
 public:
  virtual ~Store() = default;
  virtual std::unique_ptr<ReadTxn> BeginRead() = 0;
  virtual std::unique_ptr<WriteTxn> BeginWrite() = 0;
  // A write transaction if no other one is open, else nullptr at once, never waiting (a store
  // may always answer nullptr): for work that would rather read than queue for the lock.
  virtual std::unique_ptr<WriteTxn> TryBeginWrite() { return nullptr; }
  virtual BlobStore& Blobs() = 0;
  virtual const std::filesystem::path& Dir() const = 0;
  virtual bool persistent() const = 0;
};

// Opens (creating if needed) the LMDB-backed store. Throws std::runtime_error with a clear
// message if the directory is unusable or another process holds it.
std::unique_ptr<Store> OpenStore(const StoreOptions& options);

}  // namespace terrarium::storage
