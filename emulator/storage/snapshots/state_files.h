// The whole store as files: what a snapshot commit's tree holds, and what loading one puts back.
//
// Layout (every path is reversible to its table and key):
//   <service>/<table>/<key components>.json   one record per file: a store table named
//                                             "<service>.<table>", its key split at '/', and the
//                                             value as canonical JSON (sorted keys, 2-space
//                                             indent, final newline)
//   <service>/<table>/<key components>.raw    a value that is not canonical JSON, byte for byte
//   _misc/<table>/<key components>.*          a table whose name has no '.'
//   _blobs/<sha256>                           a blob file (object body, function code) that a
//                                             record names by its SHA-256
//   _terrarium.json                           the layout's format version
// Path components are percent-encoded where a byte would be unsafe or ambiguous in a git tree
// (see EncodeComponent), so keys with '%', control bytes, "..", or empty components survive.
#pragma once

#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>

#include "emulator/storage/store.h"

namespace terrarium::storage::snapshots {

// Every table's rows: table -> key -> value.
using Tables = std::map<std::string, std::map<std::string, std::string>, std::less<>>;

// A state as files: path -> content, and the blobs it refers to (kept apart because their
// content is in the blob store, too large to hold in memory).
struct StateFiles {
  std::map<std::string, std::string> files;
  std::set<std::string> blobs;  // SHA-256 hex of blob files the records name
};

inline constexpr std::string_view kBlobDir = "_blobs/";
inline constexpr std::string_view kManifestPath = "_terrarium.json";

// One path component, safe in a git tree: bytes outside a readable set become %XX, an empty
// component is "%", and a leading '.' is escaped. `dir` also escapes the '.' of a trailing
// ".json" or ".raw" (a folder never looks like a record file); `service` a leading '_'.
std::string EncodeComponent(std::string_view bytes, bool dir, bool service = false);
// The inverse; throws std::invalid_argument on a malformed component.
std::string DecodeComponent(std::string_view component);

// The file of a row, and the row of a file (nullopt for blob and manifest paths). `raw` says
// whether the value is stored verbatim (.raw) or as canonical JSON (.json).
std::string RecordPath(std::string_view table, std::string_view key, bool raw);
struct RowRef {
  std::string table;
  std::string key;
  bool raw = false;
};
std::optional<RowRef> ParseRecordPath(std::string_view path);

// The file content of a stored value, and the stored value of a file's content.
std::string FileContent(std::string_view value, bool& raw);
std::string StoredValue(std::string_view content, bool raw);

// Dumps every table `txn` sees. A JSON string of 64 lower-case hex digits naming a blob that
// exists is taken as a reference to that blob (how S3 records and Lambda functions name theirs).
StateFiles DumpState(ReadTxn& txn, const BlobStore& blobs);

// The rows a state's files describe; throws std::invalid_argument on a path that is neither.
Tables RowsOf(const std::map<std::string, std::string>& files);

// Makes the store's tables hold exactly `rows` (erasing every other row), inside `txn`.
// Returns how many rows were written or erased.
size_t ReplaceRows(WriteTxn& txn, const Tables& rows);

// The blobs the store's rows refer to (same rule as DumpState).
std::set<std::string> ReferencedBlobs(ReadTxn& txn, const BlobStore& blobs);

}  // namespace terrarium::storage::snapshots
