#include "emulator/storage/blob_store.h"

#include <fcntl.h>
#include <openssl/evp.h>
#include <unistd.h>

#include <cerrno>
#include <memory>
#include <stdexcept>
#include <system_error>
#include <vector>

#include <fmt/format.h>

#include "emulator/core/encoding.h"
#include "emulator/core/ids.h"
#include "emulator/storage/errno_error.h"

namespace terrarium::storage {
namespace {

namespace fs = std::filesystem;

constexpr size_t kReadChunk = 64 * 1024;
constexpr std::string_view kHexDigits = "0123456789abcdef";

// An open file descriptor, closed on scope exit.
class Fd {
 public:
  Fd(const fs::path& path, int flags, mode_t mode = 0) : fd_(::open(path.c_str(), flags, mode)) {
    if (fd_ < 0) ThrowErrno("cannot open", path);
  }
  ~Fd() { ::close(fd_); }
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  int get() const { return fd_; }

 private:
  int fd_;
};

void Fsync(const Fd& fd, const fs::path& path) {
  if (::fsync(fd.get()) != 0) ThrowErrno("cannot fsync", path);
}

std::string HashFile(const Fd& fd, const fs::path& path) {
  std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> ctx(EVP_MD_CTX_new(), &EVP_MD_CTX_free);
  if (!ctx || EVP_DigestInit_ex(ctx.get(), EVP_sha256(), nullptr) != 1) {
    throw std::runtime_error("cannot initialise SHA-256");
  }
  std::vector<char> chunk(kReadChunk);
  for (;;) {
    ssize_t n = ::read(fd.get(), chunk.data(), chunk.size());
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) ThrowErrno("cannot read", path);
    if (n == 0) break;
    EVP_DigestUpdate(ctx.get(), chunk.data(), static_cast<size_t>(n));
  }
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  EVP_DigestFinal_ex(ctx.get(), digest, &length);
  return HexEncode(std::string_view(reinterpret_cast<const char*>(digest), length));
}

void WriteAll(const Fd& fd, std::string_view bytes, const fs::path& path) {
  while (!bytes.empty()) {
    ssize_t n = ::write(fd.get(), bytes.data(), bytes.size());
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) ThrowErrno("cannot write", path);
    bytes.remove_prefix(static_cast<size_t>(n));
  }
}

bool IsSha256Hex(std::string_view text) {
  return text.size() == 64 && text.find_first_not_of(kHexDigits) == std::string_view::npos;
}

}  // namespace

std::string NewBlobName() { return RandomString(64, kHexDigits); }

void FsyncDirectory(const fs::path& dir) {
  Fd fd(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  Fsync(fd, dir);
}

FileBlobStore::FileBlobStore(const fs::path& dir, bool durable)
    : blobs_dir_(dir / "blobs"), tmp_dir_(dir / "tmp"), durable_(durable) {
  fs::remove_all(tmp_dir_);
  fs::create_directories(tmp_dir_);
  fs::create_directories(blobs_dir_);
}

std::string FileBlobStore::AdoptFile(const fs::path& file) {
  std::string hex;
  {
    Fd fd(file, O_RDONLY | O_CLOEXEC);
    hex = HashFile(fd, file);
    if (durable_) Fsync(fd, file);
  }
  Install(file, hex);
  return hex;
}

void FileBlobStore::AdoptFileAs(const fs::path& file, std::string_view name) {
  PathOf(name);  // throws for a malformed name before the file moves
  if (durable_) Fsync(Fd(file, O_RDONLY | O_CLOEXEC), file);
  Install(file, name);
}

std::string FileBlobStore::PutBytes(std::string_view bytes) {
  std::string hex = HexEncode(Sha256(bytes));
  PutBytesAs(hex, bytes);
  return hex;
}

void FileBlobStore::PutBytesAs(std::string_view name, std::string_view bytes) {
  if (Exists(name)) return;
  fs::path temp = NewTempPath();
  try {
    Fd fd(temp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
    WriteAll(fd, bytes, temp);
    if (durable_) Fsync(fd, temp);
  } catch (...) {
    std::error_code ignored;
    fs::remove(temp, ignored);
    throw;
  }
  Install(temp, name);
}

void FileBlobStore::Install(const fs::path& file, std::string_view name) {
  fs::path target = PathOf(name);
  if (fs::exists(target)) {
    fs::remove(file);
    return;
  }
  MakeShard(name.substr(0, 2));
  std::error_code error;
  fs::rename(file, target, error);
  if (error == std::errc::cross_device_link) {
    // A file from elsewhere: copy it next to the blobs first, so the last step is still atomic.
    fs::path temp = NewTempPath();
    fs::copy_file(file, temp);
    if (durable_) Fsync(Fd(temp, O_RDONLY | O_CLOEXEC), temp);
    fs::rename(temp, target);
    fs::remove(file);
  } else if (error) {
    throw fs::filesystem_error("cannot adopt blob", file, target, error);
  }
  if (durable_) FsyncDirectory(target.parent_path());
}

void FileBlobStore::MakeShard(std::string_view shard) {
  std::atomic<bool>& ready = shard_ready_[std::stoul(std::string(shard), nullptr, 16)];
  if (ready.load()) return;
  fs::create_directories(blobs_dir_ / shard);
  if (durable_) FsyncDirectory(blobs_dir_);
  ready.store(true);
}

fs::path FileBlobStore::PathOf(std::string_view sha256_hex) const {
  if (!IsSha256Hex(sha256_hex)) {
    throw std::invalid_argument(fmt::format("not a SHA-256 hex digest: '{}'", sha256_hex));
  }
  return blobs_dir_ / sha256_hex.substr(0, 2) / sha256_hex;
}

bool FileBlobStore::Exists(std::string_view sha256_hex) const {
  return fs::exists(PathOf(sha256_hex));
}

void FileBlobStore::Remove(std::string_view sha256_hex) {
  // Not fsynced: a removed blob that comes back after a crash is only unreferenced garbage.
  fs::remove(PathOf(sha256_hex));
}

fs::path FileBlobStore::NewTempPath() {
  return tmp_dir_ /
         fmt::format("{}-{}", temp_counter_.fetch_add(1) + 1, RandomString(12, kHexDigits));
}

}  // namespace terrarium::storage
