#include "emulator/services/s3/s3_store.h"

#include <algorithm>
#include <cstdio>
#include <vector>

#include "emulator/services/s3/errors.h"
#include "emulator/services/s3/listed_object.h"
#include "emulator/services/s3/object_keys.h"
#include "emulator/services/s3/record_members.h"
#include "emulator/storage/blob_refs.h"
#include "emulator/storage/json_table.h"
#include "emulator/storage/keys.h"

namespace terrarium::services::s3 {

using nlohmann::json;

Scope BucketScope(const json& bucket) {
  return Scope{bucket.at("Account").get<std::string>(), bucket.at("Region").get<std::string>()};
}

std::string BucketPrefix(const json& bucket) {
  return storage::ScopedKey(BucketScope(bucket), bucket.at("Name").get<std::string>() + "/");
}

std::string ObjectRowKey(const json& bucket, std::string_view key) {
  return BucketPrefix(bucket) + EncodeObjectKey(key);
}

std::string VersionRowPrefix(const json& bucket, std::string_view key) {
  std::string row = ObjectRowKey(bucket, key);
  row.push_back('\0');
  return row;
}

std::string VersionRowKey(const json& bucket, std::string_view key, uint64_t seq) {
  char inverted[17];
  std::snprintf(inverted, sizeof inverted, "%016llx",
                static_cast<unsigned long long>(~uint64_t{0} - seq));
  return VersionRowPrefix(bucket, key) + inverted;
}

std::string ConfigRow(const json& bucket, std::string_view name) {
  return BucketPrefix(bucket) + std::string(name);
}

std::optional<json> FindBucket(storage::ReadTxn& txn, std::string_view name) {
  if (name.empty() || name.size() > 255) return std::nullopt;
  return storage::GetJson(txn, kBucketsTable, name);
}

json RequireBucket(storage::ReadTxn& txn, std::string_view name,
                   std::span<const std::string_view> members) {
  if (members.empty()) {
    auto bucket = FindBucket(txn, name);
    if (!bucket) throw NoSuchBucket(name);
    return std::move(*bucket);
  }
  auto text = name.empty() || name.size() > 255 ? std::nullopt : txn.Get(kBucketsTable, name);
  if (!text) throw NoSuchBucket(name);
  return PickMembers(*text, members);
}

json RequireInputBucket(storage::ReadTxn& txn, const json& input,
                        std::span<const std::string_view> members) {
  json bucket = RequireBucket(txn, input.at("Bucket").get<std::string>(), members);
  if (auto owner = input.find("ExpectedBucketOwner");
      owner != input.end() && *owner != bucket["Account"]) {
    throw AwsError("AccessDenied", "Access Denied", 403);
  }
  return bucket;
}

void ScanObjectRecordTexts(storage::ReadTxn& txn, std::string_view table,
                           const std::string& row_prefix, std::string_view key_prefix,
                           std::string_view after, const ObjectTextVisitor& fn) {
  std::string scan_prefix = row_prefix + EncodeObjectKey(key_prefix.substr(
                                             0, std::min(key_prefix.size(), kShortKeyBytes)));
  std::string start_after = after.empty() ? std::string() : row_prefix + ScanAfterPosition(after);
  std::vector<std::pair<std::string, std::string>> run;  // (key, record text)
  std::string run_head;
  bool stopped = false;
  auto flush = [&] {
    std::sort(run.begin(), run.end(),
              [](const auto& a, const auto& b) { return a.first < b.first; });
    for (auto& [key, text] : run) {
      if (stopped) break;
      if (!after.empty() && key <= after) continue;
      if (!fn(key, text)) stopped = true;
    }
    run.clear();
  };
  std::string key;
  txn.Scan(table, scan_prefix, start_after, [&](std::string_view row, std::string_view value) {
    std::string_view encoded = row.substr(row_prefix.size());
    if (IsLongEncoded(encoded)) {
      std::string_view head = encoded.substr(0, kShortKeyBytes);
      if (!run.empty() && head != run_head) flush();
      if (stopped) return false;
      run_head = std::string(head);
      run.emplace_back(ReadRecordKey(value), std::string(value));
      return true;
    }
    if (!run.empty()) flush();
    if (stopped) return false;
    key.assign(encoded);
    if (!fn(key, value)) {
      stopped = true;
      return false;
    }
    return true;
  });
  if (!stopped && !run.empty()) flush();
}

void ScanObjectRows(storage::ReadTxn& txn, std::string_view table, const std::string& row_prefix,
                    std::string_view key_prefix, std::string_view after, const ObjectVisitor& fn,
                    std::span<const std::string_view> members) {
  ScanObjectRecordTexts(txn, table, row_prefix, key_prefix, after,
                        [&](const std::string& key, std::string_view text) {
                          json record =
                              members.empty() ? json::parse(text) : PickMembers(text, members);
                          return fn(key, record);
                        });
}

void RefBlob(storage::WriteTxn& txn, storage::BlobStore& blobs, const std::string& sha) {
  auto count = txn.Get(kBlobRefsTable, sha);
  // A concurrent release may have removed the file between adoption and this transaction; a
  // counted blob is safe, since files go only with their last reference, in a transaction.
  if (!count && !txn.Get(kInlineBlobsTable, sha) && !blobs.Exists(sha)) {
    throw InternalError("the stored body vanished while it was being written; retry");
  }
  long long next = count ? std::stoll(*count) + 1 : 1;
  txn.Put(kBlobRefsTable, sha, std::to_string(next));
}

void RefInlineBlob(storage::WriteTxn& txn, const std::string& sha, std::string_view bytes) {
  auto count = txn.Get(kBlobRefsTable, sha);
  if (!count) txn.Put(kInlineBlobsTable, sha, bytes);
  txn.Put(kBlobRefsTable, sha, std::to_string(count ? std::stoll(*count) + 1 : 1));
}

void UnrefBlob(storage::WriteTxn& txn, storage::BlobStore& blobs, const std::string& sha) {
  auto count = txn.Get(kBlobRefsTable, sha);
  long long next = count ? std::stoll(*count) - 1 : 0;
  if (next > 0) {
    txn.Put(kBlobRefsTable, sha, std::to_string(next));
    return;
  }
  txn.Erase(kBlobRefsTable, sha);
  // A small body's inline row goes with S3's last reference; so does a file of the same content
  // (a completed multipart object or copied range equal to an inline body), unless another
  // service (a Lambda function deployed from this body) counts it. Removed inside the write
  // transaction, so no writer can reference it meanwhile.
  txn.Erase(kInlineBlobsTable, sha);
  storage::RemoveBlobIfUnreferenced(txn, blobs, sha);
}

void ReleaseRecordBlob(storage::WriteTxn& txn, storage::BlobStore& blobs, const json& record) {
  auto it = record.find("Blob");
  if (it != record.end() && it->is_string()) UnrefBlob(txn, blobs, it->get<std::string>());
}

}  // namespace terrarium::services::s3
