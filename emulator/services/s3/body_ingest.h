// Takes an upload's body (in memory or a spool file) into the blob store in one pass: decodes
// aws-chunked while copying, computes the MD5 (ETag) and the requested checksums on the way, and
// adopts the result without ever holding a large body in memory.
#pragma once

#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "emulator/core/http_message.h"
#include "emulator/storage/store.h"

namespace terrarium::services::s3 {

struct IngestedBody {
  std::string blob;  // hex SHA-256 of the (decoded) bytes: the blob holding them
  // A small body (blob_bytes.h) is not written to a file: its bytes are here, to be stored
  // inline by the transaction that references it (RefNewBody).
  std::optional<std::string> inline_bytes;
  uint64_t size = 0;
  std::string md5;  // raw 16 bytes
  // Algorithm ("CRC32") -> base64 checksum, for every algorithm asked for or sent in a trailer.
  std::map<std::string, std::string> checksums;
  // Checksums the client sent in aws-chunked trailers: algorithm -> base64 value.
  std::map<std::string, std::string> trailing;
};

// `algorithms`: the checksums to compute besides MD5 ("CRC32", ...).
IngestedBody IngestBody(storage::BlobStore& blobs, Body& payload, bool aws_chunked,
                        const std::vector<std::string>& algorithms);

// The checksum of a whole file, base64 ("" for an unknown algorithm).
std::string FileChecksum(const std::filesystem::path& file, const std::string& algorithm);

// Adds the reference of the record about to be stored to the body IngestBody made: stores it
// inline when it is small.
void RefNewBody(storage::WriteTxn& txn, storage::BlobStore& blobs, const IngestedBody& body);
// Removes the blob IngestBody made when the request fails and nothing else refers to it.
void DiscardNewBody(storage::Store& store, const IngestedBody& body);

// Checks the body against Content-MD5 and the x-amz-checksum-* values of `input` and its
// trailers (BadDigest, InvalidDigest); removes the new blob when it fails and nothing else
// refers to it.
void VerifyBody(storage::Store& store, const IngestedBody& body, const nlohmann::json& input);

// The checksum algorithms an upload asks for: x-amz-sdk-checksum-algorithm and every
// x-amz-checksum-* header present.
std::vector<std::string> RequestedChecksums(const nlohmann::json& input);

}  // namespace terrarium::services::s3
