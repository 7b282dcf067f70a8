#include "emulator/storage/blob_refs.h"

namespace terrarium::storage {

void RemoveBlobIfUnreferenced(WriteTxn& txn, BlobStore& blobs, std::string_view sha) {
  for (const std::string& table : txn.Tables()) {
    if (table.ends_with(kBlobRefsSuffix) && txn.Get(table, sha)) return;
  }
  blobs.Remove(sha);
}

}  // namespace terrarium::storage
