// S3 object lock on objects: retention and legal hold, per version.
// Parity notes: settings are recorded and reported, not enforced (a locked version can still be
// deleted or overwritten).
#include "emulator/services/s3/errors.h"
#include "emulator/services/s3/object_versions.h"
#include "emulator/services/s3/operations.h"
#include "emulator/services/s3/s3_store.h"
#include "emulator/storage/json_table.h"

namespace terrarium::services::s3 {
namespace {

using nlohmann::json;

// Loads (and with `change`, rewrites) the version an object lock call names.
json LockedObject(RequestContext& ctx, const json& input,
                  const std::function<void(json&)>& change) {
  std::string key = input.at("Key");
  std::string version = input.value("VersionId", "");
  auto txn = ctx.store->BeginWrite();
  json bucket = RequireInputBucket(*txn, input);
  if (!storage::GetJson(*txn, kConfigTable, ConfigRow(bucket, "object-lock"))) {
    throw InvalidRequest("Bucket is missing Object Lock Configuration");
  }
  auto found =
      version.empty() ? CurrentVersion(*txn, bucket, key) : FindVersion(*txn, bucket, key, version);
  if (!found || found->value("IsDeleteMarker", false)) {
    if (!version.empty()) throw NoSuchVersion(key, version);
    throw NoSuchKey(key);
  }
  if (!change) return *found;
  json record = *UpdateVersion(*txn, bucket, key, found->value("VersionId", "null"), change);
  txn->Commit();
  return record;
}

AwsError NoLockConfiguration() {
  return AwsError("NoSuchObjectLockConfiguration",
                  "The specified object does not have a ObjectLock configuration", 404);
}

}  // namespace

json PutObjectRetention(RequestContext& ctx, const json& input) {
  json retention = input.value("Retention", json::object());
  LockedObject(ctx, input, [&](json& record) {
    if (retention.contains("Mode")) {
      record["ObjectLockMode"] = retention["Mode"];
      record["ObjectLockRetainUntilDate"] = retention.value("RetainUntilDate", 0.0);
    } else {
      record.erase("ObjectLockMode");
      record.erase("ObjectLockRetainUntilDate");
    }
  });
  return json::object();
}

json GetObjectRetention(RequestContext& ctx, const json& input) {
  json record = LockedObject(ctx, input, nullptr);
  if (!record.contains("ObjectLockMode")) throw NoLockConfiguration();
  return {{"Retention",
           {{"Mode", record["ObjectLockMode"]},
            {"RetainUntilDate", record["ObjectLockRetainUntilDate"]}}}};
}

json PutObjectLegalHold(RequestContext& ctx, const json& input) {
  std::string status = input.value("LegalHold", json::object()).value("Status", "");
  if (status != "ON" && status != "OFF") throw MalformedXml();
  LockedObject(ctx, input, [&](json& record) { record["ObjectLockLegalHoldStatus"] = status; });
  return json::object();
}

json GetObjectLegalHold(RequestContext& ctx, const json& input) {
  json record = LockedObject(ctx, input, nullptr);
  if (!record.contains("ObjectLockLegalHoldStatus")) throw NoLockConfiguration();
  return {{"LegalHold", {{"Status", record["ObjectLockLegalHoldStatus"]}}}};
}

}  // namespace terrarium::services::s3
