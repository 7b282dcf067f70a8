// Blobs shared between services. Blobs named by content (PutBytes, AdoptFile) are shared by
// equal bytes: two Lambda packages with the same zip are one file (S3 names its file bodies at
// random, so they are shared only by the S3 copies, versions and parts that refer to them).
// Each service counts its references in its own table named `<service>.blob_refs` (key: the
// blob's name, value: the count in decimal); a file goes only when no such table counts it.
#pragma once

#include <string_view>

#include "emulator/storage/store.h"

namespace terrarium::storage {

// What the tables of reference counts end with.
inline constexpr std::string_view kBlobRefsSuffix = ".blob_refs";

// Removes the blob `sha` unless a `*.blob_refs` table counts it. Called inside the write
// transaction that dropped the caller's last reference, so no writer can take one meanwhile.
void RemoveBlobIfUnreferenced(WriteTxn& txn, BlobStore& blobs, std::string_view sha);

}  // namespace terrarium::storage
