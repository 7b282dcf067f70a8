#include "emulator/services/s3/object_write.h"

#include <cmath>
#include <optional>
#include <set>

#include "emulator/core/url.h"
#include "emulator/services/s3/errors.h"
#include "emulator/services/s3/notifications.h"
#include "emulator/services/s3/object_versions.h"
#include "emulator/services/s3/s3_common.h"
#include "emulator/services/s3/s3_store.h"

namespace terrarium::services::s3 {

using nlohmann::json;

namespace {

// Members copied verbatim from an upload's input into the record and back into answers.
constexpr const char* kStoredMembers[] = {"CacheControl",
                                          "ContentDisposition",
                                          "ContentLanguage",
                                          "Expires",
                                          "WebsiteRedirectLocation",
                                          "SSEKMSKeyId",
                                          "BucketKeyEnabled",
                                          "ObjectLockMode",
                                          "ObjectLockRetainUntilDate",
                                          "ObjectLockLegalHoldStatus"};

std::string WithoutAwsChunked(const std::string& encoding) {
  std::string out;
  for (const std::string& item : SplitCommaList(encoding)) {
    if (item != "aws-chunked") out += (out.empty() ? "" : ",") + item;
  }
  return out;
}

}  // namespace

json ObjectAttributesFromInput(const json& input) {
  json record = json::object();
  for (const char* member : kStoredMembers) {
    if (auto it = input.find(member); it != input.end()) record[member] = *it;
  }
  record["ContentType"] = input.value("ContentType", "binary/octet-stream");
  if (std::string encoding = WithoutAwsChunked(input.value("ContentEncoding", ""));
      !encoding.empty()) {
    record["ContentEncoding"] = encoding;
  }
  if (auto it = input.find("Metadata"); it != input.end() && !it->empty()) {
    record["Metadata"] = *it;
  }
  std::string storage_class = input.value("StorageClass", "STANDARD");
  if (storage_class != "STANDARD") record["StorageClass"] = storage_class;
  record["ServerSideEncryption"] = input.value("ServerSideEncryption", "AES256");
  if (auto it = input.find("Tagging"); it != input.end()) {
    json tags = ParseTaggingHeader(it->get<std::string>());
    if (!tags.empty()) record["Tags"] = tags;
  }
  if (auto it = input.find("ACL"); it != input.end()) record["ACL"] = *it;
  return record;
}

json ObjectHeaders(const json& record, const json& bucket) {
  json out = json::object();
  for (const char* member : kStoredMembers) {
    if (auto it = record.find(member); it != record.end()) out[member] = *it;
  }
  for (const char* member : {"ContentType", "ContentEncoding", "Metadata", "StorageClass",
                             "ServerSideEncryption", "ETag", "LastModified"}) {
    if (auto it = record.find(member); it != record.end()) out[member] = *it;
  }
  out["AcceptRanges"] = "bytes";
  out["ContentLength"] = record.value("Size", uint64_t{0});
  if (VersioningConfigured(bucket) || record.value("VersionId", "null") != "null") {
    out["VersionId"] = record.value("VersionId", "null");
  }
  if (auto it = record.find("Tags"); it != record.end() && !it->empty()) {
    out["TagCount"] = it->size();
  }
  if (auto it = record.find("PartSizes"); it != record.end()) out["PartsCount"] = it->size();
  return out;
}

std::pair<json, json> CommitObject(RequestContext& ctx, const std::string& bucket_name, json record,
                                   const json& input, const IngestedBody* new_body,
                                   const AlsoInTxn& also) {
  try {
    auto txn = ctx.store->BeginWrite();
    json bucket = RequireBucket(*txn, bucket_name, kObjectBucketMembers);
    std::string key = record.at("Key");
    // The current version matters here only to conditional writes (PutCurrentVersion reads what
    // it needs of it).
    std::optional<json> current;
    if (input.contains("IfNoneMatch") || input.contains("IfMatch")) {
      current = CurrentVersion(*txn, bucket, key);
    }
    bool exists = current && !current->value("IsDeleteMarker", false);
    if (auto it = input.find("IfNoneMatch"); it != input.end()) {
      std::string value = *it;
      if (value != "*") {
        throw NotImplementedError("s3", "conditional writes with If-None-Match other than *");
      }
      if (exists) throw PreconditionFailed("If-None-Match");
    }
    if (auto it = input.find("IfMatch"); it != input.end()) {
      if (!exists) throw NoSuchKey(key);
      if (!EtagMatches(it->get<std::string>(), current->value("ETag", ""))) {
        throw PreconditionFailed("If-Match");
      }
    }
    // The new reference comes first: `also` may drop parts that share the object's blob.
    if (new_body) {
      RefNewBody(*txn, ctx.store->Blobs(), *new_body);
    } else {
      RefBlob(*txn, ctx.store->Blobs(), record.at("Blob"));
    }
    if (also) also(*txn, bucket);
    PutCurrentVersion(*txn, ctx.store->Blobs(), bucket, record);
    auto notification = LoadNotificationTargets(*txn, bucket);
    txn->Commit();
    if (notification) NotifyObjectCreated(ctx, *notification, bucket, record);
    return {std::move(record), std::move(bucket)};
  } catch (...) {
    if (new_body) DiscardNewBody(*ctx.store, *new_body);
    throw;
  }
}

CopySource ParseCopySource(const std::string& header) {
  std::string text = header;
  std::string version;
  if (auto q = text.find('?'); q != std::string::npos) {
    for (const auto& [name, value] : ParseQuery(text.substr(q + 1))) {
      if (name == "versionId") version = value;
    }
    text.resize(q);
  }
  text = PercentDecode(text);
  if (!text.empty() && text.front() == '/') text.erase(0, 1);
  auto slash = text.find('/');
  if (slash == std::string::npos || slash == 0 || slash + 1 == text.size()) {
    throw InvalidArgument("Invalid copy source object key", "x-amz-copy-source", header);
  }
  return {text.substr(0, slash), text.substr(slash + 1), version};
}

void CheckCopySourceConditions(const json& input, const json& record) {
  std::string etag = record.value("ETag", "");
  double modified = std::floor(record.value("LastModified", 0.0));
  bool match_ok = false;
  if (auto it = input.find("CopySourceIfMatch"); it != input.end()) {
    if (!EtagMatches(it->get<std::string>(), etag)) {
      throw PreconditionFailed("x-amz-copy-source-If-Match");
    }
    match_ok = true;
  }
  if (auto it = input.find("CopySourceIfUnmodifiedSince"); it != input.end() && !match_ok) {
    if (modified > it->get<double>()) {
      throw PreconditionFailed("x-amz-copy-source-If-Unmodified-Since");
    }
  }
  if (auto it = input.find("CopySourceIfNoneMatch"); it != input.end()) {
    if (EtagMatches(it->get<std::string>(), etag)) {
      throw PreconditionFailed("x-amz-copy-source-If-None-Match");
    }
  }
  if (auto it = input.find("CopySourceIfModifiedSince"); it != input.end()) {
    if (modified <= it->get<double>()) {
      throw PreconditionFailed("x-amz-copy-source-If-Modified-Since");
    }
  }
}

json ParseTaggingHeader(const std::string& header) {
  json tags = json::array();
  for (const auto& [key, value] : ParseQuery(header)) {
    tags.push_back({{"Key", key}, {"Value", value}});
  }
  ValidateTags(tags, 10);
  return tags;
}

void ValidateTags(const json& tags, size_t max) {
  if (tags.size() > max) {
    throw AwsError("BadRequest", "Object tags cannot be greater than " + std::to_string(max), 400);
  }
  std::set<std::string> seen;
  for (const json& tag : tags) {
    std::string key = tag.value("Key", "");
    std::string value = tag.value("Value", "");
    if (key.empty() || key.size() > 128) {
      throw AwsError("InvalidTag", "The TagKey you have provided is invalid", 400)
          .With("TagKey", key);
    }
    if (value.size() > 256) {
      throw AwsError("InvalidTag", "The TagValue you have provided is invalid", 400)
          .With("TagKey", key)
          .With("TagValue", value);
    }
    if (!seen.insert(key).second) {
      throw AwsError("InvalidTag", "Cannot provide multiple Tags with the same key", 400)
          .With("TagKey", key);
    }
  }
}

}  // namespace terrarium::services::s3
