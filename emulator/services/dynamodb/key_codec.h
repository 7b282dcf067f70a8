// Store keys for items: byte strings whose order is DynamoDB's order. A key attribute value
// (S, N or B) is encoded so that bytewise order is the type's order (strings by UTF-8 bytes,
// numbers numerically, binary bytewise), then escaped and terminated so that a hash part is a
// prefix-free unit and a range part sorts before anything longer.
//
// LMDB keys stop at 511 bytes while DynamoDB allows 2048-byte hash and 1024-byte range values:
// a long hash part becomes a digest (partitions need a stable order, not a meaningful one); a
// range value longer than kRangeKeepBytes keeps that many bytes, then 0x00 0x03 and a digest, so
// the store order is right except among long values sharing those bytes, which readers sort
// themselves (IsTruncatedRange).
#pragma once

#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

namespace terrarium::services::dynamodb {

// The order-preserving bytes of a scalar key value ({"S": ..}, {"N": ..} or {"B": ..}).
std::string EncodeScalar(const nlohmann::json& value);

// The partition part of a key: prefix-free, stable, at most kMaxHashPartBytes.
std::string HashPart(const nlohmann::json& value);
// The sort part of a key: order-preserving, prefix-free, at most kMaxRangePartBytes.
std::string RangePart(const nlohmann::json& value);
// Whether a range part was shortened (its order among equal prefixes is not the store's).
bool IsTruncatedRange(std::string_view range_part);

// The length of the hash or range part that starts `bytes` (a store key past its prefix).
size_t PartLength(std::string_view bytes);

inline constexpr size_t kRangeKeepBytes = 100;  // of the encoded value, before escaping
inline constexpr size_t kMaxHashPartBytes = 100;
inline constexpr size_t kMaxRangePartBytes = 2 * kRangeKeepBytes + 2 + 32;

}  // namespace terrarium::services::dynamodb
