// Runs operations: from HTTP (route, decode with the service's codec, call the handler, encode)
// or in process through Invoke, which the IaC layer uses so that templates go through exactly
// the code the API serves.
#pragma once

#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "emulator/core/clock.h"
#include "emulator/core/http_message.h"
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
  Dispatcher(const OperationTable& table, storage::Store& store, const Clock& clock,
             WaitHub& waits);
  ~Dispatcher();

  // Answers an AWS API request. Never throws: every failure becomes the protocol's error.
  HttpResponse Handle(HttpRequest& request, RequestSummary& summary);

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
  std::unique_ptr<Codecs> codecs_;
  mutable std::mutex used_mutex_;
  std::set<std::string, std::less<>> used_;
};

}  // namespace dispatch
}  // namespace terrarium
