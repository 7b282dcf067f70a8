// S3's state in the store: the tables, their keys, and the records they hold.
//
// Bucket names are global (unique across every account and region), so the bucket table is
// keyed by name alone. Everything inside a bucket is keyed under the scope of the bucket's owner
// and home region, "<account>/<region>/<bucket>/...", whichever scope the request came in.
// Records are JSON keyed by S3's model member names, so handlers copy them into outputs.
#pragma once

#include <functional>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "emulator/core/scope.h"
#include "emulator/storage/store.h"

namespace terrarium::services::s3 {

// Global: bucket name -> {"Name", "Account", "Region", "CreationDate", "Versioning", ...}.
inline constexpr const char* kBucketsTable = "s3.buckets";
// "<account>/<bucket>" -> "": the buckets of an account across all regions, for ListBuckets.
inline constexpr const char* kAccountBucketsTable = "s3.account_buckets";
// "<scope>/<bucket>/<encoded key>" -> the key's current version (perhaps a delete marker).
inline constexpr const char* kObjectsTable = "s3.objects";
// "<scope>/<bucket>/<encoded key>\0<16 hex, newest first>" -> a noncurrent version.
inline constexpr const char* kVersionsTable = "s3.versions";
// "<scope>/<bucket>/<configuration name>" -> the configuration document as PUT.
inline constexpr const char* kConfigTable = "s3.bucket_configs";
// "<scope>/<bucket>/<upload id>" -> a multipart upload in progress.
inline constexpr const char* kUploadsTable = "s3.uploads";
// "<scope>/<bucket>/<upload id>/<5-digit part number>" -> an uploaded part.
inline constexpr const char* kPartsTable = "s3.parts";
// Global, as blob files are: blob SHA-256 -> how many S3 records refer to it.
inline constexpr const char* kBlobRefsTable = "s3.blob_refs";
// Global: blob SHA-256 -> the bytes of a small body stored inline (blob_bytes.h), not as a file.
inline constexpr const char* kInlineBlobsTable = "s3.inline_blobs";

// The scope a bucket's contents live in.
Scope BucketScope(const nlohmann::json& bucket);
// "<scope>/<bucket>/": the prefix of all of a bucket's rows in the per-bucket tables.
std::string BucketPrefix(const nlohmann::json& bucket);
std::string ObjectRowKey(const nlohmann::json& bucket, std::string_view key);
// The prefix of the noncurrent versions of one key.
std::string VersionRowPrefix(const nlohmann::json& bucket, std::string_view key);
// The row of a noncurrent version with sequence number `seq` (higher is newer).
std::string VersionRowKey(const nlohmann::json& bucket, std::string_view key, uint64_t seq);

// The row of one of a bucket's configurations ("cors", "policy", ...) in kConfigTable.
std::string ConfigRow(const nlohmann::json& bucket, std::string_view name);

std::optional<nlohmann::json> FindBucket(storage::ReadTxn& txn, std::string_view name);
// The bucket, or NoSuchBucket. `members`: when not empty, the bucket holds only these members
// (and costs less to read).
nlohmann::json RequireBucket(storage::ReadTxn& txn, std::string_view name,
                             std::span<const std::string_view> members = {});
// What reads and writes of an object use of its bucket: the row keys and whether versioning is
// on. The rest (the ACL above all) is not parsed: the bucket was a fifth of a small GET.
inline constexpr std::string_view kObjectBucketMembers[] = {"Name", "Account", "Region",
                                                            "Versioning"};
// The bucket an operation's input names ("Bucket"), or NoSuchBucket; AccessDenied when the
// input's ExpectedBucketOwner is another account. `members`: when not empty, the bucket holds
// only these members (and costs less to read).
nlohmann::json RequireInputBucket(storage::ReadTxn& txn, const nlohmann::json& input,
                                  std::span<const std::string_view> members = {});

// Visits a bucket's rows of `table` (objects or the like keyed by encoded object key) whose keys
// are greater than `after` and start with the first bytes of `prefix`, in true key order (long
// keys' runs sorted). `fn` gets the object key and the record (which it may move from); returns
// false to stop. `members`: when not empty, the records hold only these members (and "Key"),
// which costs less than parsing them whole.
using ObjectVisitor = std::function<bool(const std::string& key, nlohmann::json& record)>;
void ScanObjectRows(storage::ReadTxn& txn, std::string_view table, const std::string& row_prefix,
                    std::string_view key_prefix, std::string_view after, const ObjectVisitor& fn,
                    std::span<const std::string_view> members = {});

// ScanObjectRows without parsing: `fn` gets the object key and the record's stored text.
using ObjectTextVisitor = std::function<bool(const std::string& key, std::string_view text)>;
void ScanObjectRecordTexts(storage::ReadTxn& txn, std::string_view table,
                           const std::string& row_prefix, std::string_view key_prefix,
                           std::string_view after, const ObjectTextVisitor& fn);

// Reference counting of blobs shared by objects, versions and parts with equal content.
void RefBlob(storage::WriteTxn& txn, storage::BlobStore& blobs, const std::string& sha);
// Adds a reference to the small body `bytes` (SHA-256 `sha`), storing it inline unless a blob
// of that content is already stored (inline or as a file).
void RefInlineBlob(storage::WriteTxn& txn, const std::string& sha, std::string_view bytes);
// Drops one reference; the file or inline row goes with the last one.
void UnrefBlob(storage::WriteTxn& txn, storage::BlobStore& blobs, const std::string& sha);
// Drops the blob of a record, if it has one.
void ReleaseRecordBlob(storage::WriteTxn& txn, storage::BlobStore& blobs,
                       const nlohmann::json& record);

}  // namespace terrarium::services::s3
