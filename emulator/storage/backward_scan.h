// Reading a table's keys in reverse order: a capability of a transaction beside ReadTxn. The
// LMDB store's transactions have it (a cursor walking backwards, so a scan costs what it visits
// however many keys follow its start); for any other ReadTxn, ScanBackward falls back to
// collecting the prefix forward and reversing it.
#pragma once

#include <string_view>

#include "emulator/storage/store.h"

namespace terrarium::storage {

class BackwardScan {
 public:
  virtual ~BackwardScan() = default;
  // Keys of `table` that start with `prefix`, in reverse byte order, beginning just before
  // `start_before` (or at the last key with the prefix when `start_before` is empty).
  virtual void ScanBackward(std::string_view table, std::string_view prefix,
                            std::string_view start_before, const ScanFn& fn) = 0;
};

// The transaction's own backward scan, or the fallback described above.
void ScanBackward(ReadTxn& txn, std::string_view table, std::string_view prefix,
                  std::string_view start_before, const ScanFn& fn);

}  // namespace terrarium::storage
