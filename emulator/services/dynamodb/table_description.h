// TableDescription as DescribeTable returns it: the stored description plus live counters.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "emulator/core/scope.h"
#include "emulator/services/dynamodb/table_store.h"

namespace terrarium::services::dynamodb {

std::string TableArn(const Scope& scope, const std::string& name);
nlohmann::json DescribeWithCounts(storage::ReadTxn& txn, const TableInfo& table);
// "ReadCapacityUnits"/"WriteCapacityUnits" description of a throughput (0/0 when absent).
nlohmann::json ThroughputDescription(const nlohmann::json& throughput);

}  // namespace terrarium::services::dynamodb
