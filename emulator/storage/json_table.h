// JSON values in store tables: what every service keeps. Values are written with sorted keys
// (nlohmann::json objects are ordered maps), so snapshots are deterministic.
#pragma once

#include <optional>
#include <string_view>

#include <nlohmann/json.hpp>

#include "emulator/core/json_text.h"
#include "emulator/storage/store.h"

namespace terrarium::storage {

inline std::optional<nlohmann::json> GetJson(ReadTxn& txn, std::string_view table,
                                             std::string_view key) {
  auto text = txn.Get(table, key);
  if (!text) return std::nullopt;
  return nlohmann::json::parse(*text);
}

inline void PutJson(WriteTxn& txn, std::string_view table, std::string_view key,
                    const nlohmann::json& value) {
  txn.Put(table, key, CompactJson(value));
}

}  // namespace terrarium::storage
