#include "emulator/core/log.h"

#include <unistd.h>

#include <chrono>
#include <string>

namespace terrarium {

std::optional<LogLevel> ParseLogLevel(std::string_view name) {
  if (name == "debug" || name == "trace") return LogLevel::kDebug;
  if (name == "info") return LogLevel::kInfo;
  if (name == "warn" || name == "warning") return LogLevel::kWarn;
  if (name == "error") return LogLevel::kError;
  return std::nullopt;
}

namespace {

// Writes `value` as `width` decimal digits (zero-padded) at `out`; returns the end.
char* LogPutDigits(char* out, int value, int width) {
  for (int i = width - 1; i >= 0; --i) {
    out[i] = static_cast<char>('0' + value % 10);
    value /= 10;
  }
  return out + width;
}

// "2026-11-27T03:47:09.123Z" (24 characters) at `out`. By calendar arithmetic rather than
// gmtime_r + snprintf: glibc's gmtime_r takes the time zone lock on every call, and the request
// log writes a line per request from every io thread.
char* LogPutTimestamp(char* out, std::chrono::system_clock::time_point now) {
  using namespace std::chrono;
  auto millis = floor<milliseconds>(now);
  auto day = floor<days>(millis);
  year_month_day date{day};
  hh_mm_ss time{millis - day};
  out = LogPutDigits(out, static_cast<int>(date.year()), 4);
  *out++ = '-';
  out = LogPutDigits(out, static_cast<int>(static_cast<unsigned>(date.month())), 2);
  *out++ = '-';
  out = LogPutDigits(out, static_cast<int>(static_cast<unsigned>(date.day())), 2);
  *out++ = 'T';
  out = LogPutDigits(out, static_cast<int>(time.hours().count()), 2);
  *out++ = ':';
  out = LogPutDigits(out, static_cast<int>(time.minutes().count()), 2);
  *out++ = ':';
  out = LogPutDigits(out, static_cast<int>(time.seconds().count()), 2);
  *out++ = '.';
  out = LogPutDigits(out, static_cast<int>(time.subseconds().count()), 3);
  *out++ = 'Z';
  return out;
}

}  // namespace

void Logger::Log(LogLevel level, std::string_view message) {
  if (!Enabled(level)) return;
  static constexpr std::string_view kNames[] = {"DEBUG", "INFO", "WARN", "ERROR"};
  char stamp[32];
  char* stamp_end = LogPutTimestamp(stamp, std::chrono::system_clock::now());
  std::string line;
  line.reserve(message.size() + 48);
  line.append(stamp, stamp_end).append(" ").append(kNames[static_cast<int>(level)]).append(" ");
  line.append(message).push_back('\n');
  std::lock_guard lock(mutex_);
  for (size_t written = 0; written < line.size();) {
    ssize_t n = ::write(STDERR_FILENO, line.data() + written, line.size() - written);
    if (n <= 0) break;
    written += static_cast<size_t>(n);
  }
}

}  // namespace terrarium
