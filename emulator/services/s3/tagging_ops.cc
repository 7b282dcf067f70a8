// S3 object tags and object ACLs.
// Parity notes: ACLs are recorded (canned names expanded into grants, or the document as PUT)
// and never enforced.
#include "emulator/services/s3/acl.h"
#include "emulator/services/s3/errors.h"
#include "emulator/services/s3/object_versions.h"
#include "emulator/services/s3/object_write.h"
#include "emulator/services/s3/operations.h"
#include "emulator/services/s3/s3_common.h"
#include "emulator/services/s3/s3_store.h"

namespace terrarium::services::s3 {
namespace {

using nlohmann::json;

// Loads or changes one version of an object; NoSuchKey/NoSuchVersion when it is not there (or
// is a delete marker).
json ChangeObject(RequestContext& ctx, const json& input, const std::function<void(json&)>& change,
                  json* bucket_out = nullptr) {
  std::string key = input.at("Key");
  std::string version = input.value("VersionId", "");
  auto txn = ctx.store->BeginWrite();
  json bucket = RequireInputBucket(*txn, input);
  auto found =
      version.empty() ? CurrentVersion(*txn, bucket, key) : FindVersion(*txn, bucket, key, version);
  if (!found || found->value("IsDeleteMarker", false)) {
    if (!version.empty()) throw NoSuchVersion(key, version);
    throw NoSuchKey(key);
  }
  json record = *found;
  if (change) {
    record = *UpdateVersion(*txn, bucket, key, found->value("VersionId", "null"), change);
    txn->Commit();
  }
  if (bucket_out != nullptr) *bucket_out = std::move(bucket);
  return record;
}

json WithVersion(const json& record, const json& bucket, json output) {
  if (VersioningConfigured(bucket)) output["VersionId"] = record.value("VersionId", "null");
  return output;
}

}  // namespace

json GetObjectTagging(RequestContext& ctx, const json& input) {
  json bucket;
  json record = ChangeObject(ctx, input, nullptr, &bucket);
  return WithVersion(record, bucket, {{"TagSet", record.value("Tags", json::array())}});
}

json PutObjectTagging(RequestContext& ctx, const json& input) {
  json tags = input.value("Tagging", json::object()).value("TagSet", json::array());
  ValidateTags(tags, 10);
  json bucket;
  json record = ChangeObject(
      ctx, input,
      [&](json& r) {
        if (tags.empty()) {
          r.erase("Tags");
        } else {
          r["Tags"] = tags;
        }
      },
      &bucket);
  return WithVersion(record, bucket, json::object());
}

json DeleteObjectTagging(RequestContext& ctx, const json& input) {
  json bucket;
  json record = ChangeObject(
      ctx, input, [](json& r) { r.erase("Tags"); }, &bucket);
  return WithVersion(record, bucket, json::object());
}

json GetObjectAcl(RequestContext& ctx, const json& input) {
  json bucket;
  json record = ChangeObject(ctx, input, nullptr, &bucket);
  if (record.contains("ACLPolicy")) return record["ACLPolicy"];
  return CannedAcl(record.value("ACL", "private"), bucket["Account"].get<std::string>());
}

json PutObjectAcl(RequestContext& ctx, const json& input) {
  std::string acl = input.value("ACL", "private");
  if (!IsCannedAcl(acl)) throw InvalidArgument("Invalid canned ACL", "x-amz-acl", acl);
  {
    auto txn = ctx.store->BeginRead();
    CheckAclAllowed(*txn, RequireInputBucket(*txn, input), acl,
                    input.contains("AccessControlPolicy"));
  }
  ChangeObject(ctx, input, [&](json& r) {
    r["ACL"] = acl;
    r.erase("ACLPolicy");
    if (input.contains("AccessControlPolicy")) r["ACLPolicy"] = input["AccessControlPolicy"];
  });
  return json::object();
}

}  // namespace terrarium::services::s3
