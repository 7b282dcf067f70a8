// The thread that runs event source mappings in the server: it calls
// EventSourceDelivery::RunOnce when a mapping is due or when a queue it reads is notified
// (SendMessage notifies "sqs:<queue arn>" on the WaitHub), and sleeps otherwise. Owned by app/
// (ServiceRuntimes), started after the server listens, stopped before the Lambda runtime.
#pragma once

#include <condition_variable>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

#include "emulator/core/wait_hub.h"
#include "emulator/services/lambda/event_sources/poll_step.h"

namespace terrarium::services::lambda {

class EventSourcePollers {
 public:
  EventSourcePollers() = default;
  ~EventSourcePollers() { Stop(); }
  EventSourcePollers(const EventSourcePollers&) = delete;
  EventSourcePollers& operator=(const EventSourcePollers&) = delete;

  void Start(PollerDeps deps, WaitHub& waits);
  // Asks the thread to stop; it finishes the invocation in progress, if any (shutting the
  // Lambda runtime down ends that at once).
  void RequestStop();
  // RequestStop, then joins the thread.
  void Stop();

 private:
  void Loop();
  void Wake();

  std::optional<EventSourceDelivery> delivery_;
  WaitHub* waits_ = nullptr;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool woken_ = false;
  bool stopping_ = false;
  std::vector<uint64_t> subscriptions_;
  std::thread thread_;
};

}  // namespace terrarium::services::lambda
