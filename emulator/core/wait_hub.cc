#include "emulator/core/wait_hub.h"

#include <vector>

namespace terrarium {

uint64_t WaitHub::Epoch() const {
  std::lock_guard lock(mutex_);
  return epoch_;
}

void WaitHub::Notify(std::string_view key, size_t max_woken) {
  std::vector<std::function<void()>> woken;
  {
    std::lock_guard lock(mutex_);
    ++epoch_;
    last_notified_[std::string(key)] = epoch_;
    ForgetOldNotifications();
    auto [first, last] = waiters_.equal_range(key);
    while (first != last && woken.size() < max_woken) {
      woken.push_back(std::move(first->second.second));
      by_id_.erase(first->second.first);
      first = waiters_.erase(first);
    }
  }
  // Outside the lock: a callback may subscribe again.
  for (auto& wake : woken) wake();
}

uint64_t WaitHub::Subscribe(const std::string& key, uint64_t epoch, std::function<void()> wake) {
  uint64_t id = 0;
  {
    std::lock_guard lock(mutex_);
    id = next_id_++;
    auto it = last_notified_.find(key);
    bool maybe_forgotten = epoch < forgotten_through_;
    if (!maybe_forgotten && (it == last_notified_.end() || it->second <= epoch)) {
      by_id_.emplace(id, waiters_.emplace(key, std::make_pair(id, std::move(wake))));
      return id;
    }
  }
  wake();
  return id;
}

void WaitHub::ForgetOldNotifications() {
  if (last_notified_.size() <= kRemembered) return;
  uint64_t horizon = epoch_ - kRemembered / 2;
  std::erase_if(last_notified_, [horizon](const auto& entry) { return entry.second <= horizon; });
  forgotten_through_ = horizon;
}

void WaitHub::Cancel(uint64_t id) {
  std::lock_guard lock(mutex_);
  auto it = by_id_.find(id);
  if (it == by_id_.end()) return;
  waiters_.erase(it->second);
  by_id_.erase(it);
}

}  // namespace terrarium
