// The table of implemented operations: (service, operation) -> handler. Services fill it through
// the registry in app/; the dispatcher and `terrarium coverage` read it.
#pragma once

#include <functional>
#include <initializer_list>
#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "emulator/core/request_context.h"

namespace terrarium::dispatch {

// Takes the operation's input shape and returns its output shape, both keyed by model member
// names; throws AwsError. Never sees HTTP.
using Handler = std::function<nlohmann::json(RequestContext&, const nlohmann::json&)>;

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
};

}  // namespace terrarium::dispatch
