#include "emulator/services/lambda/function_store.h"

#include "emulator/core/aws_error.h"
#include "emulator/services/lambda/code_refs.h"
#include "emulator/services/lambda/function_name.h"
#include "emulator/storage/json_table.h"
#include "emulator/storage/keys.h"

namespace terrarium::services::lambda {
namespace {

constexpr const char* kFunctionTable = "lambda.functions";

std::string FunctionKey(const Scope& scope, const std::string& name) {
  return storage::ScopedKey(scope, "function/" + name);
}

}  // namespace

std::optional<nlohmann::json> LoadFunction(storage::ReadTxn& txn, const Scope& scope,
                                           const std::string& name) {
  return storage::GetJson(txn, kFunctionTable, FunctionKey(scope, name));
}

std::optional<nlohmann::json> LoadFunction(storage::Store& store, const Scope& scope,
                                           const std::string& name) {
  return LoadFunction(*store.BeginRead(), scope, name);
}

nlohmann::json RequireFunction(storage::Store& store, const Scope& scope, const std::string& name) {
  auto record = LoadFunction(store, scope, name);
  if (!record) {
    ThrowFunctionNotFound(scope, name);
  }
  return std::move(*record);
}

FunctionEdit::FunctionEdit(storage::Store& store, const Scope& scope, const std::string& name)
    : txn_(store.BeginWrite()), blobs_(&store.Blobs()), scope_(scope) {
  auto record = LoadFunction(*txn_, scope, name);
  if (!record) ThrowFunctionNotFound(scope, name);
  original_ = *record;
  record_ = std::move(*record);
}

void FunctionEdit::Save() {
  UpdateCodeRefs(*txn_, *blobs_, &original_, &record_);
  SaveFunction(*txn_, scope_, record_);
  txn_->Commit();
}

void SaveFunction(storage::WriteTxn& txn, const Scope& scope, const nlohmann::json& record) {
  storage::PutJson(txn, kFunctionTable, FunctionKey(scope, record["Configuration"]["FunctionName"]),
                   record);
}

bool EraseFunction(storage::WriteTxn& txn, const Scope& scope, const std::string& name) {
  return txn.Erase(kFunctionTable, FunctionKey(scope, name));
}

std::vector<nlohmann::json> ListFunctionRecords(storage::Store& store, const Scope& scope,
                                                const std::string& after, size_t limit) {
  std::vector<nlohmann::json> records;
  std::string prefix = storage::ScopedKey(scope, "function/");
  store.BeginRead()->Scan(kFunctionTable, prefix, after.empty() ? "" : prefix + after,
                          [&](std::string_view, std::string_view value) {
                            records.push_back(nlohmann::json::parse(value));
                            return records.size() < limit;
                          });
  return records;
}

}  // namespace terrarium::services::lambda
