// S3 listings: ListObjects (v1), ListObjectsV2, ListObjectVersions.
// Parity notes: continuation tokens are opaque base64 of the resume position (AWS's are
// encrypted). Owner DisplayName is a fixed "webfile". RestoreStatus is never reported.
#include <algorithm>
#include <span>

#include "emulator/core/encoding.h"
#include "emulator/services/s3/errors.h"
#include "emulator/services/s3/listing.h"
#include "emulator/services/s3/listing_xml.h"
#include "emulator/services/s3/object_versions.h"
#include "emulator/services/s3/operations.h"
#include "emulator/services/s3/s3_common.h"
#include "emulator/services/s3/s3_store.h"

namespace terrarium::services::s3 {
namespace {

using nlohmann::json;

constexpr int kMaxKeys = 1000;

// The record members the listings read: ContentEntry, NotDeleteMarker, ListObjectVersions'
// "VersionId", and "Key" for long keys' runs.
constexpr std::string_view kListedMembers[] = {"Key",          "LastModified",   "ETag",
                                               "Size",         "StorageClass",   "Checksums",
                                               "ChecksumType", "IsDeleteMarker", "VersionId"};

KeyScan ObjectScan(storage::ReadTxn& txn, const json& bucket, const std::string& prefix) {
  std::string row_prefix = BucketPrefix(bucket);
  return [&txn, row_prefix, prefix](std::string_view after, const KeyVisitor& visit) {
    ScanObjectRows(txn, kObjectsTable, row_prefix, prefix, after, visit, kListedMembers);
  };
}

// The scan of ListObjects and ListObjectsV2: only what a page shows of each record.
KeyScanOf<ListedObject> ListedScan(storage::ReadTxn& txn, const json& bucket,
                                   const std::string& prefix) {
  std::string row_prefix = BucketPrefix(bucket);
  return
      [&txn, row_prefix, prefix](std::string_view after, const KeyVisitorOf<ListedObject>& visit) {
        ScanObjectRecordTexts(txn, kObjectsTable, row_prefix, prefix, after,
                              [&](const std::string& key, std::string_view text) {
                                ListedObject object = ReadListedObject(text);
                                return visit(key, object);
                              });
      };
}

bool NotDeleteMarker(const ListedObject& object) { return !object.delete_marker; }

int MaxKeys(const json& input) {
  int max = input.value("MaxKeys", kMaxKeys);
  if (max < 0)
    throw InvalidArgument("max-keys cannot be negative", "max-keys", std::to_string(max));
  return std::min(max, kMaxKeys);
}

bool UrlEncoding(const json& input) {
  std::string type = input.value("EncodingType", "");
  if (!type.empty() && type != "url") {
    throw InvalidArgument("Invalid Encoding Method specified in Request", "encoding-type", type);
  }
  return type == "url";
}

std::string Encoded(bool url, const std::string& text) { return url ? UrlEncodeKey(text) : text; }

json ContentEntry(const std::string& key, const json& record, bool url, const json* owner) {
  json entry = {{"Key", Encoded(url, key)},
                {"LastModified", record.value("LastModified", 0.0)},
                {"ETag", record.value("ETag", "")},
                {"Size", record.value("Size", uint64_t{0})},
                {"StorageClass", record.value("StorageClass", "STANDARD")}};
  if (auto it = record.find("Checksums"); it != record.end() && !it->empty()) {
    json algorithms = json::array();
    for (const auto& [algorithm, value] : it->items()) algorithms.push_back(algorithm);
    entry["ChecksumAlgorithm"] = algorithms;
    entry["ChecksumType"] = record.value("ChecksumType", "FULL_OBJECT");
  }
  if (owner != nullptr) entry["Owner"] = *owner;
  return entry;
}

json ListedEntry(const std::string& key, const ListedObject& object, bool url, const json* owner) {
  json entry = {{"Key", Encoded(url, key)},
                {"LastModified", object.last_modified},
                {"ETag", object.etag},
                {"Size", object.size},
                {"StorageClass", object.storage_class}};
  if (!object.checksum_algorithms.empty()) {
    entry["ChecksumAlgorithm"] = object.checksum_algorithms;
    entry["ChecksumType"] = object.checksum_type;
  }
  if (owner != nullptr) entry["Owner"] = *owner;
  return entry;
}

json CommonPrefixes(const std::vector<std::string>& prefixes, bool url) {
  json out = json::array();
  for (const std::string& prefix : prefixes) out.push_back({{"Prefix", Encoded(url, prefix)}});
  return out;
}

// The members every listing answers with.
json ListingBase(const json& input, int max_keys, bool url) {
  json output = {{"Name", input.at("Bucket")},
                 {"Prefix", Encoded(url, input.value("Prefix", ""))},
                 {"MaxKeys", max_keys}};
  if (input.contains("Delimiter")) output["Delimiter"] = Encoded(url, input["Delimiter"]);
  if (url) output["EncodingType"] = "url";
  return output;
}

// Answers a v1 or v2 page: `head` (the members besides the entries) with the page's Contents
// and CommonPrefixes, or, over HTTP, the whole XML body written straight from the page into
// the response payload, which the rest-xml codec sends as it is.
json AnswerPage(RequestContext& ctx, std::span<const std::string_view> xml_order, json head,
                const ListPageOf<ListedObject>& page, bool url, const json* owner) {
  // Only HTTP requests can wait (or be refused waiting): in-process callers want the document.
  bool over_http = ctx.can_wait || ctx.wait_refused;
  if (over_http) {
    ctx.response_payload = Body::FromString(ListBucketResultXml(
        xml_order, head, page, url, owner != nullptr ? OwnerXml(*owner) : std::string()));
    return head;
  }
  json contents = json::array();
  for (const auto& [key, object] : page.entries) {
    contents.push_back(ListedEntry(key, object, url, owner));
  }
  if (!contents.empty()) head["Contents"] = std::move(contents);
  if (!page.common_prefixes.empty()) {
    head["CommonPrefixes"] = CommonPrefixes(page.common_prefixes, url);
  }
  return head;
}

}  // namespace

json ListObjects(RequestContext& ctx, const json& input) {
  bool url = UrlEncoding(input);
  int max_keys = MaxKeys(input);
  auto txn = ctx.store->BeginRead();
  json bucket = RequireInputBucket(*txn, input);
  ListParams params{input.value("Prefix", ""), input.value("Delimiter", ""),
                    input.value("Marker", ""), max_keys};
  auto page = ListKeys(ListedScan(*txn, bucket, params.prefix), params, NotDeleteMarker);
  json owner = OwnerOf(bucket["Account"].get<std::string>());
  json output = ListingBase(input, max_keys, url);
  output["Marker"] = Encoded(url, params.after);
  output["IsTruncated"] = page.truncated;
  if (page.truncated && !params.delimiter.empty()) output["NextMarker"] = Encoded(url, page.last);
  return AnswerPage(ctx, kListObjectsXmlOrder, std::move(output), page, url, &owner);
}

json ListObjectsV2(RequestContext& ctx, const json& input) {
  bool url = UrlEncoding(input);
  int max_keys = MaxKeys(input);
  auto txn = ctx.store->BeginRead();
  json bucket = RequireInputBucket(*txn, input);
  ListParams params{input.value("Prefix", ""), input.value("Delimiter", ""),
                    input.value("StartAfter", ""), max_keys};
  if (auto token = input.find("ContinuationToken"); token != input.end()) {
    auto position = Base64Decode(token->get<std::string>());
    if (!position || token->get<std::string>().empty()) {
      throw InvalidArgument("The continuation token provided is incorrect", "continuation-token",
                            token->get<std::string>());
    }
    params.after = std::max(params.after, *position);
  }
  auto page = ListKeys(ListedScan(*txn, bucket, params.prefix), params, NotDeleteMarker);
  json owner = OwnerOf(bucket["Account"].get<std::string>());
  bool fetch_owner = input.value("FetchOwner", false);
  json output = ListingBase(input, max_keys, url);
  output["IsTruncated"] = page.truncated;
  output["KeyCount"] = page.entries.size() + page.common_prefixes.size();
  if (input.contains("ContinuationToken")) output["ContinuationToken"] = input["ContinuationToken"];
  if (input.contains("StartAfter")) output["StartAfter"] = Encoded(url, input["StartAfter"]);
  if (page.truncated) output["NextContinuationToken"] = Base64Encode(page.next_after);
  return AnswerPage(ctx, kListObjectsV2XmlOrder, std::move(output), page, url,
                    fetch_owner ? &owner : nullptr);
}

json ListObjectVersions(RequestContext& ctx, const json& input) {
  bool url = UrlEncoding(input);
  int max_keys = MaxKeys(input);
  auto txn = ctx.store->BeginRead();
  json bucket = RequireInputBucket(*txn, input);
  json owner = OwnerOf(bucket["Account"].get<std::string>());
  std::string prefix = input.value("Prefix", "");
  std::string delimiter = input.value("Delimiter", "");
  std::string key_marker = input.value("KeyMarker", "");
  std::string version_marker = input.value("VersionIdMarker", "");
  KeyScan scan = ObjectScan(*txn, bucket, prefix);

  json versions = json::array();
  json markers = json::array();
  std::vector<std::string> prefixes;
  int count = 0;
  bool truncated = false;
  std::string next_key, next_version;

  // The versions of one key, newest first, after `skip_through` when it is set.
  auto emit_key = [&](const std::string& key, const json& current,
                      const std::string& skip_through) {
    std::vector<json> all{current};
    txn->Scan(kVersionsTable, VersionRowPrefix(bucket, key), "",
              [&](std::string_view, std::string_view value) {
                all.push_back(json::parse(value));
                return true;
              });
    bool skipping = !skip_through.empty();
    for (size_t i = 0; i < all.size(); ++i) {
      const json& record = all[i];
      std::string id = record.value("VersionId", "null");
      if (skipping) {
        if (id == skip_through) skipping = false;
        continue;
      }
      if (count == max_keys) {
        truncated = true;
        return false;
      }
      ++count;
      next_key = key;
      next_version = id;
      json entry = {{"Key", Encoded(url, key)},
                    {"VersionId", id},
                    {"IsLatest", i == 0},
                    {"LastModified", record.value("LastModified", 0.0)},
                    {"Owner", owner}};
      if (record.value("IsDeleteMarker", false)) {
        markers.push_back(std::move(entry));
      } else {
        json content = ContentEntry(key, record, url, &owner);
        content["VersionId"] = id;
        content["IsLatest"] = i == 0;
        versions.push_back(std::move(content));
      }
    }
    return true;
  };

  std::string after = key_marker;
  if (!key_marker.empty() && !version_marker.empty()) {
    if (auto current = CurrentVersion(*txn, bucket, key_marker)) {
      emit_key(key_marker, *current, version_marker);
    }
  }
  while (!truncated && max_keys > 0) {
    ListParams params{prefix, delimiter, after, 1};
    ListPage page = ListKeys(scan, params);
    if (page.entries.empty() && page.common_prefixes.empty()) break;
    if (count == max_keys) {
      truncated = true;
      break;
    }
    if (!page.common_prefixes.empty()) {
      prefixes.push_back(page.common_prefixes.front());
      ++count;
      next_key = page.common_prefixes.front();
      next_version.clear();
    } else if (!emit_key(page.entries.front().key, page.entries.front().record, "")) {
      break;
    }
    after = page.next_after;
  }

  json output = ListingBase(input, max_keys, url);
  output["KeyMarker"] = Encoded(url, key_marker);
  output["VersionIdMarker"] = version_marker;
  output["IsTruncated"] = truncated;
  if (truncated) {
    output["NextKeyMarker"] = Encoded(url, next_key);
    if (!next_version.empty()) output["NextVersionIdMarker"] = next_version;
  }
  if (!versions.empty()) output["Versions"] = versions;
  if (!markers.empty()) output["DeleteMarkers"] = markers;
  if (!prefixes.empty()) output["CommonPrefixes"] = CommonPrefixes(prefixes, url);
  return output;
}

}  // namespace terrarium::services::s3
