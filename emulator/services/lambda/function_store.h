// Where Lambda functions live in the store: one JSON record per function,
//   {"Configuration": <FunctionConfiguration of $LATEST>, "Tags": {...}, "CodeHex": <blob sha>}
// under "<account>/<region>/function/<name>" in table lambda.functions.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "emulator/core/scope.h"
#include "emulator/storage/store.h"

namespace terrarium::services::lambda {

std::optional<nlohmann::json> LoadFunction(storage::Store& store, const Scope& scope,
                                           const std::string& name);
// Throws ResourceNotFoundException (AWS's wording) when the function does not exist.
nlohmann::json RequireFunction(storage::Store& store, const Scope& scope, const std::string& name);
void SaveFunction(storage::WriteTxn& txn, const Scope& scope, const nlohmann::json& record);
bool EraseFunction(storage::WriteTxn& txn, const Scope& scope, const std::string& name);
std::optional<nlohmann::json> LoadFunction(storage::ReadTxn& txn, const Scope& scope,
                                           const std::string& name);

// A function's record read and written back in one write transaction, so two changes to the
// same function at once (CloudFormation or Terraform creating an alias and a permission
// concurrently) never overwrite each other. Throws ResourceNotFoundException when the function
// does not exist. Nothing else may open a write transaction on this thread until Save or the
// end of the edit.
class FunctionEdit {
 public:
  FunctionEdit(storage::Store& store, const Scope& scope, const std::string& name);
  nlohmann::json& record() { return record_; }
  // The edit's transaction, for records kept beside the function (its URL index).
  storage::WriteTxn& txn() { return *txn_; }
  // Writes the record back (counting the packages it now names, code_refs.h) and commits.
  void Save();

 private:
  std::unique_ptr<storage::WriteTxn> txn_;
  storage::BlobStore* blobs_;
  Scope scope_;
  nlohmann::json original_;  // as read, to see which packages the edit dropped or added
  nlohmann::json record_;
};

// Up to `limit` records after the function named `after` (empty: from the start), by name.
std::vector<nlohmann::json> ListFunctionRecords(storage::Store& store, const Scope& scope,
                                                const std::string& after, size_t limit);

}  // namespace terrarium::services::lambda
