// Byte encodings AWS uses on the wire: base64, hex digests, CRC32, UTF-8.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace terrarium {

std::string Base64Encode(std::string_view bytes);
// nullopt when `text` is not valid base64 (padding optional).
std::optional<std::string> Base64Decode(std::string_view text);
std::string HexEncode(std::string_view bytes);
std::string Md5(std::string_view bytes);                              // raw 16 bytes
std::string Sha256(std::string_view bytes);                           // raw 32 bytes
std::string HmacSha256(std::string_view key, std::string_view data);  // raw 32 bytes
uint32_t Crc32(std::string_view bytes);
// Well-formed UTF-8 as RFC 3629 defines it: no overlong forms, no surrogates, nothing past
// U+10FFFF (what nlohmann's serializer insists on).
bool IsUtf8(std::string_view text);

}  // namespace terrarium
