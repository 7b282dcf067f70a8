#include "emulator/services/dynamodb/ttl.h"

#include <vector>

#include "emulator/services/dynamodb/attribute_value.h"
#include "emulator/services/dynamodb/number.h"

namespace terrarium::services::dynamodb {
namespace {

constexpr double kFiveYears = 5 * 365.25 * 24 * 3600;

// Whether a TTL attribute's value `value` has expired at `now`.
bool TtlValueExpired(const nlohmann::json& value, double now) {
  if (TypeOf(value) != "N") return false;
  Number expiry = NumberOf(value);
  auto at = [](double seconds) {
    return *Number::Parse(std::to_string(static_cast<long long>(seconds)));
  };
  return expiry <= at(now) && expiry >= at(now - kFiveYears);
}

}  // namespace

bool IsExpired(const TableInfo& table, const nlohmann::json& item, double now) {
  if (table.ttl_attribute.empty()) return false;
  auto it = item.find(table.ttl_attribute);
  return it != item.end() && TtlValueExpired(*it, now);
}

bool IsExpired(const TableInfo& table, StoredItem& item, double now) {
  return !table.ttl_attribute.empty() && TtlValueExpired(item.ttl_value(), now);
}

void ExpireItem(storage::WriteTxn& txn, const TableInfo& table, const nlohmann::json& item,
                double now) {
  WriteItem(txn, table, item, std::nullopt, now,
            {{"PrincipalId", "dynamodb.amazonaws.com"}, {"Type", "Service"}});
}

size_t SweepExpiredItems(storage::Store& store, double now) {
  // Find the work in a read snapshot; delete in one write transaction.
  std::vector<std::pair<TableInfo, nlohmann::json>> expired;
  {
    auto txn = store.BeginRead();
    std::vector<TableInfo> tables;
    ForEachTable(*txn, [&](TableInfo table) {
      if (!table.ttl_attribute.empty()) {
        tables.push_back(std::move(table));
      }
    });
    for (const TableInfo& table : tables) {
      std::string prefix = KeyPrefix(table, nullptr);
      ScanOrdered(*txn, ItemsTable(nullptr), prefix, "", prefix.size(), "",
                  [&](std::string_view, std::string_view text) {
                    StoredItem item(text, "", table.ttl_attribute);
                    if (IsExpired(table, item, now)) expired.emplace_back(table, item.item());
                    return true;
                  });
    }
  }
  if (expired.empty()) return 0;
  auto txn = store.BeginWrite();
  size_t count = 0;
  for (const auto& [table, item] : expired) {
    // Written again since the snapshot? Then it is judged afresh.
    auto current = ReadItem(*txn, table, KeyOf(table.key, item));
    if (!current || !IsExpired(table, *current, now)) continue;
    ExpireItem(*txn, table, *current, now);
    ++count;
  }
  txn->Commit();
  return count;
}

}  // namespace terrarium::services::dynamodb
