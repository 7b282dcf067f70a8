#include "emulator/services/s3/object_read.h"

#include "emulator/services/s3/errors.h"
#include "emulator/services/s3/object_versions.h"
#include "emulator/services/s3/s3_store.h"

namespace terrarium::services::s3 {
namespace {

using nlohmann::json;

// The headers AWS adds to the 404 or 405 of a read that reached a delete marker (header members
// of NoSuchKey and MethodNotAllowed in overrides/s3.json).
AwsError WithDeleteMarkerHeaders(AwsError error, const json& marker) {
  error.With("DeleteMarker", true).With("VersionId", marker.value("VersionId", "null"));
  if (auto it = marker.find("LastModified"); it != marker.end()) error.With("LastModified", *it);
  return error;
}

}  // namespace

FoundObject LoadObject(RequestContext& ctx, const json& input, bool head) {
  auto txn = ctx.store->BeginRead();
  return LoadObject(*txn, input, head);
}

FoundObject LoadObject(storage::ReadTxn& txn, const json& input, bool head) {
  std::string key = input.at("Key");
  json bucket = RequireInputBucket(txn, input, kObjectBucketMembers);
  if (auto version = input.find("VersionId"); version != input.end()) {
    std::string id = *version;
    auto record = FindVersion(txn, bucket, key, id);
    if (!record) {
      if (id != "null" && id.size() != 32) {
        throw InvalidArgument("Invalid version id specified", "versionId", id);
      }
      throw NoSuchVersion(key, id);
    }
    if (record->value("IsDeleteMarker", false)) {
      if (head) throw DeleteMarkerHead{405, *record};
      throw WithDeleteMarkerHeaders(MethodNotAllowed("GET", "DeleteMarker"), *record);
    }
    return {std::move(bucket), std::move(*record)};
  }
  auto record = CurrentVersion(txn, bucket, key);
  if (!record) throw NoSuchKey(key);
  if (record->value("IsDeleteMarker", false)) {
    if (head) throw DeleteMarkerHead{404, *record};
    throw WithDeleteMarkerHeaders(NoSuchKey(key), *record);
  }
  return {std::move(bucket), std::move(*record)};
}

}  // namespace terrarium::services::s3
