// `terrarium apply-template`'s pieces that need no emulator: the default stack name and the
// exit code for arguments it cannot use.
#include <gtest/gtest.h>

#include <cstdio>

#include "emulator/app/apply_template.h"

namespace terrarium::app {
namespace {

TEST(ApplyTemplateTest, DefaultStackNameIsTheFileStemMadeValid) {
  EXPECT_EQ(DefaultStackName("examples/cloudformation/queue_with_dlq.yaml"), "queue-with-dlq");
  EXPECT_EQ(DefaultStackName("/tmp/My.Stack.json"), "My-Stack");
  EXPECT_EQ(DefaultStackName("2024_app.yml"), "stack-2024-app");
  EXPECT_EQ(DefaultStackName(std::string(200, 'a') + ".yaml").size(), 128u);
}

TEST(ApplyTemplateTest, BadArgumentsExitWithTwoBeforeAnyCall) {
  std::FILE* sink = std::tmpfile();
  ApplyTemplateOptions options;
  options.template_path = "/nonexistent/template.yaml";
  options.endpoint = "ftp://nowhere";
  EXPECT_EQ(RunApplyTemplate(options, sink, sink), 2);  // not an http endpoint
  options.endpoint = "https://secure.example";
  EXPECT_EQ(RunApplyTemplate(options, sink, sink), 2);  // https is not supported
  std::fclose(sink);
}

}  // namespace
}  // namespace terrarium::app
