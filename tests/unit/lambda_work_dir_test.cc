#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "emulator/services/lambda/execution/work_dir.h"

namespace terrarium::services::lambda {
namespace {

namespace fs = std::filesystem;

class LambdaWorkDirTest : public ::testing::Test {
 protected:
  void SetUp() override {
    root_ = fs::temp_directory_path() / ("lambda-work-dir-test-" + std::to_string(::getpid()));
    fs::remove_all(root_);
    fs::create_directories(root_);
  }
  void TearDown() override { fs::remove_all(root_); }

  fs::path MakeDir(const std::string& name) {
    fs::path dir = root_ / name;
    fs::create_directories(dir / "code");
    std::ofstream(dir / "code" / "f.py") << "x";
    return dir;
  }

  fs::path root_;
};

TEST_F(LambdaWorkDirTest, NamesTheDirectoryAfterTheProcess) {
  EXPECT_EQ(LambdaWorkDir("/tmp", 4242), fs::path("/tmp/terrarium-lambda-4242"));
}

TEST_F(LambdaWorkDirTest, RemovesOnlyTheDirectoriesOfProcessesThatAreGone) {
  fs::path dead = MakeDir("terrarium-lambda-100");
  fs::path running = MakeDir("terrarium-lambda-200");
  fs::path other = MakeDir("terrarium-lambda-300x");
  fs::path unrelated = MakeDir("something-else-100");
  fs::create_directory_symlink(running, root_ / "terrarium-lambda-400");
  std::ofstream(root_ / "terrarium-lambda-500") << "a file, not a work dir";

  auto alive = [](pid_t pid) { return pid == 200; };
  EXPECT_EQ(RemoveStaleLambdaWorkDirs(root_, alive), 1u);
  EXPECT_FALSE(fs::exists(dead));
  EXPECT_TRUE(fs::exists(running / "code" / "f.py"));
  EXPECT_TRUE(fs::exists(other));
  EXPECT_TRUE(fs::exists(unrelated));
  EXPECT_TRUE(fs::is_symlink(root_ / "terrarium-lambda-400"));
  EXPECT_TRUE(fs::is_regular_file(root_ / "terrarium-lambda-500"));
  EXPECT_EQ(RemoveStaleLambdaWorkDirs(root_, alive), 0u);
}

TEST_F(LambdaWorkDirTest, ThisProcessIsAlive) {
  EXPECT_TRUE(ProcessAlive(::getpid()));
  MakeDir("terrarium-lambda-" + std::to_string(::getpid()));
  EXPECT_EQ(RemoveStaleLambdaWorkDirs(root_), 0u);
}

TEST_F(LambdaWorkDirTest, AMissingTempRootRemovesNothing) {
  EXPECT_EQ(RemoveStaleLambdaWorkDirs(root_ / "absent", [](pid_t) { return false; }), 0u);
}

}  // namespace
}  // namespace terrarium::services::lambda
