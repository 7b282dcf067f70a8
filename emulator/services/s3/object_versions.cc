#include "emulator/services/s3/object_versions.h"

#include "emulator/services/s3/record_members.h"
#include "emulator/services/s3/s3_common.h"
#include "emulator/services/s3/s3_store.h"
#include "emulator/storage/json_table.h"

namespace terrarium::services::s3 {
namespace {

using nlohmann::json;

uint64_t SeqOf(const json& record) { return record.value("Seq", uint64_t{0}); }

// The noncurrent version with id `version_id`: its row key and record.
std::optional<std::pair<std::string, json>> FindNoncurrent(storage::ReadTxn& txn,
                                                           const json& bucket, std::string_view key,
                                                           std::string_view version_id) {
  std::optional<std::pair<std::string, json>> found;
  txn.Scan(kVersionsTable, VersionRowPrefix(bucket, key), "",
           [&](std::string_view row, std::string_view value) {
             json record = json::parse(value);
             if (record.value("VersionId", "") != version_id) return true;
             found.emplace(std::string(row), std::move(record));
             return false;
           });
  return found;
}

void MoveToNoncurrent(storage::WriteTxn& txn, const json& bucket, const json& record) {
  std::string key = record.at("Key");
  storage::PutJson(txn, kVersionsTable, VersionRowKey(bucket, key, SeqOf(record)), record);
}

void ReleaseVersion(storage::WriteTxn& txn, storage::BlobStore& blobs, const json& record) {
  if (!record.value("IsDeleteMarker", false)) ReleaseRecordBlob(txn, blobs, record);
}

// What PutCurrentVersion reads of a version it replaces (SeqOf, ReleaseVersion).
constexpr std::string_view kReplacedVersionMembers[] = {"Seq", "VersionId", "IsDeleteMarker",
                                                        "Blob"};

}  // namespace

std::optional<json> CurrentVersion(storage::ReadTxn& txn, const json& bucket,
                                   std::string_view key) {
  auto text = txn.Get(kObjectsTable, ObjectRowKey(bucket, key));
  if (!text) return std::nullopt;
  return ParseRecord(*text);
}

std::optional<json> FindVersion(storage::ReadTxn& txn, const json& bucket, std::string_view key,
                                std::string_view version_id) {
  auto current = CurrentVersion(txn, bucket, key);
  if (!current) return std::nullopt;
  if (current->value("VersionId", "null") == version_id) return current;
  auto found = FindNoncurrent(txn, bucket, key, version_id);
  if (!found) return std::nullopt;
  return std::move(found->second);
}

void PutCurrentVersion(storage::WriteTxn& txn, storage::BlobStore& blobs, const json& bucket,
                       json& record) {
  std::string key = record.at("Key");
  std::string state = bucket.value("Versioning", "");
  std::optional<json> current;
  if (auto text = txn.Get(kObjectsTable, ObjectRowKey(bucket, key))) {
    // An unversioned key's "null" version is replaced: of it only these members matter, and
    // parsing the whole record was a tenth of a small PutObject. A version kept as noncurrent
    // is parsed whole.
    current = PickMembers(*text, kReplacedVersionMembers);
    if (state == "Enabled" || current->value("VersionId", "null") != "null") {
      current = ParseRecord(*text);
    }
  }
  record["Seq"] = current ? SeqOf(*current) + 1 : 1;
  if (state == "Enabled") {
    record["VersionId"] = NewVersionId();
    if (current) MoveToNoncurrent(txn, bucket, *current);
  } else {
    record["VersionId"] = "null";
    if (current) {
      if (current->value("VersionId", "null") == "null") {
        ReleaseVersion(txn, blobs, *current);
      } else {
        MoveToNoncurrent(txn, bucket, *current);
      }
    }
    if (state == "Suspended") {
      if (auto old_null = FindNoncurrent(txn, bucket, key, "null")) {
        ReleaseVersion(txn, blobs, old_null->second);
        txn.Erase(kVersionsTable, old_null->first);
      }
    }
  }
  storage::PutJson(txn, kObjectsTable, ObjectRowKey(bucket, key), record);
}

std::optional<json> UpdateVersion(storage::WriteTxn& txn, const json& bucket, std::string_view key,
                                  std::string_view version_id,
                                  const std::function<void(json&)>& change) {
  auto current = CurrentVersion(txn, bucket, key);
  if (!current) return std::nullopt;
  if (version_id.empty() || current->value("VersionId", "null") == version_id) {
    change(*current);
    storage::PutJson(txn, kObjectsTable, ObjectRowKey(bucket, key), *current);
    return current;
  }
  auto found = FindNoncurrent(txn, bucket, key, version_id);
  if (!found) return std::nullopt;
  change(found->second);
  storage::PutJson(txn, kVersionsTable, found->first, found->second);
  return std::move(found->second);
}

DeleteResult DeleteCurrent(storage::WriteTxn& txn, storage::BlobStore& blobs, const json& bucket,
                           std::string_view key, double now) {
  std::string state = bucket.value("Versioning", "");
  if (state.empty()) {
    if (auto current = CurrentVersion(txn, bucket, key)) {
      ReleaseVersion(txn, blobs, *current);
      txn.Erase(kObjectsTable, ObjectRowKey(bucket, key));
    }
    return {};
  }
  json marker = {{"Key", std::string(key)}, {"IsDeleteMarker", true}, {"LastModified", now}};
  PutCurrentVersion(txn, blobs, bucket, marker);
  return {true, marker["VersionId"].get<std::string>()};
}

DeleteResult DeleteVersion(storage::WriteTxn& txn, storage::BlobStore& blobs, const json& bucket,
                           std::string_view key, std::string_view version_id) {
  DeleteResult result{false, std::string(version_id)};
  auto current = CurrentVersion(txn, bucket, key);
  if (!current) return result;
  if (current->value("VersionId", "null") == version_id) {
    result.delete_marker = current->value("IsDeleteMarker", false);
    ReleaseVersion(txn, blobs, *current);
    std::string row = ObjectRowKey(bucket, key);
    // The newest noncurrent version, if any, becomes current.
    std::optional<std::pair<std::string, json>> newest;
    txn.Scan(kVersionsTable, VersionRowPrefix(bucket, key), "",
             [&](std::string_view version_row, std::string_view value) {
               newest.emplace(std::string(version_row), json::parse(value));
               return false;
             });
    if (newest) {
      txn.Erase(kVersionsTable, newest->first);
      storage::PutJson(txn, kObjectsTable, row, newest->second);
    } else {
      txn.Erase(kObjectsTable, row);
    }
    return result;
  }
  if (auto found = FindNoncurrent(txn, bucket, key, version_id)) {
    result.delete_marker = found->second.value("IsDeleteMarker", false);
    ReleaseVersion(txn, blobs, found->second);
    txn.Erase(kVersionsTable, found->first);
  }
  return result;
}

}  // namespace terrarium::services::s3
