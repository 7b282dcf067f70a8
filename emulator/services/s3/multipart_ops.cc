// S3 multipart uploads: create, upload part (and part copy), complete, abort, list.
// Parity notes: at most ResourceLimits::max_multipart_uploads_per_bucket uploads in progress
// per bucket (CreateMultipartUpload answers SlowDown past it). ListMultipartUploads reads all of a
// bucket's uploads and sorts them (cost grows with the number of uploads in progress, not objects).
// Completing copies the parts into one file. Composite checksums are the checksum of the parts'
// checksums with "-N", as in AWS.
#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <map>
#include <optional>
#include <tuple>

#include "emulator/core/encoding.h"
#include "emulator/core/ids.h"
#include "emulator/services/s3/blob_bytes.h"
#include "emulator/services/s3/body_ingest.h"
#include "emulator/services/s3/byte_range.h"
#include "emulator/services/s3/checksums.h"
#include "emulator/services/s3/errors.h"
#include "emulator/services/s3/object_versions.h"
#include "emulator/services/s3/object_write.h"
#include "emulator/services/s3/operations.h"
#include "emulator/services/s3/s3_common.h"
#include "emulator/services/s3/s3_store.h"
#include "emulator/storage/json_table.h"

namespace terrarium::services::s3 {
namespace {

using nlohmann::json;

constexpr uint64_t kMinPartBytes = 5ull << 20;
constexpr int kMaxPartNumber = 10000;

std::string UploadRow(const json& bucket, const std::string& upload_id) {
  return BucketPrefix(bucket) + upload_id;
}

std::string PartRow(const json& bucket, const std::string& upload_id, int number) {
  char digits[8];
  std::snprintf(digits, sizeof digits, "%05d", number);
  return UploadRow(bucket, upload_id) + "/" + digits;
}

json RequireUpload(storage::ReadTxn& txn, const json& bucket, const json& input) {
  std::string upload_id = input.at("UploadId");
  if (upload_id.empty() || upload_id.size() > 128) throw NoSuchUpload(upload_id);
  auto upload = storage::GetJson(txn, kUploadsTable, UploadRow(bucket, upload_id));
  if (!upload || (*upload)["Key"] != input.at("Key")) throw NoSuchUpload(upload_id);
  return std::move(*upload);
}

int PartNumber(const json& input) {
  int number = input.at("PartNumber");
  if (number < 1 || number > kMaxPartNumber) {
    throw InvalidArgument("Part number must be an integer between 1 and 10000, inclusive",
                          "partNumber", std::to_string(number));
  }
  return number;
}

std::vector<json> LoadParts(storage::ReadTxn& txn, const json& bucket,
                            const std::string& upload_id) {
  std::vector<json> parts;
  txn.Scan(kPartsTable, UploadRow(bucket, upload_id) + "/", "",
           [&](std::string_view, std::string_view value) {
             parts.push_back(json::parse(value));
             return true;
           });
  return parts;
}

// Stores a part record, replacing (and releasing) an earlier upload of the same number.
// `new_body`: as for CommitObject.
void SavePart(RequestContext& ctx, const json& input, json part, const IngestedBody* new_body) {
  try {
    auto txn = ctx.store->BeginWrite();
    json bucket = RequireInputBucket(*txn, input);
    RequireUpload(*txn, bucket, input);
    std::string row = PartRow(bucket, input.at("UploadId"), part.at("PartNumber"));
    if (new_body) {
      RefNewBody(*txn, ctx.store->Blobs(), *new_body);
    } else {
      RefBlob(*txn, ctx.store->Blobs(), part.at("Blob"));
    }
    if (auto old = storage::GetJson(*txn, kPartsTable, row)) {
      ReleaseRecordBlob(*txn, ctx.store->Blobs(), *old);
    }
    storage::PutJson(*txn, kPartsTable, row, part);
    txn->Commit();
  } catch (...) {
    if (new_body) DiscardNewBody(*ctx.store, *new_body);
    throw;
  }
}

void DropUpload(storage::WriteTxn& txn, storage::BlobStore& blobs, const json& bucket,
                const std::string& upload_id) {
  for (const json& part : LoadParts(txn, bucket, upload_id)) {
    ReleaseRecordBlob(txn, blobs, part);
    txn.Erase(kPartsTable, PartRow(bucket, upload_id, part.at("PartNumber")));
  }
  txn.Erase(kUploadsTable, UploadRow(bucket, upload_id));
}

void AddPartChecksums(const json& record, json& out) {
  if (auto it = record.find("Checksums"); it != record.end()) {
    for (const auto& [algorithm, value] : it->items()) out[ChecksumMember(algorithm)] = value;
  }
}

// "\"<32 hex>\"" -> the 16 raw bytes.
std::string RawMd5OfEtag(const std::string& etag) {
  std::string raw;
  for (size_t i = 1; i + 2 < etag.size(); i += 2) {
    raw.push_back(static_cast<char>(std::stoi(etag.substr(i, 2), nullptr, 16)));
  }
  return raw;
}

// Copies `length` bytes at `offset` of `from` to `out`, feeding `digests`.
// Copies [offset, offset + length) of blob `sha` to `out` (if any) and `digests`.
void CopyRange(storage::Store& store, const std::string& sha, uint64_t offset, uint64_t length,
               std::ofstream* out, const std::vector<Digest*>& digests) {
  bool found = ReadBlob(store, sha, offset, length, [&](std::string_view bytes) {
    if (out) out->write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    for (Digest* digest : digests) digest->Update(bytes);
  });
  if (!found) throw InternalError("cannot read a stored body");
}

// Uploads in progress per bucket are bounded (ResourceLimits); AWS sets no such bound, so the
// answer is its throttling error, with a message saying which bound and how to make room.
void RequireRoomForUpload(storage::ReadTxn& txn, const json& bucket, const ResourceLimits* limits) {
  if (limits == nullptr) return;
  size_t bound = limits->max_multipart_uploads_per_bucket;
  size_t count = 0;
  txn.Scan(kUploadsTable, BucketPrefix(bucket), "",
           [&](std::string_view, std::string_view) { return ++count < bound; });
  if (count < bound) return;
  throw AwsError("SlowDown",
                 "Please reduce your request rate. The bucket has " + std::to_string(bound) +
                     " multipart uploads in progress, the most Terrarium keeps per bucket "
                     "(--max-multipart-uploads); complete or abort some first.",
                 503);
}

}  // namespace

json CreateMultipartUpload(RequestContext& ctx, const json& input) {
  std::string key = input.at("Key");
  if (key.size() > 1024) throw AwsError("KeyTooLongError", "Your key is too long", 400);
  json upload = {
      {"Key", key},
      {"UploadId",
       RandomString(64, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789")},
      {"Initiated", Now(ctx)},
      {"Attributes", ObjectAttributesFromInput(input)}};
  std::string algorithm = input.value("ChecksumAlgorithm", "");
  std::string type = input.value("ChecksumType", "");
  if (!algorithm.empty()) {
    upload["ChecksumAlgorithm"] = algorithm;
    upload["ChecksumType"] = !type.empty()              ? type
                             : algorithm == "CRC64NVME" ? "FULL_OBJECT"
                                                        : "COMPOSITE";
  }
  auto txn = ctx.store->BeginWrite();
  json bucket = RequireInputBucket(*txn, input);
  RequireRoomForUpload(*txn, bucket, ctx.limits);
  storage::PutJson(*txn, kUploadsTable, UploadRow(bucket, upload["UploadId"]), upload);
  txn->Commit();
  json output = {{"Bucket", input.at("Bucket")},
                 {"Key", key},
                 {"UploadId", upload["UploadId"]},
                 {"ServerSideEncryption", upload["Attributes"]["ServerSideEncryption"]}};
  if (!algorithm.empty()) {
    output["ChecksumAlgorithm"] = algorithm;
    output["ChecksumType"] = upload["ChecksumType"];
  }
  return output;
}

json UploadPart(RequestContext& ctx, const json& input) {
  int number = PartNumber(input);
  {
    auto txn = ctx.store->BeginRead();
    RequireUpload(*txn, RequireInputBucket(*txn, input), input);
  }
  bool chunked = input.value("ContentEncoding", "").find("aws-chunked") != std::string::npos;
  IngestedBody body =
      IngestBody(ctx.store->Blobs(), ctx.request_payload, chunked, RequestedChecksums(input));
  VerifyBody(*ctx.store, body, input);
  json part = {{"PartNumber", number},
               {"ETag", QuotedEtag(body.md5)},
               {"Size", body.size},
               {"Blob", body.blob},
               {"LastModified", Now(ctx)}};
  if (!body.checksums.empty()) part["Checksums"] = body.checksums;
  SavePart(ctx, input, part, &body);
  json output = {{"ETag", part["ETag"]}, {"ServerSideEncryption", "AES256"}};
  AddPartChecksums(part, output);
  return output;
}

json UploadPartCopy(RequestContext& ctx, const json& input) {
  int number = PartNumber(input);
  CopySource source = ParseCopySource(input.at("CopySource").get<std::string>());
  json source_record;
  {
    auto txn = ctx.store->BeginRead();
    RequireUpload(*txn, RequireInputBucket(*txn, input), input);
    json source_bucket = RequireBucket(*txn, source.bucket);
    std::optional<json> found =
        source.version_id.empty() ? CurrentVersion(*txn, source_bucket, source.key)
                                  : FindVersion(*txn, source_bucket, source.key, source.version_id);
    if (!found || found->value("IsDeleteMarker", false)) throw NoSuchKey(source.key);
    source_record = std::move(*found);
  }
  CheckCopySourceConditions(input, source_record);
  uint64_t size = source_record.value("Size", uint64_t{0});
  json part = {{"PartNumber", number}, {"LastModified", Now(ctx)}};
  std::optional<IngestedBody> new_body;
  if (auto header = input.find("CopySourceRange"); header != input.end()) {
    ByteRange range;
    if (ParseRange(header->get<std::string>(), size, &range) != RangeResult::kSatisfiable ||
        header->get<std::string>().find("=-") != std::string::npos || range.last >= size) {
      throw InvalidArgument(
          "The x-amz-copy-source-range value must be of the form "
          "bytes=first-last where first and last are the zero-based offsets of "
          "the first and last bytes to copy",
          "x-amz-copy-source-range", header->get<std::string>());
    }
    storage::BlobStore& blobs = ctx.store->Blobs();
    std::filesystem::path temp = blobs.NewTempPath();
    auto md5 = MakeDigest("MD5");
    {
      std::ofstream out(temp, std::ios::binary | std::ios::trunc);
      CopyRange(*ctx.store, source_record.at("Blob"), range.first, range.length(), &out,
                {md5.get()});
    }
    new_body.emplace().blob = storage::NewBlobName();  // named at random: no hash to compute
    blobs.AdoptFileAs(temp, new_body->blob);
    part["Blob"] = new_body->blob;
    part["Size"] = range.length();
    part["ETag"] = QuotedEtag(md5->Finish());
  } else {
    part["Blob"] = source_record["Blob"];
    part["Size"] = size;
    std::string etag = source_record["ETag"];
    if (etag.find('-') != std::string::npos) {
      // A multipart object's ETag is no MD5 of its bytes: compute one.
      auto md5 = MakeDigest("MD5");
      CopyRange(*ctx.store, source_record["Blob"], 0, size, nullptr, {md5.get()});
      etag = QuotedEtag(md5->Finish());
    }
    part["ETag"] = etag;
  }
  SavePart(ctx, input, part, new_body ? &*new_body : nullptr);
  return {{"CopyPartResult", {{"ETag", part["ETag"]}, {"LastModified", part["LastModified"]}}},
          {"ServerSideEncryption", "AES256"}};
}

json CompleteMultipartUpload(RequestContext& ctx, const json& input) {
  std::string bucket_name = input.at("Bucket");
  std::string key = input.at("Key");
  std::string upload_id = input.at("UploadId");
  json requested = input.value("MultipartUpload", json::object()).value("Parts", json::array());
  if (requested.empty()) {
    throw AwsError("MalformedXML",
                   "The XML you provided was not well-formed or did not validate against our "
                   "published schema",
                   400);
  }
  json upload;
  std::map<int, json> stored;
  {
    auto txn = ctx.store->BeginRead();
    json bucket = RequireBucket(*txn, bucket_name);
    upload = RequireUpload(*txn, bucket, input);
    for (json& part : LoadParts(*txn, bucket, upload_id)) {
      int number = part["PartNumber"];
      stored[number] = std::move(part);
    }
  }
  std::vector<const json*> parts;
  int previous = 0;
  for (const json& want : requested) {
    int number = want.value("PartNumber", 0);
    if (number <= previous) {
      throw AwsError("InvalidPartOrder",
                     "The list of parts was not in ascending order. Parts must be ordered by part "
                     "number.",
                     400)
          .With("UploadId", upload_id);
    }
    previous = number;
    auto it = stored.find(number);
    if (it == stored.end() ||
        !EtagMatches(want.value("ETag", ""), it->second["ETag"].get<std::string>())) {
      throw AwsError("InvalidPart",
                     "One or more of the specified parts could not be found.  The part may not "
                     "have been uploaded, or the specified entity tag may not match the part's "
                     "entity tag.",
                     400)
          .With("UploadId", upload_id)
          .With("PartNumber", number)
          .With("ETag", want.value("ETag", ""));
    }
    parts.push_back(&it->second);
  }
  for (size_t i = 0; i + 1 < parts.size(); ++i) {
    uint64_t size = (*parts[i])["Size"];
    if (size < kMinPartBytes) {
      throw AwsError("EntityTooSmall",
                     "Your proposed upload is smaller than the minimum allowed size", 400)
          .With("ProposedSize", size)
          .With("MinSizeAllowed", kMinPartBytes)
          .With("PartNumber", (*parts[i])["PartNumber"])
          .With("ETag", (*parts[i])["ETag"]);
    }
  }

  std::string algorithm = upload.value("ChecksumAlgorithm", "");
  std::string checksum_type = upload.value("ChecksumType", "");
  std::unique_ptr<Digest> full = checksum_type == "FULL_OBJECT" ? MakeDigest(algorithm) : nullptr;
  std::unique_ptr<Digest> composite =
      checksum_type == "COMPOSITE" ? MakeDigest(algorithm) : nullptr;
  std::string md5s;
  json sizes = json::array();
  json part_checksums = json::array();  // of a composite checksum, for GetObjectAttributes
  uint64_t total = 0;
  storage::BlobStore& blobs = ctx.store->Blobs();
  std::filesystem::path temp = blobs.NewTempPath();
  {
    std::ofstream out(temp, std::ios::binary | std::ios::trunc);
    std::vector<Digest*> digests;
    if (full) digests.push_back(full.get());
    for (const json* part : parts) {
      uint64_t size = (*part)["Size"];
      CopyRange(*ctx.store, (*part)["Blob"], 0, size, &out, digests);
      std::string etag = (*part)["ETag"];
      md5s += RawMd5OfEtag(etag);
      if (composite) {
        std::string value = (*part).value("Checksums", json::object()).value(algorithm, "");
        composite->Update(Base64Decode(value).value_or(""));
        part_checksums.push_back(value);
      }
      sizes.push_back(size);
      total += size;
    }
    out.close();
    if (!out) throw InternalError("cannot write the completed object");
  }
  json record = upload["Attributes"];
  record["Key"] = key;
  IngestedBody completed;
  completed.blob = storage::NewBlobName();  // named at random: no SHA-256 over the whole object
  blobs.AdoptFileAs(temp, completed.blob);
  record["Blob"] = completed.blob;
  record["Size"] = total;
  record["ETag"] = "\"" + HexEncode(Md5(md5s)) + "-" + std::to_string(parts.size()) + "\"";
  record["LastModified"] = Now(ctx);
  record["PartSizes"] = sizes;
  if (full) {
    record["Checksums"] = {{algorithm, Base64Encode(full->Finish())}};
    record["ChecksumType"] = "FULL_OBJECT";
  } else if (composite) {
    record["Checksums"] = {
        {algorithm, Base64Encode(composite->Finish()) + "-" + std::to_string(parts.size())}};
    record["ChecksumType"] = "COMPOSITE";
    record["PartChecksums"] = std::move(part_checksums);
  }
  auto [object, bucket] = CommitObject(ctx, bucket_name, std::move(record), input, &completed,
                                       [&](storage::WriteTxn& txn, const json& in_bucket) {
                                         RequireUpload(txn, in_bucket, input);
                                         DropUpload(txn, ctx.store->Blobs(), in_bucket, upload_id);
                                       });
  json output = {{"Location", "http://" + ctx.host + "/" + bucket_name + "/" + key},
                 {"Bucket", bucket_name},
                 {"Key", key},
                 {"ETag", object["ETag"]},
                 {"ServerSideEncryption", object["ServerSideEncryption"]}};
  if (VersioningConfigured(bucket)) output["VersionId"] = object["VersionId"];
  if (object.contains("Checksums")) {
    AddPartChecksums(object, output);
    output["ChecksumType"] = object["ChecksumType"];
  }
  return output;
}

json AbortMultipartUpload(RequestContext& ctx, const json& input) {
  auto txn = ctx.store->BeginWrite();
  json bucket = RequireInputBucket(*txn, input);
  RequireUpload(*txn, bucket, input);
  DropUpload(*txn, ctx.store->Blobs(), bucket, input.at("UploadId"));
  txn->Commit();
  return json::object();
}

json ListParts(RequestContext& ctx, const json& input) {
  auto txn = ctx.store->BeginRead();
  json bucket = RequireInputBucket(*txn, input);
  json upload = RequireUpload(*txn, bucket, input);
  int marker = 0;
  if (auto it = input.find("PartNumberMarker"); it != input.end()) {
    marker = it->is_number() ? it->get<int>() : std::atoi(it->get<std::string>().c_str());
  }
  int max_parts = std::min(input.value("MaxParts", 1000), 1000);
  json parts = json::array();
  bool truncated = false;
  int last = 0;
  for (const json& part : LoadParts(*txn, bucket, input.at("UploadId"))) {
    int number = part["PartNumber"];
    if (number <= marker) continue;
    if (static_cast<int>(parts.size()) == max_parts) {
      truncated = true;
      break;
    }
    json entry = {{"PartNumber", number},
                  {"LastModified", part["LastModified"]},
                  {"ETag", part["ETag"]},
                  {"Size", part["Size"]}};
    AddPartChecksums(part, entry);
    parts.push_back(std::move(entry));
    last = number;
  }
  json owner = OwnerOf(bucket["Account"].get<std::string>());
  json output = {{"Bucket", input.at("Bucket")},
                 {"Key", input.at("Key")},
                 {"UploadId", input.at("UploadId")},
                 {"PartNumberMarker", marker},
                 {"MaxParts", max_parts},
                 {"IsTruncated", truncated},
                 {"Owner", owner},
                 {"Initiator", owner},
                 {"StorageClass", upload["Attributes"].value("StorageClass", "STANDARD")}};
  if (truncated) output["NextPartNumberMarker"] = last;
  if (!parts.empty()) output["Parts"] = parts;
  if (upload.contains("ChecksumAlgorithm")) {
    output["ChecksumAlgorithm"] = upload["ChecksumAlgorithm"];
    output["ChecksumType"] = upload["ChecksumType"];
  }
  return output;
}

json ListMultipartUploads(RequestContext& ctx, const json& input) {
  auto txn = ctx.store->BeginRead();
  json bucket = RequireInputBucket(*txn, input);
  std::string prefix = input.value("Prefix", "");
  std::string delimiter = input.value("Delimiter", "");
  std::string key_marker = input.value("KeyMarker", "");
  std::string upload_marker = input.value("UploadIdMarker", "");
  int max_uploads = std::min(input.value("MaxUploads", 1000), 1000);
  bool url = input.value("EncodingType", "") == "url";
  std::vector<json> uploads;
  txn->Scan(kUploadsTable, BucketPrefix(bucket), "", [&](std::string_view, std::string_view value) {
    json upload = json::parse(value);
    if (upload["Key"].get<std::string>().starts_with(prefix)) uploads.push_back(std::move(upload));
    return true;
  });
  std::sort(uploads.begin(), uploads.end(), [](const json& a, const json& b) {
    return std::tie(a["Key"].get_ref<const std::string&>(),
                    a["Initiated"].get_ref<const double&>()) <
           std::tie(b["Key"].get_ref<const std::string&>(),
                    b["Initiated"].get_ref<const double&>());
  });
  json owner = OwnerOf(bucket["Account"].get<std::string>());
  json listed = json::array();
  json prefixes = json::array();
  std::string last_prefix;
  bool truncated = false;
  bool marker_seen = upload_marker.empty();
  std::string next_key, next_upload;
  for (const json& upload : uploads) {
    std::string key = upload["Key"];
    std::string id = upload["UploadId"];
    if (!key_marker.empty()) {
      if (key < key_marker) continue;
      if (key == key_marker) {
        // Without an upload id marker the whole key is behind; with one, up to that upload.
        if (!marker_seen) marker_seen = id == upload_marker;
        continue;
      }
    }
    std::string common;
    if (!delimiter.empty()) {
      auto pos = key.find(delimiter, prefix.size());
      if (pos != std::string::npos) common = key.substr(0, pos + delimiter.size());
    }
    if (!common.empty() && common == last_prefix) continue;
    if (static_cast<int>(listed.size() + prefixes.size()) == max_uploads) {
      truncated = true;
      break;
    }
    if (!common.empty()) {
      prefixes.push_back({{"Prefix", url ? UrlEncodeKey(common) : common}});
      last_prefix = common;
      continue;
    }
    listed.push_back({{"UploadId", id},
                      {"Key", url ? UrlEncodeKey(key) : key},
                      {"Initiated", upload["Initiated"]},
                      {"StorageClass", upload["Attributes"].value("StorageClass", "STANDARD")},
                      {"Owner", owner},
                      {"Initiator", owner}});
    if (upload.contains("ChecksumAlgorithm")) {
      listed.back()["ChecksumAlgorithm"] = upload["ChecksumAlgorithm"];
      listed.back()["ChecksumType"] = upload["ChecksumType"];
    }
    next_key = key;
    next_upload = id;
  }
  json output = {{"Bucket", input.at("Bucket")},    {"KeyMarker", key_marker},
                 {"UploadIdMarker", upload_marker}, {"MaxUploads", max_uploads},
                 {"IsTruncated", truncated},        {"Prefix", prefix}};
  if (!delimiter.empty()) output["Delimiter"] = delimiter;
  if (url) output["EncodingType"] = "url";
  if (truncated) {
    output["NextKeyMarker"] = next_key;
    output["NextUploadIdMarker"] = next_upload;
  }
  if (!listed.empty()) output["Uploads"] = listed;
  if (!prefixes.empty()) output["CommonPrefixes"] = prefixes;
  return output;
}

}  // namespace terrarium::services::s3
