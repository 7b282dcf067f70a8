#include <sys/stat.h>
#include <zip.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include <gtest/gtest.h>

#include "emulator/core/aws_error.h"
#include "emulator/services/lambda/zip_package.h"
#include "tests/unit/zip_test_support.h"

namespace terrarium::services::lambda {
namespace {

namespace fs = std::filesystem;

using testsupport::MakeZip;

TEST(LambdaZipPackageTest, EntryNames) {
  EXPECT_TRUE(IsSafeEntryName("index.py"));
  EXPECT_TRUE(IsSafeEntryName("lib/pkg/__init__.py"));
  EXPECT_TRUE(IsSafeEntryName("./a/b"));
  EXPECT_TRUE(IsSafeEntryName("a..b/c"));
  EXPECT_FALSE(IsSafeEntryName("../evil"));
  EXPECT_FALSE(IsSafeEntryName("a/../../evil"));
  EXPECT_FALSE(IsSafeEntryName("/etc/passwd"));
  EXPECT_FALSE(IsSafeEntryName("..\\evil"));
  EXPECT_FALSE(IsSafeEntryName("C:/evil"));
  EXPECT_FALSE(IsSafeEntryName(""));
}

TEST(LambdaZipPackageTest, SymlinkTargets) {
  EXPECT_TRUE(IsSafeSymlink("lib/current", "v1"));
  EXPECT_TRUE(IsSafeSymlink("lib/a/link", "../b/file"));
  EXPECT_FALSE(IsSafeSymlink("link", "../outside"));
  EXPECT_FALSE(IsSafeSymlink("lib/link", "../../outside"));
  EXPECT_FALSE(IsSafeSymlink("link", "/etc/passwd"));
}

TEST(LambdaZipPackageTest, InspectsAGoodPackage) {
  std::string zip = MakeZip({{"bootstrap", "#!/bin/sh\n", 0100755}, {"lib/x.txt", "hello"}});
  PackageInfo info = InspectPackage(zip, zip.size() * 4 / 3, "CreateFunction");
  EXPECT_TRUE(info.has_bootstrap);
  EXPECT_EQ(info.unzipped_bytes, 15u);
}

TEST(LambdaZipPackageTest, RejectsZipSlipAndEscapingLinksAndGarbage) {
  std::string slip = MakeZip({{"ok.py", "x"}, {"../../evil.py", "x"}});
  EXPECT_THROW(InspectPackage(slip, slip.size(), "CreateFunction"), AwsError);
  std::string link = MakeZip({{"link", "../../../etc/passwd", 0120777}});
  EXPECT_THROW(InspectPackage(link, link.size(), "CreateFunction"), AwsError);
  try {
    InspectPackage("not a zip", 9, "CreateFunction");
    FAIL();
  } catch (const AwsError& e) {
    EXPECT_EQ(e.code, "InvalidParameterValueException");
    EXPECT_NE(e.message.find("Could not unzip uploaded file"), std::string::npos);
  }
}

TEST(LambdaZipPackageTest, RefusesOversizeRequests) {
  std::string zip = MakeZip({{"a", "b"}});
  try {
    InspectPackage(zip, kMaxZipRequestBytes, "UpdateFunctionCode");
    FAIL();
  } catch (const AwsError& e) {
    EXPECT_EQ(e.code, "RequestEntityTooLargeException");
    EXPECT_EQ(e.status, 413);
    EXPECT_EQ(e.message,
              "Request must be smaller than 69905067 bytes for the UpdateFunctionCode operation");
  }
}

TEST(LambdaZipPackageTest, UnpacksWithModes) {
  std::string zip = MakeZip({{"bootstrap", "#!/bin/sh\n", 0100755},
                             {"pkg/mod.py", "x = 1\n"},
                             {"pkg/link.py", "mod.py", 0120777}});
  fs::path dir = fs::temp_directory_path() / ("lambda_unpack_" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::path zip_path = dir.string() + ".zip";
  std::ofstream(zip_path, std::ios::binary) << zip;
  UnpackPackage(zip_path, dir);
  struct stat st {};
  ASSERT_EQ(::stat((dir / "bootstrap").c_str(), &st), 0);
  EXPECT_TRUE(st.st_mode & S_IXUSR);
  ASSERT_EQ(::stat((dir / "pkg/mod.py").c_str(), &st), 0);
  EXPECT_FALSE(st.st_mode & S_IXUSR);
  EXPECT_TRUE(fs::is_symlink(dir / "pkg/link.py"));
  EXPECT_EQ(fs::read_symlink(dir / "pkg/link.py"), "mod.py");
  fs::remove_all(dir);
  fs::remove(zip_path);
}

}  // namespace
}  // namespace terrarium::services::lambda
