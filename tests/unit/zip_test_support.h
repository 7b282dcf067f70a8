// Zip packages for Lambda unit tests, built with libzip.
#pragma once

#include <unistd.h>
#include <zip.h>

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

namespace terrarium::testsupport {

struct Entry {
  std::string name;
  std::string data;
  uint32_t mode = 0;  // unix mode, 0 for none
};

// Builds a zip with libzip and returns its bytes.
inline std::string MakeZip(const std::vector<Entry>& entries) {
  std::filesystem::path path =
      std::filesystem::temp_directory_path() / ("lambda_zip_test_" + std::to_string(::getpid()));
  std::filesystem::remove(path);
  int error = 0;
  zip_t* zip = zip_open(path.c_str(), ZIP_CREATE | ZIP_TRUNCATE, &error);
  EXPECT_NE(zip, nullptr);
  for (const auto& entry : entries) {
    zip_source_t* source = zip_source_buffer(zip, entry.data.data(), entry.data.size(), 0);
    zip_int64_t index = zip_file_add(zip, entry.name.c_str(), source, ZIP_FL_ENC_UTF_8);
    EXPECT_GE(index, 0) << entry.name;
    if (entry.mode != 0) {
      zip_file_set_external_attributes(zip, index, 0, ZIP_OPSYS_UNIX, entry.mode << 16);
    }
  }
  EXPECT_EQ(zip_close(zip), 0);
  std::ifstream in(path, std::ios::binary);
  std::stringstream bytes;
  bytes << in.rdbuf();
  std::filesystem::remove(path);
  return bytes.str();
}

}  // namespace terrarium::testsupport
