// Parsed table records, shared by the requests that read them. Every item request reads its
// table's record (the whole table description, about 1-3 KB of JSON); parsing it was a fifth of
// a GetItem's or PutItem's CPU. An entry holds the record's stored bytes beside what they parse
// to and is used only when the bytes a transaction reads are the same, so it cannot go stale:
// UpdateTable, a snapshot load, a restart or another store in the same process (unit tests)
// change the bytes, and the record is parsed afresh. The bytes themselves are the version stamp;
// a separate counter would be a second thing to keep in step (snapshots load records wholesale).
// A memo of a pure function, not state: dropping every entry changes nothing but the CPU spent.
#pragma once

#include <cstddef>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>

#include "emulator/services/dynamodb/table_store.h"

namespace terrarium::services::dynamodb {

class TableCache {
 public:
  explicit TableCache(size_t max_entries) : max_entries_(max_entries) {}

  // The table parsed from `stored` (the record under `store_key`): the cached one when its bytes
  // equal `stored`, else `parse()`, remembered for the next reader.
  TableRef Get(const std::string& store_key, std::string_view stored,
               const std::function<TableInfo()>& parse);

  // The one every request shares (thread-safe).
  static TableCache& Shared();

 private:
  struct Entry {
    std::string stored;
    TableRef table;
  };
  size_t max_entries_;
  std::mutex mutex_;
  std::unordered_map<std::string, std::shared_ptr<const Entry>> entries_;
};

}  // namespace terrarium::services::dynamodb
