// The versioning rules for writing and deleting a key's versions, on the objects table (the
// current version of each key) and the versions table (noncurrent versions, newest first).
// Invariant: a key has a row in the objects table whenever it has any version at all.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "emulator/storage/store.h"

namespace terrarium::services::s3 {

// The key's current version (perhaps a delete marker), or nullopt.
std::optional<nlohmann::json> CurrentVersion(storage::ReadTxn& txn, const nlohmann::json& bucket,
                                             std::string_view key);
// A specific version ("null" included), current or not.
std::optional<nlohmann::json> FindVersion(storage::ReadTxn& txn, const nlohmann::json& bucket,
                                          std::string_view key, std::string_view version_id);

// Makes `record` (with "Key") the key's current version as the bucket's versioning state says:
// unversioned and suspended buckets replace the "null" version, enabled ones keep the previous
// version as noncurrent. Sets "VersionId" and "Seq" in `record`. The caller holds the
// reference on the record's blob.
void PutCurrentVersion(storage::WriteTxn& txn, storage::BlobStore& blobs,
                       const nlohmann::json& bucket, nlohmann::json& record);

// Rewrites one version's record in place (tags, ACL): the current one when `version_id` is
// empty. Returns the updated record, or nullopt when there is no such version.
std::optional<nlohmann::json> UpdateVersion(storage::WriteTxn& txn, const nlohmann::json& bucket,
                                            std::string_view key, std::string_view version_id,
                                            const std::function<void(nlohmann::json&)>& change);

struct DeleteResult {
  bool delete_marker = false;  // a delete marker was created or removed
  std::string version_id;      // of the marker created, or of the version removed
};

// DeleteObject without a version id: removes the object (unversioned) or adds a delete marker.
DeleteResult DeleteCurrent(storage::WriteTxn& txn, storage::BlobStore& blobs,
                           const nlohmann::json& bucket, std::string_view key, double now);
// DeleteObject with a version id: removes that version for good; a removed current version is
// replaced by the newest noncurrent one.
DeleteResult DeleteVersion(storage::WriteTxn& txn, storage::BlobStore& blobs,
                           const nlohmann::json& bucket, std::string_view key,
                           std::string_view version_id);

}  // namespace terrarium::services::s3
