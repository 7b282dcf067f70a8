// Finding the object version a read (GetObject, HeadObject, GetObjectAttributes, a copy's
// source) asks for, with S3's answers for missing keys, versions and delete markers.
#pragma once

#include <nlohmann/json.hpp>

#include "emulator/core/request_context.h"
#include "emulator/storage/store.h"

namespace terrarium::services::s3 {

// The version found and its bucket.
struct FoundObject {
  nlohmann::json bucket;  // only Name, Account, Region and Versioning
  nlohmann::json record;
};

// Thrown instead of an error when a HEAD reached a delete marker: HeadObject answers it with
// the marker's headers and `status` (404 for the current version, 405 for a version id).
struct DeleteMarkerHead {
  int status;
  nlohmann::json marker;
};

// The version `input` names ("Bucket", "Key", optional "VersionId"). NoSuchBucket, NoSuchKey,
// NoSuchVersion or InvalidArgument when there is none; a delete marker gives NoSuchKey (404)
// or MethodNotAllowed (405, by version id) with x-amz-delete-marker, x-amz-version-id and
// Last-Modified headers, or DeleteMarkerHead when `head`.
FoundObject LoadObject(RequestContext& ctx, const nlohmann::json& input, bool head);
// The same, in the caller's read transaction (GetObject reads a small body in it too).
FoundObject LoadObject(storage::ReadTxn& txn, const nlohmann::json& input, bool head);

}  // namespace terrarium::services::s3
