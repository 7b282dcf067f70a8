#include "emulator/services/dynamodb/key_codec.h"

#include "emulator/core/encoding.h"
#include "emulator/services/dynamodb/attribute_value.h"

namespace terrarium::services::dynamodb {
namespace {

// Numbers: a sign byte (0x01 negative, 0x02 zero, 0x03 positive), the exponent biased to a
// byte, then the digits; negative numbers complement exponent and digits so that larger
// magnitudes sort first. Digits end with a byte below (positive) or above (negative) any digit,
// so 1.2 < 1.21 and -1.21 < -1.2.
std::string EncodeNumber(const Number& number) {
  std::string out;
  if (number.IsZero()) return std::string(1, '\x02');
  auto biased = static_cast<unsigned char>(number.exponent() + 130);
  if (!number.negative()) {
    out.push_back('\x03');
    out.push_back(static_cast<char>(biased));
    for (char d : number.digits()) out.push_back(static_cast<char>(d - '0' + 1));
    out.push_back('\x00');
  } else {
    out.push_back('\x01');
    out.push_back(static_cast<char>(255 - biased));
    for (char d : number.digits()) out.push_back(static_cast<char>(254 - (d - '0')));
    out.push_back('\xFF');
  }
  return out;
}

// 0x00 becomes 0x00 0xFF and the end is 0x00 0x01: order-preserving and prefix-free.
std::string EscapeTerminate(std::string_view bytes) {
  std::string out;
  out.reserve(bytes.size() + 2);
  for (char c : bytes) {
    out.push_back(c);
    if (c == '\0') out.push_back('\xFF');
  }
  out.append("\x00\x01", 2);
  return out;
}

}  // namespace

std::string EncodeScalar(const nlohmann::json& value) {
  std::string_view type = TypeOf(value);
  if (type == "N") return EncodeNumber(NumberOf(value));
  if (type == "B") return BytesOf(value);
  return value.begin().value().get<std::string>();
}

std::string HashPart(const nlohmann::json& value) {
  std::string escaped = EscapeTerminate(EncodeScalar(value));
  if (escaped.size() <= kMaxHashPartBytes) return escaped;
  // 0x00 0x02 never starts an escaped value (0x00 is always followed by 0xFF or 0x01).
  return std::string("\x00\x02", 2) + Sha256(escaped);
}

std::string RangePart(const nlohmann::json& value) {
  std::string raw = EncodeScalar(value);
  if (raw.size() <= kRangeKeepBytes) return EscapeTerminate(raw);
  // Every value whose encoding starts with these bytes and is longer is truncated alike, so they
  // sit together, after the value that is exactly these bytes (its 0x00 0x01 sorts first).
  std::string out = EscapeTerminate(std::string_view(raw).substr(0, kRangeKeepBytes));
  out.back() = '\x03';
  return out + Sha256(raw);
}

namespace {

// The length of the part at the start of `bytes` and whether it is a truncated range part.
std::pair<size_t, bool> ScanPart(std::string_view bytes) {
  if (bytes.starts_with(std::string_view("\x00\x02", 2))) return {2 + 32, false};
  for (size_t i = 0; i + 1 < bytes.size(); ++i) {
    if (bytes[i] != '\0') continue;
    if (bytes[i + 1] == '\x01') return {i + 2, false};
    if (bytes[i + 1] == '\x03') return {std::min(bytes.size(), i + 2 + 32), true};
    ++i;  // an escaped 0x00
  }
  return {bytes.size(), false};
}

}  // namespace

bool IsTruncatedRange(std::string_view range_part) { return ScanPart(range_part).second; }

size_t PartLength(std::string_view bytes) { return ScanPart(bytes).first; }

}  // namespace terrarium::services::dynamodb
