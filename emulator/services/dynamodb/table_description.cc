#include "emulator/services/dynamodb/table_description.h"

#include "emulator/core/ids.h"

namespace terrarium::services::dynamodb {

std::string TableArn(const Scope& scope, const std::string& name) {
  return Arn("dynamodb", scope.region, scope.account, "table/" + name);
}

nlohmann::json ThroughputDescription(const nlohmann::json& throughput) {
  return {{"NumberOfDecreasesToday", 0},
          {"ReadCapacityUnits", throughput.value("ReadCapacityUnits", 0)},
          {"WriteCapacityUnits", throughput.value("WriteCapacityUnits", 0)}};
}

nlohmann::json DescribeWithCounts(storage::ReadTxn& txn, const TableInfo& table) {
  nlohmann::json description = table.record["Description"];
  TableStats stats = ReadStats(txn, table);
  description["ItemCount"] = stats.item_count;
  description["TableSizeBytes"] = stats.size_bytes;
  for (const char* list : {"GlobalSecondaryIndexes", "LocalSecondaryIndexes"}) {
    if (!description.contains(list)) continue;
    for (auto& index : description[list]) {
      // Index counters are not kept apart; the table's are a plausible upper bound.
      index["ItemCount"] = stats.item_count;
      index["IndexSizeBytes"] = stats.size_bytes;
    }
  }
  return description;
}

}  // namespace terrarium::services::dynamodb
