// Records parsed from their stored bytes, shared by the requests that read them (a DynamoDB
// table description, an SQS queue's attributes: parsing them was a fifth to a third of an item
// or message request's handler). An entry holds the bytes beside what they parse to and is used
// only when a transaction reads the very same bytes, so it cannot go stale: an update, a
// snapshot load or a restart changes the bytes and the record is parsed afresh. The bytes are
// the version stamp; a separate counter would be one more thing every writer (snapshot loads
// included) must keep in step. A memo of a pure function, not state: dropping every entry
// changes nothing but the CPU spent. Kept in a store's Memos (store.h), one per store.
#pragma once

#include <cstddef>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>

namespace terrarium::storage {

template <typename Record>
class ParsedRecords {
 public:
  // Bounded: past this many keys the memo starts afresh (a store with more parses some again).
  explicit ParsedRecords(size_t max_entries = 1024) : max_entries_(max_entries) {}

  // The record parsed from `stored` (the bytes under `key`): the remembered one when its bytes
  // equal `stored`, else `parse()`, remembered for the next reader. Thread-safe.
  std::shared_ptr<const Record> Get(const std::string& key, std::string_view stored,
                                    const std::function<Record()>& parse) {
    std::shared_ptr<const Entry> entry;
    {
      std::lock_guard lock(mutex_);
      if (auto it = entries_.find(key); it != entries_.end()) entry = it->second;
    }
    if (entry && entry->stored == stored) return entry->record;
    auto fresh = std::make_shared<const Entry>(
        Entry{std::string(stored), std::make_shared<const Record>(parse())});
    std::lock_guard lock(mutex_);
    if (entries_.size() >= max_entries_ && !entries_.contains(key)) entries_.clear();
    entries_[key] = fresh;
    return fresh->record;
  }

 private:
  struct Entry {
    std::string stored;
    std::shared_ptr<const Record> record;
  };
  size_t max_entries_;
  std::mutex mutex_;
  std::unordered_map<std::string, std::shared_ptr<const Entry>> entries_;
};

}  // namespace terrarium::storage
