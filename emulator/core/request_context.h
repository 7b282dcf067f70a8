// What a handler knows about the request besides its input shape: who, where, when, and the
// payload bytes that travel beside the JSON document (S3 object bodies, Lambda payloads).
#pragma once

#include <optional>
#include <string>
#include <utility>

#include "emulator/core/clock.h"
#include "emulator/core/http_message.h"
#include "emulator/core/limits.h"
#include "emulator/core/operation_invoker.h"
#include "emulator/core/scope.h"
#include "emulator/core/wait_hub.h"

namespace terrarium {

namespace storage {
class Store;
}

struct RequestContext {
  std::string service;
  std::string operation;
  Scope scope;
  std::string access_key;
  std::string request_id;
  // The host the client addressed (for URLs handed back, e.g. SQS queue URLs); "localhost:4566"
  // for in-process calls.
  std::string host = "localhost:4566";
  const Clock* clock = nullptr;
  storage::Store* store = nullptr;
  // Other operations, in process (cross-service work such as S3 notifications).
  OperationInvoker* invoker = nullptr;
  // The emulator's bounds (null in tests that set none: no bound).
  const ResourceLimits* limits = nullptr;

  // A blob payload member of the input (e.g. PutObject's Body), never copied into the document.
  Body request_payload;
  // A blob payload member of the output (e.g. GetObject's Body), set by the handler.
  Body response_payload;
  // Non-zero overrides the operation's HTTP status (e.g. 206 for a ranged GetObject).
  int response_status = 0;

  // Long polling. Notify(key) on `waits` wakes requests waiting on key. A handler with nothing
  // to return yet calls WaitFor when can_wait and returns; the operation then runs again when
  // the key is notified, at `wake_at` if given, or at the deadline, with `poll_deadline` set to
  // that deadline (which may have passed: then it must answer). No thread is held while waiting.
  WaitHub* waits = nullptr;
  bool can_wait = false;  // only HTTP requests wait; in-process Invoke answers at once
  // An HTTP request that may not wait because the pending long polls are at their bound
  // (ResourceLimits::max_pending_polls): answer now, or refuse if the answer needs waiting.
  bool wait_refused = false;
  std::optional<Clock::TimePoint> poll_deadline;
  std::string poll_key;  // with poll_deadline: the key that WaitFor named in the previous run
  std::optional<std::pair<std::string, Clock::TimePoint>> wait_request;
  std::optional<Clock::TimePoint> wake_at;
  void WaitFor(std::string key, Clock::TimePoint deadline,
               std::optional<Clock::TimePoint> wake = std::nullopt) {
    wait_request.emplace(std::move(key), deadline);
    wake_at = wake;
  }
};

}  // namespace terrarium
