// The log of one invocation as `LogType: Tail` returns it: the runtime's START/END/REPORT lines
// around what the function printed, cut to the last 4 KB.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace terrarium::services::lambda {

inline constexpr size_t kLogTailBytes = 4096;

struct InvocationLog {
  std::string request_id;
  std::string version = "$LATEST";
  std::string output;      // what the function wrote to stdout/stderr during the invocation
  std::string extra_line;  // e.g. the timeout notice, after REPORT; empty for none
  double duration_ms = 0;
  int memory_mb = 128;
};

// The full text: START, output, END, REPORT, then extra_line.
std::string FormatInvocationLog(const InvocationLog& log);

// The last `limit` bytes of `text`, not starting in the middle of a UTF-8 sequence.
std::string LogTail(std::string_view text, size_t limit = kLogTailBytes);

}  // namespace terrarium::services::lambda
