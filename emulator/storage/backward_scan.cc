#include "emulator/storage/backward_scan.h"

#include <string>
#include <utility>
#include <vector>

namespace terrarium::storage {

void ScanBackward(ReadTxn& txn, std::string_view table, std::string_view prefix,
                  std::string_view start_before, const ScanFn& fn) {
  if (auto* backward = dynamic_cast<BackwardScan*>(&txn)) {
    backward->ScanBackward(table, prefix, start_before, fn);
    return;
  }
  std::vector<std::pair<std::string, std::string>> pairs;
  txn.Scan(table, prefix, "", [&](std::string_view key, std::string_view value) {
    if (!start_before.empty() && key >= start_before) return false;
    pairs.emplace_back(key, value);
    return true;
  });
  for (auto it = pairs.rbegin(); it != pairs.rend(); ++it) {
    if (!fn(it->first, it->second)) return;
  }
}

}  // namespace terrarium::storage
