// What a function's process inherits from the server: its standard streams and nothing else.
#include <fcntl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include <gtest/gtest.h>

#include "emulator/services/lambda/execution/process.h"

namespace terrarium::services::lambda {
namespace {

std::string ReadAll(const std::filesystem::path& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

TEST(LambdaProcessSpawn, ChildInheritsNoDescriptorBeyondItsStandardStreams) {
  // A socket pair without close-on-exec, as Asio's accepted client sockets are.
  int pair[2];
  ASSERT_EQ(::socketpair(AF_UNIX, SOCK_STREAM, 0, pair), 0);
  int leaked = pair[0];
  ASSERT_EQ(::fcntl(leaked, F_GETFD) & FD_CLOEXEC, 0);

  auto dir = std::filesystem::temp_directory_path() /
             ("terrarium-spawn-test-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  SpawnRequest request;
  // The shell reports whether the descriptor number is open in the child.
  request.argv = {"/bin/sh", "-c",
                  "if [ -e /proc/self/fd/" + std::to_string(leaked) +
                      " ]; then echo inherited; else echo closed; fi"};
  request.env = {{"PATH", "/usr/bin:/bin"}};
  request.cwd = dir;
  request.output = dir / "out.txt";
  pid_t pid = SpawnProcess(request);
  int status = 0;
  ASSERT_EQ(::waitpid(pid, &status, 0), pid);
  std::string output = ReadAll(request.output);
  ::close(pair[0]);
  ::close(pair[1]);
  std::filesystem::remove_all(dir);

  EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0);
  EXPECT_EQ(output, "closed\n");
}

}  // namespace
}  // namespace terrarium::services::lambda
