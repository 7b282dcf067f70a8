// The table of implemented operations: (service, operation) -> handler. Services fill it through
// the registry in app/; the dispatcher and `terrarium coverage` read it.
#pragma once

#include <functional>
#include <initializer_list>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "emulator/core/http_message.h"
#include "emulator/core/request_context.h"

namespace terrarium::dispatch {

// Takes the operation's input shape and returns its output shape, both keyed by model member
// names; throws AwsError. Never sees HTTP.
using Handler = std::function<nlohmann::json(RequestContext&, const nlohmann::json&)>;

// What a service does with the HTTP exchange itself, around its operations (S3 refuses expired
// presigned URLs before a request is decoded and adds CORS headers to every answer). Both run
// on the dispatcher's thread for every request routed to the service.
struct HttpHooks {
  // Before the request is decoded; throws AwsError to refuse it.
  std::function<void(const HttpRequest&, const RequestContext&)> before;
  // On every answer (output or error); may add headers. Must not throw.
  std::function<void(const HttpRequest&, const RequestContext&, HttpResponse&)> after;
  // Optional, on the server's thread before a large body is read (BodyPolicy::observe): an
  // observer of the body's bytes as they arrive, or null.
  std::function<std::shared_ptr<BodyObserver>(const HttpRequest& head)> observe_body;
};

struct OperationRow {
  const char* operation;
  Handler handler;
};

class OperationTable {
 public:
  // Registers one row per operation; an operation registered twice is a programming error.
  void Register(const std::string& service, std::initializer_list<OperationRow> rows);
  void Register(const std::string& service, const std::string& operation, Handler handler);
  // nullptr when the operation has no handler.
  const Handler* Find(std::string_view service, std::string_view operation) const;
  // Sets the HTTP hooks of `service`; nullptr from Hooks when it has none.
  void SetHttpHooks(const std::string& service, HttpHooks hooks);
  const HttpHooks* Hooks(std::string_view service) const;
  // Names of the implemented operations of `service`, sorted.
  std::vector<std::string> Implemented(std::string_view service) const;

  // Makes the dispatcher check every input of `service` against the model's constraints before
  // its handler runs, answering violations with `error_code` (e.g. "ValidationException").
  void ValidateWithModel(const std::string& service, std::string error_code);
  // The validation error code of `service`, or nullptr when it does its own validation.
  const std::string* ValidationErrorCode(std::string_view service) const;

 private:
  std::map<std::pair<std::string, std::string>, Handler, std::less<>> handlers_;
  std::map<std::string, std::string, std::less<>> validation_codes_;
  std::map<std::string, HttpHooks, std::less<>> hooks_;
};

}  // namespace terrarium::dispatch
