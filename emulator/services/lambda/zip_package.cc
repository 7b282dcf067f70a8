#include "emulator/services/lambda/zip_package.h"

#include <sys/stat.h>
#include <unistd.h>
#include <zip.h>

#include <fstream>
#include <memory>
#include <stdexcept>
#include <vector>

#include "emulator/core/aws_error.h"

namespace terrarium::services::lambda {
namespace {

struct ZipCloser {
  void operator()(zip_t* zip) const { zip_discard(zip); }
};
using ZipPtr = std::unique_ptr<zip_t, ZipCloser>;

struct FileCloser {
  void operator()(zip_file_t* file) const { zip_fclose(file); }
};

AwsError Unzippable(const std::string& detail) {
  return AwsError("InvalidParameterValueException",
                  "Could not unzip uploaded file. Please check your file, then try to upload "
                  "again. (" +
                      detail + ")");
}

// The unix mode stored in an entry's external attributes, 0 when the zip was not made on unix.
uint32_t UnixMode(zip_t* zip, zip_uint64_t index) {
  zip_uint8_t opsys = 0;
  zip_uint32_t attributes = 0;
  if (zip_file_get_external_attributes(zip, index, 0, &opsys, &attributes) != 0) return 0;
  if (opsys != ZIP_OPSYS_UNIX) return 0;
  return attributes >> 16;
}

bool IsSymlinkMode(uint32_t mode) { return (mode & S_IFMT) == S_IFLNK; }

std::string ReadEntry(zip_t* zip, zip_uint64_t index, uint64_t size) {
  std::unique_ptr<zip_file_t, FileCloser> file(zip_fopen_index(zip, index, 0));
  if (!file) throw std::runtime_error(zip_strerror(zip));
  std::string data(size, '\0');
  zip_int64_t got = size == 0 ? 0 : zip_fread(file.get(), data.data(), size);
  if (got < 0 || static_cast<uint64_t>(got) != size) {
    throw std::runtime_error("short read of a zip entry");
  }
  return data;
}

// Names inside the package, normalised: no leading "./", no trailing "/".
std::vector<std::string_view> Components(std::string_view path) {
  std::vector<std::string_view> parts;
  size_t start = 0;
  while (start <= path.size()) {
    size_t end = path.find('/', start);
    if (end == std::string_view::npos) end = path.size();
    std::string_view part = path.substr(start, end - start);
    if (!part.empty() && part != ".") parts.push_back(part);
    start = end + 1;
  }
  return parts;
}

}  // namespace

bool IsSafeEntryName(std::string_view name) {
  if (name.empty() || name.front() == '/' || name.front() == '\\') return false;
  if (name.find('\\') != std::string_view::npos) return false;
  if (name.find('\0') != std::string_view::npos) return false;
  if (name.size() >= 2 && name[1] == ':') return false;  // C:...
  for (auto part : Components(name)) {
    if (part == "..") return false;
  }
  return true;
}

bool IsSafeSymlink(std::string_view name, std::string_view target) {
  if (!IsSafeEntryName(name) || target.empty() || target.front() == '/') return false;
  // Depth of the link's directory, then walk the target from there.
  auto parts = Components(name);
  int depth = static_cast<int>(parts.size()) - 1;
  for (auto part : Components(target)) {
    depth += part == ".." ? -1 : 1;
    if (depth < 0) return false;
  }
  return true;
}

PackageInfo InspectPackage(std::string_view zip_bytes, uint64_t base64_bytes,
                           std::string_view operation) {
  if (base64_bytes >= kMaxZipRequestBytes) {
    throw AwsError("RequestEntityTooLargeException",
                   "Request must be smaller than " + std::to_string(kMaxZipRequestBytes) +
                       " bytes for the " + std::string(operation) + " operation",
                   413);
  }
  zip_error_t error;
  zip_error_init(&error);
  zip_source_t* source = zip_source_buffer_create(zip_bytes.data(), zip_bytes.size(), 0, &error);
  if (source == nullptr) throw Unzippable(zip_error_strerror(&error));
  ZipPtr zip(zip_open_from_source(source, ZIP_RDONLY, &error));
  if (!zip) {
    zip_source_free(source);
    std::string detail = zip_error_strerror(&error);
    zip_error_fini(&error);
    throw Unzippable(detail);
  }
  PackageInfo info;
  zip_int64_t count = zip_get_num_entries(zip.get(), 0);
  for (zip_int64_t i = 0; i < count; ++i) {
    zip_stat_t stat;
    if (zip_stat_index(zip.get(), i, 0, &stat) != 0) throw Unzippable(zip_strerror(zip.get()));
    std::string name = stat.name == nullptr ? "" : stat.name;
    if (!IsSafeEntryName(name)) throw Unzippable("unsafe entry name '" + name + "'");
    uint32_t mode = UnixMode(zip.get(), i);
    if (IsSymlinkMode(mode)) {
      std::string target = ReadEntry(zip.get(), i, stat.size);
      if (!IsSafeSymlink(name, target)) {
        throw Unzippable("symbolic link '" + name + "' points outside the package");
      }
    }
    info.unzipped_bytes += stat.size;
    if (name == "bootstrap") info.has_bootstrap = true;
  }
  if (info.unzipped_bytes > kMaxUnzippedBytes) {
    throw AwsError(
        "InvalidParameterValueException",
        "Unzipped size must be smaller than " + std::to_string(kMaxUnzippedBytes) + " bytes");
  }
  return info;
}

void UnpackPackage(const std::filesystem::path& zip_path, const std::filesystem::path& dir) {
  int error_code = 0;
  ZipPtr zip(zip_open(zip_path.c_str(), ZIP_RDONLY, &error_code));
  if (!zip) throw std::runtime_error("cannot open package " + zip_path.string());
  std::filesystem::create_directories(dir);
  zip_int64_t count = zip_get_num_entries(zip.get(), 0);
  for (zip_int64_t i = 0; i < count; ++i) {
    zip_stat_t stat;
    if (zip_stat_index(zip.get(), i, 0, &stat) != 0) throw std::runtime_error("bad zip entry");
    std::string name = stat.name;
    // Checked again: the blob could have been replaced on disk since it was inspected.
    if (!IsSafeEntryName(name)) throw std::runtime_error("unsafe entry name " + name);
    std::filesystem::path target = dir / name;
    if (name.back() == '/') {
      std::filesystem::create_directories(target);
      continue;
    }
    std::filesystem::create_directories(target.parent_path());
    uint32_t mode = UnixMode(zip.get(), i);
    std::string data = ReadEntry(zip.get(), i, stat.size);
    if (IsSymlinkMode(mode)) {
      if (!IsSafeSymlink(name, data)) throw std::runtime_error("unsafe symlink " + name);
      std::filesystem::create_symlink(data, target);
      continue;
    }
    {
      std::ofstream out(target, std::ios::binary | std::ios::trunc);
      out.write(data.data(), static_cast<std::streamsize>(data.size()));
      if (!out) throw std::runtime_error("cannot write " + target.string());
    }
    // Lambda keeps the modes in the zip; zips without unix modes get rw-r--r--, and a
    // `bootstrap` without them is made executable (AWS would refuse to run it).
    mode_t perms = mode & 07777;
    if (perms == 0) perms = name == "bootstrap" ? 0755 : 0644;
    ::chmod(target.c_str(), perms | S_IRUSR);
  }
}

}  // namespace terrarium::services::lambda
