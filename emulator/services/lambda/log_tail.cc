#include "emulator/services/lambda/log_tail.h"

#include <cmath>

#include <fmt/format.h>

namespace terrarium::services::lambda {

std::string FormatInvocationLog(const InvocationLog& log) {
  std::string text = fmt::format("START RequestId: {} Version: {}\n", log.request_id, log.version);
  text += log.output;
  if (!log.output.empty() && log.output.back() != '\n') text += '\n';
  double billed = std::max(1.0, std::ceil(log.duration_ms));
  text += fmt::format("END RequestId: {}\n", log.request_id);
  text += fmt::format(
      "REPORT RequestId: {}\tDuration: {:.2f} ms\tBilled Duration: {:.0f} ms\tMemory Size: {} "
      "MB\tMax Memory Used: {} MB\t\n",
      log.request_id, log.duration_ms, billed, log.memory_mb, log.memory_mb);
  if (!log.extra_line.empty()) text += log.extra_line + "\n";
  return text;
}

std::string LogTail(std::string_view text, size_t limit) {
  if (text.size() <= limit) return std::string(text);
  size_t start = text.size() - limit;
  // Skip UTF-8 continuation bytes (10xxxxxx) so the tail decodes cleanly.
  while (start < text.size() && (static_cast<unsigned char>(text[start]) & 0xC0) == 0x80) ++start;
  return std::string(text.substr(start));
}

}  // namespace terrarium::services::lambda
