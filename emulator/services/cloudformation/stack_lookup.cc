#include <regex>

#include "emulator/core/aws_error.h"
#include "emulator/services/cloudformation/ops.h"

namespace terrarium::services::cloudformation {

StackRecord RequireStack(storage::ReadTxn& txn, const Scope& scope, const std::string& name_or_id) {
  auto stack = FindStack(txn, scope, name_or_id);
  if (!stack) throw AwsError("ValidationError", "Stack with id " + name_or_id + " does not exist");
  return std::move(*stack);
}

void CheckName(const std::string& value, const char* member) {
  static const std::regex kPattern("[a-zA-Z][-a-zA-Z0-9]*");
  if (value.size() <= 128 && std::regex_match(value, kPattern)) return;
  if (value.size() > 128) {
    throw AwsError("ValidationError", "1 validation error detected: Value '" + value + "' at '" +
                                          member +
                                          "' failed to satisfy constraint: Member must have "
                                          "length less than or equal to 128");
  }
  throw AwsError("ValidationError",
                 "1 validation error detected: Value '" + value + "' at '" + member +
                     "' failed to satisfy constraint: Member must satisfy regular expression "
                     "pattern: [a-zA-Z][-a-zA-Z0-9]*");
}

bool Updatable(const std::string& status) {
  return status == "CREATE_COMPLETE" || status == "UPDATE_COMPLETE" ||
         status == "UPDATE_ROLLBACK_COMPLETE" || status == "IMPORT_COMPLETE" ||
         status == "IMPORT_ROLLBACK_COMPLETE" || status == "UPDATE_FAILED" ||
         status == "CREATE_FAILED";
}

AwsError NotUpdatable(const StackRecord& stack) {
  return AwsError("ValidationError", "Stack:" + stack.id() + " is in " + stack.status() +
                                         " state and can not be updated.");
}

}  // namespace terrarium::services::cloudformation
