// How S3 object keys (any UTF-8, up to 1024 bytes) become store keys (at most 511 bytes) while
// keeping listing order. A key of up to kShortKeyBytes is stored as itself. A longer key is
// stored as its first kShortKeyBytes bytes, a 0x01 byte and the SHA-256 of the whole key: all
// long keys sharing those first bytes form one contiguous run in store order, placed exactly
// where their true keys belong, and a scan sorts each run by the full keys (kept in the values).
// Only keys sharing a 320-byte prefix pay for that sort.
#pragma once

#include <string>
#include <string_view>

namespace terrarium::services::s3 {

inline constexpr size_t kShortKeyBytes = 320;
inline constexpr size_t kMaxObjectKeyBytes = 1024;

// The stored form of `key` (see above).
std::string EncodeObjectKey(std::string_view key);
// Whether a stored form (without table prefix) is a long key's.
inline bool IsLongEncoded(std::string_view encoded) { return encoded.size() > kShortKeyBytes; }
// The store position to scan after so that exactly the keys greater than `key` follow: the
// key's own encoding for a short key, the start of its run for a long one (the caller then
// skips run members not greater than `key`).
std::string ScanAfterPosition(std::string_view key);
// The first key greater than every key that starts with `prefix` ("" if there is none), for
// skipping over a common prefix.
std::string PrefixSuccessor(std::string_view prefix);

}  // namespace terrarium::services::s3
