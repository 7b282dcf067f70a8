// Outputs exported by live stacks (Export: Name) and the stacks that import them
// (Fn::ImportValue); both are derived from the stack records, so they can never disagree.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "emulator/services/cloudformation/stack_store.h"

namespace terrarium::services::cloudformation {

struct ExportEntry {
  std::string name;
  std::string value;
  std::string stack_id;
  std::string stack_name;
};

// Every export of the live stacks of `scope` by name, leaving out `except_stack_id`'s own.
std::map<std::string, ExportEntry, std::less<>> CollectExports(
    storage::ReadTxn& txn, const Scope& scope, std::string_view except_stack_id = {});

// Names of the live stacks (other than `except_stack_id`) that import `export_name`, sorted.
std::vector<std::string> ImportersOf(storage::ReadTxn& txn, const Scope& scope,
                                     std::string_view export_name,
                                     std::string_view except_stack_id = {});

}  // namespace terrarium::services::cloudformation
