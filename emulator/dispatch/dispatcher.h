// Runs operations: from HTTP (route, decode with the service's codec, call the handler, encode)
// or in process through Invoke, which the IaC layer uses so that templates go through exactly
// the code the API serves.
#pragma once

#include <atomic>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "emulator/core/clock.h"
#include "emulator/core/http_message.h"
#include "emulator/core/limits.h"
#include "emulator/core/operation_invoker.h"
#include "emulator/core/scope.h"
#include "emulator/core/wait_hub.h"
#include "emulator/dispatch/operation_table.h"
#include "emulator/models/service_model.h"

namespace terrarium {
namespace storage {
class Store;
}

namespace dispatch {

// What the request log says about one request.
struct RequestSummary {
  std::string service;
  std::string operation;  // empty when the request never resolved to one
  int status = 0;
};

class Dispatcher : public OperationInvoker {
 public:
  Dispatcher(const OperationTable& table, storage::Store& store, const Clock& clock, WaitHub& waits,
             ResourceLimits limits = {});
  ~Dispatcher();

  // Answers an AWS API request. Never throws: every failure becomes the protocol's error.
  HttpResponse Handle(HttpRequest& request, RequestSummary& summary);

  // The largest body the request whose head this is may carry: its service's limit. Keeps the
  // route in `head.route`, for Handle.
  uint64_t BodyLimit(HttpRequest& head) const;
  // The service's answer, in its protocol's shape, to a body over BodyLimit; `size` is the
  // declared length when there is one.
  HttpResponse BodyTooLarge(const HttpRequest& head, std::optional<uint64_t> size) const;
  // The observer the request's service wants for a large body as it arrives (its HttpHooks'
  // observe_body), or null.
  std::shared_ptr<BodyObserver> ObserveBody(const HttpRequest& head) const;

  // Requests deferred (long polls) that have not answered yet.
  size_t PendingPolls() const { return pending_polls_.load(std::memory_order_relaxed); }

  // Runs `operation` of `service` in process with `input` (the operation's input shape) and
  // returns its output shape; throws AwsError exactly as the API would answer.
  nlohmann::json Invoke(std::string_view service, std::string_view operation,
                        const nlohmann::json& input, const Scope& scope = {});
  // The same with payloads beside the document (OperationInvoker).
  nlohmann::json Invoke(std::string_view service, std::string_view operation,
                        const nlohmann::json& input, const Scope& scope,
                        InvokePayloads payloads) override;

  // Whether a request for `service` has been served (health says "running" rather than
  // "available").
  bool Used(std::string_view service) const;

 private:
  struct Codecs;
  void MarkUsed(const std::string& service);
  // Throws the service's validation error when it opted in and `input` breaks the model.
  void Validate(const models::Operation& operation, const nlohmann::json& input,
                std::string_view service) const;

  const OperationTable& table_;
  storage::Store& store_;
  const Clock& clock_;
  WaitHub& waits_;
  const ResourceLimits limits_;
  // Long polls in progress: counted up when a fresh request defers, down when a deferred one
  // answers. Checked (not reserved) before a request runs, so concurrent requests can pass the
  // bound by at most the number of io threads minus one.
  std::atomic<size_t> pending_polls_{0};
  std::unique_ptr<Codecs> codecs_;
  mutable std::mutex used_mutex_;
  std::set<std::string, std::less<>> used_;
};

}  // namespace dispatch
}  // namespace terrarium
