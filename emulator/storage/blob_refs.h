// Blobs shared between services. The blob store is content-addressed, so an S3 object body and
// a Lambda package with the same bytes (a function deployed from that object) are one file.
// Each service counts its references in its own table named `<service>.blob_refs` (key: the
// SHA-256 hex, value: the count in decimal); a file goes only when no such table counts it.
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
