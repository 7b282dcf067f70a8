// Where an S3 body's bytes are: a blob file of the store's BlobStore, or, for a small body, a row
// of kInlineBlobsTable. Inline bodies are named by the SHA-256 of the content (equal small bodies
// share a row), files written since 2026-11-27 at random (no hash of a large body to compute;
// older ones by SHA-256); both are counted in kBlobRefsTable. A small body stored inline costs
// no file operations (creating a file on the store's filesystem was two thirds of a 1 KiB
// PutObject's CPU).
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
// `txn`: a read transaction already open (the one the record was read in) to look for the inline
// row in, instead of a new one.
bool ReadBlob(storage::Store& store, const std::string& sha, uint64_t offset, uint64_t length,
              const std::function<void(std::string_view)>& fn, storage::ReadTxn* txn = nullptr);

}  // namespace terrarium::services::s3
