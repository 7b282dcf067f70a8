// Where Lambda functions live in the store: one JSON record per function,
//   {"Configuration": <FunctionConfiguration of $LATEST>, "Tags": {...}, "CodeHex": <blob sha>}
// under "<account>/<region>/function/<name>" in table lambda.functions.
#pragma once

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

// Up to `limit` records after the function named `after` (empty: from the start), by name.
std::vector<nlohmann::json> ListFunctionRecords(storage::Store& store, const Scope& scope,
                                                const std::string& after, size_t limit);

}  // namespace terrarium::services::lambda
