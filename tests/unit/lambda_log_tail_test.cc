#include <gtest/gtest.h>

#include "emulator/services/lambda/log_tail.h"

namespace terrarium::services::lambda {
namespace {

TEST(LambdaLogTailTest, FramesTheOutput) {
  InvocationLog log;
  log.request_id = "r1";
  log.output = "hello";
  log.duration_ms = 1.25;
  log.memory_mb = 256;
  log.extra_line = "timed out";
  std::string text = FormatInvocationLog(log);
  EXPECT_EQ(text,
            "START RequestId: r1 Version: $LATEST\nhello\nEND RequestId: r1\n"
            "REPORT RequestId: r1\tDuration: 1.25 ms\tBilled Duration: 2 ms\tMemory Size: 256 "
            "MB\tMax Memory Used: 256 MB\t\ntimed out\n");
}

TEST(LambdaLogTailTest, KeepsTheLastBytesOnACharacterBoundary) {
  EXPECT_EQ(LogTail("short"), "short");
  std::string text = std::string(5000, 'a') + "end";
  EXPECT_EQ(LogTail(text).size(), kLogTailBytes);
  EXPECT_TRUE(LogTail(text).ends_with("end"));
  // "é" is two bytes; a cut between them drops the orphaned continuation byte.
  std::string accents = "\xc3\xa9\xc3\xa9";
  EXPECT_EQ(LogTail(accents, 3), "\xc3\xa9");
}

}  // namespace
}  // namespace terrarium::services::lambda
