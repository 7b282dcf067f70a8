#include "emulator/services/dynamodb/table_cache.h"

namespace terrarium::services::dynamodb {

TableRef TableCache::Get(const std::string& store_key, std::string_view stored,
                         const std::function<TableInfo()>& parse) {
  std::shared_ptr<const Entry> entry;
  {
    std::lock_guard lock(mutex_);
    if (auto it = entries_.find(store_key); it != entries_.end()) entry = it->second;
  }
  if (entry && entry->stored == stored) return entry->table;
  auto fresh = std::make_shared<const Entry>(
      Entry{std::string(stored), std::make_shared<const TableInfo>(parse())});
  std::lock_guard lock(mutex_);
  // Bounded: a process serving more tables than this parses some on every request, as before.
  if (entries_.size() >= max_entries_ && !entries_.contains(store_key)) entries_.clear();
  entries_[store_key] = fresh;
  return fresh->table;
}

TableCache& TableCache::Shared() {
  static TableCache cache(1024);
  return cache;
}

}  // namespace terrarium::services::dynamodb
