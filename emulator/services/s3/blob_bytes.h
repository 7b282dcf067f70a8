// Where an S3 body's bytes are: a blob file of the store's BlobStore, or, for a small body, a row
// of kInlineBlobsTable. Both are named by the SHA-256 of the content and counted in
// kBlobRefsTable; a small body stored inline costs no file operations (creating a file on the
// store's filesystem was two thirds of a 1 KiB PutObject's CPU).
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

#include "emulator/storage/store.h"

namespace terrarium::services::s3 {

// Bodies up to this size are stored inline.
inline constexpr uint64_t kInlineBlobBytes = 16 * 1024;

// Visits the bytes [offset, offset + length) of blob `sha`, in chunks. False when the blob is
// gone (its last reference was dropped since the record naming it was read); throws
// InternalError when it is shorter than asked.
bool ReadBlob(storage::Store& store, const std::string& sha, uint64_t offset, uint64_t length,
              const std::function<void(std::string_view)>& fn);

}  // namespace terrarium::services::s3
