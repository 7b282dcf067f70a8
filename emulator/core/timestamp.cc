#include "emulator/core/timestamp.h"

#include <charconv>
#include <cmath>
#include <cstdio>
#include <ctime>

namespace terrarium {
namespace {

std::tm ToTm(double epoch_seconds) {
  std::time_t seconds = static_cast<std::time_t>(std::floor(epoch_seconds));
  std::tm tm{};
  gmtime_r(&seconds, &tm);
  return tm;
}

std::optional<double> ParseEpoch(std::string_view text) {
  double value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc{} || end != text.data() + text.size()) return std::nullopt;
  return value;
}

std::optional<double> ParseIso8601(std::string_view text) {
  std::tm tm{};
  std::string copy(text);
  const char* rest = strptime(copy.c_str(), "%Y-%m-%dT%H:%M:%S", &tm);
  if (rest == nullptr) return std::nullopt;
  double fraction = 0;
  if (*rest == '.') {
    const char* start = rest;
    ++rest;
    while (*rest >= '0' && *rest <= '9') ++rest;
    fraction = std::strtod(std::string(start, rest).c_str(), nullptr);
  }
  long offset = 0;
  if (*rest == 'Z' || *rest == 'z') {
    ++rest;
  } else if (*rest == '+' || *rest == '-') {
    // Exactly "+HH:MM": sscanf's "%2d:%2d" also took "+1:2", and skipping six characters then
    // read past the end of the text (found by fuzz_s3_xml). Each check stops at the NUL.
    auto digit = [](char c) { return c >= '0' && c <= '9'; };
    if (!(digit(rest[1]) && digit(rest[2]) && rest[3] == ':' && digit(rest[4]) && digit(rest[5])))
      return std::nullopt;
    long hours = (rest[1] - '0') * 10 + (rest[2] - '0');
    long minutes = (rest[4] - '0') * 10 + (rest[5] - '0');
    offset = (hours * 3600 + minutes * 60) * (*rest == '+' ? 1 : -1);
    rest += 6;
  }
  if (*rest != '\0') return std::nullopt;
  return static_cast<double>(timegm(&tm) - offset) + fraction;
}

std::optional<double> ParseRfc822(std::string_view text) {
  std::tm tm{};
  std::string copy(text);
  const char* rest = strptime(copy.c_str(), "%a, %d %b %Y %H:%M:%S", &tm);
  if (rest == nullptr) return std::nullopt;
  return static_cast<double>(timegm(&tm));
}

}  // namespace

std::string FormatIso8601(double epoch_seconds) {
  std::tm tm = ToTm(epoch_seconds);
  int millis =
      static_cast<int>(std::lround((epoch_seconds - std::floor(epoch_seconds)) * 1000)) % 1000;
  char buffer[96];
  std::snprintf(buffer, sizeof buffer, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", tm.tm_year + 1900,
                tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, millis);
  return buffer;
}

std::string FormatRfc822(double epoch_seconds) {
  std::tm tm = ToTm(epoch_seconds);
  char buffer[40];
  std::strftime(buffer, sizeof buffer, "%a, %d %b %Y %H:%M:%S GMT", &tm);
  return buffer;
}

std::optional<double> ParseTimestamp(std::string_view text) {
  if (text.empty()) return std::nullopt;
  if (auto epoch = ParseEpoch(text)) return epoch;
  // RFC 822 dates end in "GMT", so only a date that starts with a digit is ISO 8601.
  if (text.front() >= '0' && text.front() <= '9' && text.find('T') != std::string_view::npos)
    return ParseIso8601(text);
  return ParseRfc822(text);
}

}  // namespace terrarium
