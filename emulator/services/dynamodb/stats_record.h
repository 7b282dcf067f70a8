// The per-table counters record (dynamodb.stats, see table_store.h) as text. Every item write
// reads and rewrites it, so it is read and written by hand rather than through a JSON DOM (3-4 µs
// of a PutItem). The text is what nlohmann::json dumps for the same record, so records written
// before read the same and either reader reads the other's.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "emulator/services/dynamodb/table_store.h"

namespace terrarium::services::dynamodb {

std::string StatsRecordText(const TableStats& stats);
// nullopt when `text` is not in the form StatsRecordText writes (then read it as JSON).
std::optional<TableStats> ParseStatsRecordText(std::string_view text);

}  // namespace terrarium::services::dynamodb
