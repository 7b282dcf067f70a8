// The LMDB implementation of Store, which OpenStore returns. A store directory holds:
//   LOCK          flock'ed by the one process that has the store open; holds its pid
//   lmdb/         LMDB's data.mdb and lock.mdb; each table is a named database
//   blobs/, tmp/  the blob files (blob_store.h)
//
// Growing the map. A write that outgrows the memory map fails with MDB_MAP_FULL and leaves its
// transaction unusable, and the map may only be resized while nothing reads it. So every write
// transaction logs its puts and erases (in one buffer the store keeps); on MDB_MAP_FULL (in a put,
// an erase or the commit) it aborts, doubles the map under an exclusive map lock, begins again and
// replays its log. It can replay faithfully because it keeps the store's write mutex throughout, so
// no other write comes in between. Each LMDB call of a read transaction holds the map lock shared,
// for that call only (the writer needs none: it is the only one to resize). A read transaction may
// stay open across a resize because LMDB 0.9 copies what it needs out of the map when the
// transaction begins and finds pages through the current map on every access; only cursors point
// into the map, and none outlives a call (Scan copies what it hands to its callback). Holding the
// lock for whole transactions instead would deadlock a thread that keeps a read transaction open
// while it writes.
#pragma once

#include <lmdb.h>
#include <pthread.h>

#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <shared_mutex>
#include <string>
#include <string_view>
#include <vector>

#include "emulator/storage/blob_store.h"
#include "emulator/storage/store.h"

namespace terrarium::storage {

// A reader/writer lock that lets a waiting writer in before new readers, so that resizing the
// map is not starved by a steady stream of reads. Not recursive.
class MapLock {
 public:
  MapLock();
  ~MapLock();
  MapLock(const MapLock&) = delete;
  MapLock& operator=(const MapLock&) = delete;
  void lock();
  void unlock();
  void lock_shared();
  void unlock_shared();

 private:
  pthread_rwlock_t lock_;
};

// Tables in one LMDB environment, blobs beside it; see the top of this file.
class LmdbStore final : public Store {
 public:
  explicit LmdbStore(const StoreOptions& options);
  ~LmdbStore() override;
  LmdbStore(const LmdbStore&) = delete;
  LmdbStore& operator=(const LmdbStore&) = delete;

  std::unique_ptr<ReadTxn> BeginRead() override;
  std::unique_ptr<WriteTxn> BeginWrite() override;
  std::unique_ptr<WriteTxn> TryBeginWrite() override;
  BlobStore& Blobs() override { return blobs_; }
  const std::filesystem::path& Dir() const override { return dir_; }
  bool persistent() const override { return persistent_; }

 private:
  template <class Interface>
  class Txn;
  class ReadTxnImpl;
  class WriteTxnImpl;

  // Removes an ephemeral store's directory when the store closes.
  struct TempDirRemover {
    std::filesystem::path dir;  // empty for a persistent store
    ~TempDirRemover();
  };

  // The exclusive flock on <dir>/LOCK that keeps a second process (or store) out.
  class DirLock {
   public:
    explicit DirLock(const std::filesystem::path& dir);
    ~DirLock();
    DirLock(const DirLock&) = delete;
    DirLock& operator=(const DirLock&) = delete;

   private:
    int fd_;
  };

  // A table's handle, and the table epoch of the commit that created it: a read transaction
  // that began at an earlier epoch cannot see the table.
  struct Table {
    MDB_dbi dbi;
    uint64_t epoch;
  };
  static constexpr uint64_t kAnyEpoch = UINT64_MAX;

  void OpenExistingTables();
  // The committed table `name` if it exists at `max_epoch`, and in `stored_name` (when given)
  // the name as this store keeps it, valid as long as the store. Callers hold the map lock.
  std::optional<MDB_dbi> FindTable(std::string_view name, uint64_t max_epoch,
                                   std::string_view* stored_name = nullptr) const;
  // The tables committed at `max_epoch`, and those of `created`, sorted.
  std::vector<std::string> TableNames(
      uint64_t max_epoch, const std::map<std::string, MDB_dbi, std::less<>>& created) const;
  // Makes the tables a write transaction created visible. Caller holds tables_mutex_
  // exclusively, across the commit, so no read transaction begins between the two.
  void PublishTables(const std::map<std::string, MDB_dbi, std::less<>>& created);
  void GrowMap();
  // A read transaction: a reset one renewed, or a new one. Beginning one calloc's arrays sized
  // by the table limit (~16 KB) and claims a reader slot under LMDB's lock; renewing does
  // neither. Callers hold the map lock shared.
  MDB_txn* StartRead();
  // Resets `txn` and keeps it for StartRead (or aborts it when enough are kept).
  void EndRead(MDB_txn* txn);

  // Built in this order and released in reverse: the lock outlives the environment, and an
  // ephemeral directory goes only after everything in it is closed.
  bool persistent_;
  std::filesystem::path dir_;
  TempDirRemover remover_;
  DirLock dir_lock_;
  std::unique_ptr<MDB_env, void (*)(MDB_env*)> env_;
  FileBlobStore blobs_;

  // Lock order: write_mutex_, then map_lock_, then tables_mutex_.
  std::mutex write_mutex_;  // held by the one WriteTxn for its whole life
  MapLock map_lock_;        // shared by each LMDB call of a reader, exclusive to resize the map
  mutable std::shared_mutex tables_mutex_;
  std::map<std::string, Table, std::less<>> tables_;
  uint64_t tables_epoch_ = 0;
  Memos memos_;
  // The puts and erases of the current write transaction, for replay after growing the map;
  // it duplicates the transaction's writes in memory. Guarded by write_mutex_, kept between
  // transactions so that logging allocates nothing.
  std::string write_log_;
  std::mutex idle_reads_mutex_;
  std::vector<MDB_txn*> idle_reads_;  // reset read transactions, aborted with the store
};

}  // namespace terrarium::storage
