// Where event source mappings live: one JSON record per mapping,
//   {"Configuration": <EventSourceMappingConfiguration>, "Enabled": bool, "Tags": {...},
//    "Scope": {"account", "region"}, "Positions": {<shard id>: <last sequence number read>}}
// under "<account>/<region>/esm/<uuid>" in table lambda.event_source_mappings.
#pragma once

#include <functional>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "emulator/core/scope.h"
#include "emulator/storage/store.h"

namespace terrarium::services::lambda {

std::optional<nlohmann::json> LoadMapping(storage::ReadTxn& txn, const Scope& scope,
                                          const std::string& uuid);
// Throws ResourceNotFoundException (AWS's wording) when there is no such mapping.
nlohmann::json RequireMapping(storage::Store& store, const Scope& scope, const std::string& uuid);
void SaveMapping(storage::WriteTxn& txn, const Scope& scope, const nlohmann::json& record);
bool EraseMapping(storage::WriteTxn& txn, const Scope& scope, const std::string& uuid);

// Every mapping of `scope` in UUID order after `after` (empty: from the start) until `fn` says
// stop.
void ScanMappings(storage::ReadTxn& txn, const Scope& scope, const std::string& after,
                  const std::function<bool(const nlohmann::json&)>& fn);
// Every mapping of every account and region (the pollers' view).
void ScanAllMappings(storage::ReadTxn& txn, const std::function<bool(const nlohmann::json&)>& fn);

// arn:aws:lambda:<region>:<account>:event-source-mapping:<uuid>
std::string MappingArn(const Scope& scope, const std::string& uuid);
// The UUID an event-source-mapping ARN names, if `arn` is one.
std::optional<std::string> MappingUuidOfArn(const std::string& arn);

}  // namespace terrarium::services::lambda
