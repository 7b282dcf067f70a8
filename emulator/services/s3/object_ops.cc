// S3 objects: put, get, head, delete (one and many), copy.
// Parity notes: signatures (including aws-chunked chunk signatures) are not checked. Objects
// are stored unencrypted whatever x-amz-server-side-encryption says (the header is echoed).
// A 412 answer carries no ETag/Last-Modified headers. SSE-C is not supported.
#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <optional>
#include <system_error>
#include <tuple>

#include "emulator/core/timestamp.h"
#include "emulator/services/s3/acl.h"
#include "emulator/services/s3/blob_bytes.h"
#include "emulator/services/s3/body_ingest.h"
#include "emulator/services/s3/byte_range.h"
#include "emulator/services/s3/checksums.h"
#include "emulator/services/s3/errors.h"
#include "emulator/services/s3/notifications.h"
#include "emulator/services/s3/object_keys.h"
#include "emulator/services/s3/object_read.h"
#include "emulator/services/s3/object_versions.h"
#include "emulator/services/s3/object_write.h"
#include "emulator/services/s3/operations.h"
#include "emulator/services/s3/s3_common.h"
#include "emulator/services/s3/s3_store.h"

namespace terrarium::services::s3 {
namespace {

using nlohmann::json;

void CheckKey(const std::string& key) {
  if (key.size() > kMaxObjectKeyBytes) {
    throw AwsError("KeyTooLongError", "Your key is too long", 400)
        .With("MaxSizeAllowed", static_cast<int>(kMaxObjectKeyBytes))
        .With("Size", static_cast<int>(key.size()));
  }
}

bool IsAwsChunked(const json& input) {
  return input.value("ContentEncoding", "").find("aws-chunked") != std::string::npos;
}

// The blob of a record read a moment ago is gone (see GetObject).
struct BlobGone : std::exception {};

// Bodies up to this size are read into memory at once, which costs less than linking the blob
// file for the response to stream from (and unlinking it afterwards).
constexpr uint64_t kReadIntoMemoryBytes = 64 * 1024;

// HTTP dates have whole seconds.
double WholeSeconds(double epoch) { return std::floor(epoch); }

// RFC 9110's order: If-Match, then If-Unmodified-Since; If-None-Match, then If-Modified-Since.
// Returns false for 304 Not Modified; throws 412 PreconditionFailed.
bool CheckReadConditions(const json& input, const json& record) {
  std::string etag = record.value("ETag", "");
  double modified = WholeSeconds(record.value("LastModified", 0.0));
  if (auto it = input.find("IfMatch"); it != input.end()) {
    if (!EtagMatches(it->get<std::string>(), etag)) throw PreconditionFailed("If-Match");
  } else if (auto since = input.find("IfUnmodifiedSince"); since != input.end()) {
    if (modified > since->get<double>()) throw PreconditionFailed("If-Unmodified-Since");
  }
  if (auto it = input.find("IfNoneMatch"); it != input.end()) {
    if (EtagMatches(it->get<std::string>(), etag)) return false;
  } else if (auto since = input.find("IfModifiedSince"); since != input.end()) {
    if (modified <= since->get<double>()) return false;
  }
  return true;
}

void AddChecksums(const json& record, json& output) {
  auto it = record.find("Checksums");
  if (it == record.end()) return;
  for (const auto& [algorithm, value] : it->items()) output[ChecksumMember(algorithm)] = value;
  output["ChecksumType"] = record.value("ChecksumType", "FULL_OBJECT");
}

// Answers a read (GET or HEAD) of `found`, with the range and part number applied.
// `txn`: the read transaction `found` was read in, if still open (a small body is read in it).
json ReadObject(RequestContext& ctx, const json& input, const FoundObject& found, bool head,
                storage::ReadTxn* txn = nullptr) {
  const json& record = found.record;
  if (!CheckReadConditions(input, record)) {
    // 304 carries the validators and no body.
    ctx.response_status = 304;
    json output = {{"ETag", record["ETag"]}, {"LastModified", record["LastModified"]}};
    if (VersioningConfigured(found.bucket)) output["VersionId"] = record.value("VersionId", "null");
    return output;
  }
  json output = ObjectHeaders(record, found.bucket);
  uint64_t size = record.value("Size", uint64_t{0});
  ByteRange range{0, size == 0 ? 0 : size - 1};
  bool partial = false;
  if (auto part = input.find("PartNumber"); part != input.end()) {
    int number = *part;
    json sizes = record.value("PartSizes", json::array({size}));
    if (number < 1 || number > static_cast<int>(sizes.size())) {
      throw AwsError("InvalidPartNumber", "The requested partnumber is not satisfiable", 416)
          .With("PartNumberRequested", number)
          .With("ActualPartCount", sizes.size());
    }
    uint64_t first = 0;
    for (int i = 1; i < number; ++i) first += sizes[i - 1].get<uint64_t>();
    uint64_t length = sizes[number - 1].get<uint64_t>();
    range = {first, length == 0 ? first : first + length - 1};
    partial = sizes.size() > 1;
  } else if (auto header = input.find("Range"); header != input.end()) {
    switch (ParseRange(header->get<std::string>(), size, &range)) {
      case RangeResult::kNone:
        break;
      case RangeResult::kSatisfiable:
        partial = true;
        break;
      case RangeResult::kUnsatisfiable:
        throw AwsError("InvalidRange", "The requested range is not satisfiable", 416)
            .With("RangeRequested", header->get<std::string>())
            .With("ActualObjectSize", size);
    }
  }
  uint64_t length = size == 0 ? 0 : range.length();
  if (partial) {
    output["ContentRange"] = "bytes " + std::to_string(range.first) + "-" +
                             std::to_string(range.last) + "/" + std::to_string(size);
    ctx.response_status = 206;
  } else if (input.value("ChecksumMode", "") == "ENABLED") {
    AddChecksums(record, output);
  }
  output["ContentLength"] = length;
  // response-* query parameters override the stored headers.
  for (const char* name : {"CacheControl", "ContentDisposition", "ContentEncoding",
                           "ContentLanguage", "ContentType", "Expires"}) {
    if (auto it = input.find(std::string("Response") + name); it != input.end()) {
      output[name] = it->is_number() ? json(FormatRfc822(it->get<double>())) : *it;
    }
  }
  if (!head) {
    const std::string& sha = record.at("Blob").get_ref<const std::string&>();
    if (length <= kReadIntoMemoryBytes) {
      std::string bytes;
      bytes.reserve(length);
      if (!ReadBlob(
              *ctx.store, sha, range.first, length,
              [&](std::string_view chunk) { bytes.append(chunk); }, txn)) {
        throw BlobGone();
      }
      ctx.response_payload = Body::FromString(std::move(bytes));
      return output;
    }
    // Bodies this large are files, never inline.
    storage::BlobStore& blobs = ctx.store->Blobs();
    std::filesystem::path blob = blobs.PathOf(sha);
    // A link of its own keeps the bytes readable while the response streams, even if the object
    // is overwritten or deleted meanwhile and its blob removed.
    std::filesystem::path link = blobs.NewTempPath();
    std::error_code ec;
    std::filesystem::create_hard_link(blob, link, ec);
    if (ec) throw BlobGone();
    ctx.response_payload = Body::FromFile(link, range.first, length, true);
  }
  return output;
}

// The bucket exists and allows the upload's ACL, if it has one.
void CheckUploadAcl(RequestContext& ctx, const std::string& bucket_name, const json& input) {
  auto txn = ctx.store->BeginRead();
  bool grants = input.contains("GrantRead") || input.contains("GrantFullControl") ||
                input.contains("GrantReadACP") || input.contains("GrantWriteACP");
  if (input.contains("ACL") || grants) {
    json bucket = RequireBucket(*txn, bucket_name);
    CheckAclAllowed(*txn, bucket, input.value("ACL", "private"), grants);
  } else if (bucket_name.empty() || bucket_name.size() > 255 ||
             !txn->Get(kBucketsTable, bucket_name)) {
    // Only whether it exists (NoSuchBucket before the body is stored): the commit reads the
    // bucket itself, and parsing it twice was a twentieth of a small PUT.
    throw NoSuchBucket(bucket_name);
  }
}

}  // namespace

json PutObject(RequestContext& ctx, const json& input) {
  std::string bucket_name = input.at("Bucket");
  std::string key = input.at("Key");
  CheckKey(key);
  CheckUploadAcl(ctx, bucket_name, input);
  if (input.contains("WriteOffsetBytes")) {
    throw NotImplementedError("s3", "PutObject with x-amz-write-offset-bytes");
  }
  json attributes = ObjectAttributesFromInput(input);
  IngestedBody body = IngestBody(ctx.store->Blobs(), ctx.request_payload, IsAwsChunked(input),
                                 RequestedChecksums(input));
  VerifyBody(*ctx.store, body, input);
  json record = std::move(attributes);
  record["Key"] = key;
  record["Blob"] = body.blob;
  record["Size"] = body.size;
  record["ETag"] = QuotedEtag(body.md5);
  record["LastModified"] = Now(ctx);
  if (!body.checksums.empty()) {
    record["Checksums"] = body.checksums;
    record["ChecksumType"] = "FULL_OBJECT";
  }
  auto [stored, bucket] = CommitObject(ctx, bucket_name, std::move(record), input, &body);
  json output = {{"ETag", stored["ETag"]},
                 {"ServerSideEncryption", stored["ServerSideEncryption"]}};
  if (VersioningConfigured(bucket)) output["VersionId"] = stored["VersionId"];
  AddChecksums(stored, output);
  if (stored.contains("SSEKMSKeyId")) output["SSEKMSKeyId"] = stored["SSEKMSKeyId"];
  return output;
}

json GetObject(RequestContext& ctx, const json& input) {
  // The blob may vanish between reading the record and linking it (a concurrent overwrite):
  // the record read again then names the new one.
  for (int attempt = 0;; ++attempt) {
    try {
      // One read transaction for the record and a small body (its inline row).
      auto txn = ctx.store->BeginRead();
      return ReadObject(ctx, input, LoadObject(*txn, input, false), false, txn.get());
    } catch (const BlobGone&) {
      if (attempt == 2) throw InternalError("the object changed while it was being read; retry");
    }
  }
}

json HeadObject(RequestContext& ctx, const json& input) {
  try {
    return ReadObject(ctx, input, LoadObject(ctx, input, true), true);
  } catch (const DeleteMarkerHead& marker) {
    ctx.response_status = marker.status;
    return {{"DeleteMarker", true},
            {"VersionId", marker.marker.value("VersionId", "null")},
            {"LastModified", marker.marker.value("LastModified", 0.0)}};
  }
}

json DeleteObject(RequestContext& ctx, const json& input) {
  std::string key = input.at("Key");
  auto txn = ctx.store->BeginWrite();
  json bucket = RequireInputBucket(*txn, input);
  if (auto it = input.find("IfMatch"); it != input.end()) {
    auto current = CurrentVersion(*txn, bucket, key);
    if (!current || current->value("IsDeleteMarker", false)) throw NoSuchKey(key);
    if (!EtagMatches(it->get<std::string>(), current->value("ETag", ""))) {
      throw PreconditionFailed("If-Match");
    }
  }
  DeleteResult result;
  if (auto version = input.find("VersionId"); version != input.end()) {
    result = DeleteVersion(*txn, ctx.store->Blobs(), bucket, key, version->get<std::string>());
  } else {
    result = DeleteCurrent(*txn, ctx.store->Blobs(), bucket, key, Now(ctx));
  }
  auto notification = LoadNotificationTargets(*txn, bucket);
  txn->Commit();
  if (notification) {
    NotifyObjectRemoved(ctx, *notification, bucket, key,
                        result.delete_marker && !input.contains("VersionId"), result.version_id);
  }
  json output = json::object();
  if (result.delete_marker) output["DeleteMarker"] = true;
  if (!result.version_id.empty()) output["VersionId"] = result.version_id;
  return output;
}

json DeleteObjects(RequestContext& ctx, const json& input) {
  const json& request = input.at("Delete");
  bool quiet = request.value("Quiet", false);
  json objects = request.value("Objects", json::array());
  if (objects.size() > 1000) throw MalformedXml();
  json deleted = json::array();
  json errors = json::array();
  auto txn = ctx.store->BeginWrite();
  json bucket = RequireInputBucket(*txn, input);
  auto notification = LoadNotificationTargets(*txn, bucket);
  // Events are sent once the deletions are committed.
  std::vector<std::tuple<std::string, bool, std::string>> removed;
  for (const json& object : objects) {
    std::string key = object.value("Key", "");
    DeleteResult result;
    if (object.contains("VersionId")) {
      result = DeleteVersion(*txn, ctx.store->Blobs(), bucket, key,
                             object["VersionId"].get<std::string>());
    } else {
      result = DeleteCurrent(*txn, ctx.store->Blobs(), bucket, key, Now(ctx));
    }
    if (notification) {
      removed.emplace_back(key, result.delete_marker && !object.contains("VersionId"),
                           result.version_id);
    }
    if (quiet) continue;
    json entry = {{"Key", key}};
    if (object.contains("VersionId")) {
      entry["VersionId"] = object["VersionId"];
      if (result.delete_marker) {
        entry["DeleteMarker"] = true;
        entry["DeleteMarkerVersionId"] = object["VersionId"];
      }
    } else if (result.delete_marker) {
      entry["DeleteMarker"] = true;
      entry["DeleteMarkerVersionId"] = result.version_id;
    }
    deleted.push_back(std::move(entry));
  }
  txn->Commit();
  for (const auto& [key, marker_created, version_id] : removed) {
    NotifyObjectRemoved(ctx, *notification, bucket, key, marker_created, version_id);
  }
  json output = json::object();
  if (!deleted.empty()) output["Deleted"] = deleted;
  if (!errors.empty()) output["Errors"] = errors;
  return output;
}

json CopyObject(RequestContext& ctx, const json& input) {
  std::string bucket_name = input.at("Bucket");
  std::string key = input.at("Key");
  CheckKey(key);
  CheckUploadAcl(ctx, bucket_name, input);
  CopySource source = ParseCopySource(input.at("CopySource").get<std::string>());
  json source_input = {{"Bucket", source.bucket}, {"Key", source.key}};
  if (!source.version_id.empty()) source_input["VersionId"] = source.version_id;
  FoundObject found = LoadObject(ctx, source_input, false);
  CheckCopySourceConditions(input, found.record);
  const json& from = found.record;

  std::string directive = input.value("MetadataDirective", "COPY");
  json record;
  if (directive == "REPLACE") {
    record = ObjectAttributesFromInput(input);
    record.erase("Tags");
  } else {
    record = from;
    for (const char* member : {"Key", "VersionId", "Seq", "LastModified", "Tags", "ACL"}) {
      record.erase(member);
    }
    if (input.contains("StorageClass")) record["StorageClass"] = input["StorageClass"];
    if (input.contains("ServerSideEncryption")) {
      record["ServerSideEncryption"] = input["ServerSideEncryption"];
    }
    if (input.value("StorageClass", "STANDARD") == "STANDARD") record.erase("StorageClass");
  }
  bool same_object = source.bucket == bucket_name && source.key == key;
  if (same_object && directive != "REPLACE" && !input.contains("StorageClass") &&
      !input.contains("ServerSideEncryption") && !input.contains("WebsiteRedirectLocation")) {
    throw InvalidRequest(
        "This copy request is illegal because it is trying to copy an object to itself without "
        "changing the object's metadata, storage class, website redirect location or encryption "
        "attributes.");
  }
  if (input.value("TaggingDirective", "COPY") == "REPLACE") {
    if (input.contains("Tagging")) record["Tags"] = ParseTaggingHeader(input["Tagging"]);
  } else if (from.contains("Tags")) {
    record["Tags"] = from["Tags"];
  }
  for (const char* member : {"Blob", "Size", "ETag", "Checksums", "ChecksumType", "PartSizes"}) {
    if (from.contains(member)) record[member] = from[member];
  }
  record["Key"] = key;
  record["LastModified"] = Now(ctx);
  auto [stored, bucket] = CommitObject(ctx, bucket_name, std::move(record), input, nullptr);
  json result = {{"ETag", stored["ETag"]}, {"LastModified", stored["LastModified"]}};
  AddChecksums(stored, result);
  json output = {{"CopyObjectResult", result},
                 {"ServerSideEncryption", stored["ServerSideEncryption"]}};
  if (VersioningConfigured(bucket)) output["VersionId"] = stored["VersionId"];
  if (VersioningConfigured(found.bucket)) {
    output["CopySourceVersionId"] = from.value("VersionId", "null");
  }
  return output;
}

}  // namespace terrarium::services::s3
