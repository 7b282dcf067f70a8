// Parsed table records (storage/parsed_records.h): every item request reads its table's record,
// the whole table description (about 1-3 KB of JSON).
#pragma once

#include "emulator/services/dynamodb/table_store.h"
#include "emulator/storage/parsed_records.h"

namespace terrarium::services::dynamodb {

using TableCache = storage::ParsedRecords<TableInfo>;

}  // namespace terrarium::services::dynamodb
