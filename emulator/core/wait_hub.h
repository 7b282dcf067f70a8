// Wakes long-polling requests (SQS ReceiveMessage with WaitTimeSeconds) when what they wait for
// may have arrived. A request that found nothing registers under a key ("sqs:<queue arn>"); a
// request that changes the thing (SendMessage) notifies the key. Holds no threads: waking runs a
// callback the HTTP server supplies.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>

namespace terrarium {

class WaitHub {
 public:
  // Grows with every Notify. Read it before looking; a key notified after that epoch must not
  // be waited on (the notification could otherwise fall between looking and waiting).
  uint64_t Epoch() const;
  // Wakes the subscribers of `key`, the oldest first, at most `max_woken` of them: one message
  // sent to a queue need not re-run 5,000 waiting receives. A woken request always runs again
  // (waiting holds no connection state that could make it skip its turn), so waking fewer
  // loses nothing; the rest keep waiting for the next notification or their deadline.
  void Notify(std::string_view key, size_t max_woken = SIZE_MAX);

  // Calls `wake` once, the next time `key` is notified, or at once if it was notified after
  // `epoch`. Returns an id for Cancel.
  uint64_t Subscribe(const std::string& key, uint64_t epoch, std::function<void()> wake);
  // Forgets a subscription that has not fired (its callback will not run).
  void Cancel(uint64_t id);

 private:
  // Keys notified once each (a Lambda invocation) would grow last_notified_ forever: beyond
  // kRemembered keys the oldest are forgotten, and a subscriber whose epoch predates what was
  // forgotten is woken at once (a spurious wake, which long polling tolerates by design).
  static constexpr size_t kRemembered = 1 << 16;
  void ForgetOldNotifications();

  mutable std::mutex mutex_;
  uint64_t epoch_ = 0;
  uint64_t forgotten_through_ = 0;
  uint64_t next_id_ = 1;
  std::unordered_map<std::string, uint64_t> last_notified_;
  using Waiters =
      std::multimap<std::string, std::pair<uint64_t, std::function<void()>>, std::less<>>;
  Waiters waiters_;  // equal keys keep insertion order: the oldest subscriber first
  std::unordered_map<uint64_t, Waiters::iterator> by_id_;  // so Cancel is not a scan
};

}  // namespace terrarium
