#include "emulator/services/cloudformation/exports.h"

#include <algorithm>

namespace terrarium::services::cloudformation {

std::map<std::string, ExportEntry, std::less<>> CollectExports(storage::ReadTxn& txn,
                                                               const Scope& scope,
                                                               std::string_view except_stack_id) {
  std::map<std::string, ExportEntry, std::less<>> out;
  ScanStacks(txn, scope, [&](const StackRecord& stack) {
    if (stack.deleted() || stack.id() == except_stack_id) return true;
    for (const auto& output : stack.record.value("Outputs", nlohmann::json::array())) {
      if (!output.contains("ExportName")) continue;
      std::string name = output["ExportName"].get<std::string>();
      out[name] = {name, output.value("OutputValue", ""), stack.id(), stack.name()};
    }
    return true;
  });
  return out;
}

std::vector<std::string> ImportersOf(storage::ReadTxn& txn, const Scope& scope,
                                     std::string_view export_name,
                                     std::string_view except_stack_id) {
  std::vector<std::string> out;
  ScanStacks(txn, scope, [&](const StackRecord& stack) {
    if (stack.deleted() || stack.id() == except_stack_id) return true;
    for (const auto& name : stack.record.value("Imports", nlohmann::json::array())) {
      if (name == export_name) out.push_back(stack.name());
    }
    return true;
  });
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace terrarium::services::cloudformation
