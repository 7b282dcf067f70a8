#include "emulator/protocols/shape_text.h"

#include <charconv>
#include <cmath>

#include "emulator/core/timestamp.h"

namespace terrarium::protocols {
namespace {

using models::ShapeType;

TimestampFormat ParseFormatName(const std::string& name, TimestampFormat fallback) {
  if (name == "iso8601") return TimestampFormat::kIso8601;
  if (name == "rfc822") return TimestampFormat::kRfc822;
  if (name == "unixTimestamp") return TimestampFormat::kEpochSeconds;
  return fallback;
}

template <typename Int>
std::optional<Int> ParseInteger(std::string_view text) {
  Int value{};
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc{} || end != text.data() + text.size() || text.empty()) return std::nullopt;
  return value;
}

}  // namespace

TimestampFormat TimestampFormatOf(const models::Member& member, TimestampFormat fallback) {
  if (!member.timestamp_format.empty()) return ParseFormatName(member.timestamp_format, fallback);
  if (member.shape != nullptr && !member.shape->timestamp_format.empty()) {
    return ParseFormatName(member.shape->timestamp_format, fallback);
  }
  return fallback;
}

std::optional<nlohmann::json> ScalarFromText(const models::Shape& shape, std::string_view text,
                                             TimestampFormat format) {
  switch (shape.type) {
    case ShapeType::kString:
    case ShapeType::kBlob:
      return nlohmann::json(std::string(text));
    case ShapeType::kInteger:
    case ShapeType::kLong:
      if (auto value = ParseInteger<int64_t>(text)) return nlohmann::json(*value);
      return std::nullopt;
    case ShapeType::kFloat:
    case ShapeType::kDouble: {
      if (text == "NaN") return nlohmann::json(std::nan(""));
      if (text == "Infinity") return nlohmann::json(HUGE_VAL);
      if (text == "-Infinity") return nlohmann::json(-HUGE_VAL);
      double value = 0;
      auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
      if (ec != std::errc{} || end != text.data() + text.size() || text.empty())
        return std::nullopt;
      return nlohmann::json(value);
    }
    case ShapeType::kBoolean:
      if (text == "true") return nlohmann::json(true);
      if (text == "false") return nlohmann::json(false);
      return std::nullopt;
    case ShapeType::kTimestamp:
      if (auto seconds = ParseTimestamp(text)) return nlohmann::json(*seconds);
      return std::nullopt;
    default:
      return std::nullopt;
  }
}

std::string ScalarToText(const models::Shape& shape, const nlohmann::json& value,
                         TimestampFormat format) {
  if (value.is_string()) return value.get<std::string>();
  if (value.is_boolean()) return value.get<bool>() ? "true" : "false";
  if (shape.type == ShapeType::kTimestamp && value.is_number()) {
    double seconds = value.get<double>();
    switch (format) {
      case TimestampFormat::kIso8601:
        return FormatIso8601(seconds);
      case TimestampFormat::kRfc822:
        return FormatRfc822(seconds);
      case TimestampFormat::kEpochSeconds:
        return FormatDouble(seconds);
    }
  }
  if (value.is_number_integer()) return value.dump();
  if (value.is_number()) return FormatDouble(value.get<double>());
  return value.dump();
}

std::string FormatDouble(double value) {
  if (std::isnan(value)) return "NaN";
  if (std::isinf(value)) return value > 0 ? "Infinity" : "-Infinity";
  char buffer[400];
  // Plain notation where AWS uses it (epoch seconds, sizes); exponents only for extremes.
  double magnitude = std::fabs(value);
  bool plain = magnitude == 0 || (magnitude >= 1e-6 && magnitude < 1e21);
  auto [end, ec] =
      plain ? std::to_chars(buffer, buffer + sizeof buffer, value, std::chars_format::fixed)
            : std::to_chars(buffer, buffer + sizeof buffer, value);
  return std::string(buffer, end);
}

}  // namespace terrarium::protocols
