#include "emulator/services/s3/byte_range.h"

#include <cctype>
#include <string>

namespace terrarium::services::s3 {
namespace {

std::optional<uint64_t> Number(std::string_view text) {
  if (text.empty() || text.size() > 19) return std::nullopt;
  uint64_t value = 0;
  for (char c : text) {
    if (!std::isdigit(static_cast<unsigned char>(c))) return std::nullopt;
    value = value * 10 + static_cast<uint64_t>(c - '0');
  }
  return value;
}

std::string_view TrimSpaces(std::string_view text) {
  while (!text.empty() && text.front() == ' ') text.remove_prefix(1);
  while (!text.empty() && text.back() == ' ') text.remove_suffix(1);
  return text;
}

}  // namespace

RangeResult ParseRange(std::string_view header, uint64_t size, ByteRange* range) {
  header = TrimSpaces(header);
  constexpr std::string_view kUnit = "bytes=";
  if (!header.starts_with(kUnit)) return RangeResult::kNone;
  std::string_view spec = TrimSpaces(header.substr(kUnit.size()));
  if (spec.find(',') != std::string_view::npos) return RangeResult::kNone;
  auto dash = spec.find('-');
  if (dash == std::string_view::npos) return RangeResult::kNone;
  std::string_view first_text = TrimSpaces(spec.substr(0, dash));
  std::string_view last_text = TrimSpaces(spec.substr(dash + 1));
  if (first_text.empty()) {
    auto suffix = Number(last_text);
    if (!suffix) return RangeResult::kNone;
    if (*suffix == 0 || size == 0) return RangeResult::kUnsatisfiable;
    range->first = *suffix >= size ? 0 : size - *suffix;
    range->last = size - 1;
    return RangeResult::kSatisfiable;
  }
  auto first = Number(first_text);
  if (!first) return RangeResult::kNone;
  uint64_t last = size == 0 ? 0 : size - 1;
  if (!last_text.empty()) {
    auto parsed = Number(last_text);
    if (!parsed || *parsed < *first) return RangeResult::kNone;
    last = std::min(*parsed, last);
  }
  if (*first >= size) return RangeResult::kUnsatisfiable;
  range->first = *first;
  range->last = last;
  return RangeResult::kSatisfiable;
}

}  // namespace terrarium::services::s3
