#include "emulator/dispatch/operation_table.h"

#include <stdexcept>
#include <string_view>
#include <utility>

namespace terrarium::dispatch {

void OperationTable::Register(const std::string& service,
                              std::initializer_list<OperationRow> rows) {
  for (const auto& row : rows) Register(service, row.operation, row.handler);
}

void OperationTable::Register(const std::string& service, const std::string& operation,
                              Handler handler) {
  auto [it, inserted] = handlers_.emplace(std::make_pair(service, operation), std::move(handler));
  if (!inserted) throw std::logic_error("operation registered twice: " + service + "." + operation);
}

namespace {

// Looks a (service, operation) row up without building a pair of strings for every request
// (the table's std::less<> finds these comparisons by argument-dependent lookup).
struct OperationLookupKey {
  std::string_view service;
  std::string_view operation;

  friend bool operator<(const OperationLookupKey& key,
                        const std::pair<std::string, std::string>& row) {
    return std::pair(key.service, key.operation) <
           std::pair(std::string_view(row.first), std::string_view(row.second));
  }
  friend bool operator<(const std::pair<std::string, std::string>& row,
                        const OperationLookupKey& key) {
    return std::pair(std::string_view(row.first), std::string_view(row.second)) <
           std::pair(key.service, key.operation);
  }
};

}  // namespace

const Handler* OperationTable::Find(std::string_view service, std::string_view operation) const {
  auto it = handlers_.find(OperationLookupKey{service, operation});
  return it == handlers_.end() ? nullptr : &it->second;
}

void OperationTable::SetHttpHooks(const std::string& service, HttpHooks hooks) {
  hooks_[service] = std::move(hooks);
}

const HttpHooks* OperationTable::Hooks(std::string_view service) const {
  auto it = hooks_.find(service);
  return it == hooks_.end() ? nullptr : &it->second;
}

std::vector<std::string> OperationTable::Implemented(std::string_view service) const {
  std::vector<std::string> names;
  for (const auto& [key, handler] : handlers_) {
    if (key.first == service) names.push_back(key.second);
  }
  return names;
}

void OperationTable::ValidateWithModel(const std::string& service, std::string error_code) {
  validation_codes_[service] = std::move(error_code);
}

const std::string* OperationTable::ValidationErrorCode(std::string_view service) const {
  auto it = validation_codes_.find(service);
  return it == validation_codes_.end() ? nullptr : &it->second;
}

}  // namespace terrarium::dispatch
