// What PutObject, CopyObject and CompleteMultipartUpload share: building an object record from
// the request's headers and committing it as the key's new version under the conditional-write
// headers (If-None-Match: *, If-Match: <etag>).
#pragma once

#include <functional>
#include <string>

#include <nlohmann/json.hpp>

#include "emulator/core/request_context.h"
#include "emulator/services/s3/body_ingest.h"
#include "emulator/storage/store.h"

namespace terrarium::services::s3 {

// The stored headers of a new object from an upload request: content headers, user metadata,
// storage class, encryption, tags (x-amz-tagging), object lock settings.
nlohmann::json ObjectAttributesFromInput(const nlohmann::json& input);
// The headers GetObject and HeadObject answer with for `record`.
nlohmann::json ObjectHeaders(const nlohmann::json& record, const nlohmann::json& bucket);

// Makes `record` (with "Key" and "Blob") the key's new version. `new_body`: the body stored for
// this request (nullptr when the record refers to a blob already stored): stored inline when it
// is small, removed if the write fails and nothing else refers to it.
// `also` runs in the same transaction (CompleteMultipartUpload drops its upload there).
// Returns the stored record (with "VersionId") and the bucket (kObjectBucketMembers only, as
// `also` gets it).
using AlsoInTxn = std::function<void(storage::WriteTxn& txn, const nlohmann::json& bucket)>;
std::pair<nlohmann::json, nlohmann::json> CommitObject(
    RequestContext& ctx, const std::string& bucket_name, nlohmann::json record,
    const nlohmann::json& input, const IngestedBody* new_body, const AlsoInTxn& also = nullptr);

// x-amz-copy-source: "[/]bucket/key[?versionId=..]", URL-encoded.
struct CopySource {
  std::string bucket;
  std::string key;
  std::string version_id;
};
CopySource ParseCopySource(const std::string& header);
// x-amz-copy-source-if-* against the source object (412 PreconditionFailed).
void CheckCopySourceConditions(const nlohmann::json& input, const nlohmann::json& record);

// "k1=v1&k2=v2" (x-amz-tagging) -> [{"Key","Value"}], validated (InvalidTag).
nlohmann::json ParseTaggingHeader(const std::string& header);
// Checks a TagSet: at most `max` tags, key and value lengths, unique keys.
void ValidateTags(const nlohmann::json& tags, size_t max);

}  // namespace terrarium::services::s3
