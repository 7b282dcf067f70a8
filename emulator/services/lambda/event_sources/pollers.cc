#include "emulator/services/lambda/event_sources/pollers.h"

namespace terrarium::services::lambda {

void EventSourcePollers::Start(PollerDeps deps, WaitHub& waits) {
  if (thread_.joinable()) return;
  delivery_.emplace(std::move(deps));
  waits_ = &waits;
  thread_ = std::thread([this] { Loop(); });
}

void EventSourcePollers::RequestStop() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
}

void EventSourcePollers::Stop() {
  RequestStop();
  if (thread_.joinable()) thread_.join();
  if (waits_ != nullptr) {
    for (uint64_t id : subscriptions_) waits_->Cancel(id);
  }
  subscriptions_.clear();
}

void EventSourcePollers::Wake() {
  {
    std::lock_guard lock(mutex_);
    woken_ = true;
  }
  wake_.notify_all();
}

void EventSourcePollers::Loop() {
  while (true) {
    {
      std::lock_guard lock(mutex_);
      if (stopping_) return;
      woken_ = false;
    }
    // Read before polling: a notification after this wakes the subscriptions below at once.
    uint64_t epoch = waits_->Epoch();
    PollOutcome outcome;
    try {
      outcome = delivery_->RunOnce();
    } catch (const std::exception&) {
      // The store failed under us (shutting down?): try again on the next tick.
      outcome.next_due = std::chrono::system_clock::now() + EventSourceDelivery::kIdleQueueRecheck;
    }
    for (uint64_t id : subscriptions_) waits_->Cancel(id);
    subscriptions_.clear();
    for (const auto& key : outcome.wait_keys) {
      subscriptions_.push_back(waits_->Subscribe(key, epoch, [this] { Wake(); }));
    }
    // The clock may be a test's, but this thread only runs in the server (system clock).
    auto wait = outcome.next_due - std::chrono::system_clock::now();
    std::unique_lock lock(mutex_);
    if (wait > std::chrono::milliseconds(0)) {
      wake_.wait_for(lock, wait, [this] { return woken_ || stopping_; });
    }
  }
}

}  // namespace terrarium::services::lambda
