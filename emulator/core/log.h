// The process log: one line per event on stderr, filtered by level.
#pragma once

#include <mutex>
#include <optional>
#include <string_view>

namespace terrarium {

enum class LogLevel { kDebug, kInfo, kWarn, kError };

std::optional<LogLevel> ParseLogLevel(std::string_view name);

class Logger {
 public:
  explicit Logger(LogLevel level = LogLevel::kInfo) : level_(level) {}
  bool Enabled(LogLevel level) const { return level >= level_; }
  // Writes "<time> <LEVEL> <message>\n" as one write, so lines from threads never interleave.
  void Log(LogLevel level, std::string_view message);

 private:
  LogLevel level_;
  std::mutex mutex_;
};

}  // namespace terrarium
