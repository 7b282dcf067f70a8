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
      IndexStats counts;
      if (auto it = stats.indexes.find(index.value("IndexName", "")); it != stats.indexes.end()) {
        counts = it->second;
      }
      index["ItemCount"] = counts.item_count;
      index["IndexSizeBytes"] = counts.size_bytes;
    }
  }
  return description;
}

}  // namespace terrarium::services::dynamodb
