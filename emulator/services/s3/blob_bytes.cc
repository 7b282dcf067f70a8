#include "emulator/services/s3/blob_bytes.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <memory>

#include "emulator/services/s3/errors.h"
#include "emulator/services/s3/s3_store.h"

namespace terrarium::services::s3 {
namespace {

constexpr uint64_t kReadChunk = 1 << 20;

[[noreturn]] void ThrowShort() {
  throw InternalError("a stored body is shorter than its record says");
}

}  // namespace

bool ReadBlob(storage::Store& store, const std::string& sha, uint64_t offset, uint64_t length,
              const std::function<void(std::string_view)>& fn, storage::ReadTxn* txn) {
  {
    std::unique_ptr<storage::ReadTxn> own;
    if (txn == nullptr) {
      own = store.BeginRead();
      txn = own.get();
    }
    if (auto bytes = txn->Get(kInlineBlobsTable, sha)) {
      if (offset > bytes->size() || bytes->size() - offset < length) ThrowShort();
      fn(std::string_view(*bytes).substr(offset, length));
      return true;
    }
  }
  int fd = ::open(store.Blobs().PathOf(sha).c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    if (errno == ENOENT) return false;
    throw InternalError("cannot open a stored body: " + std::string(std::strerror(errno)));
  }
  struct Closer {
    int fd;
    ~Closer() { ::close(fd); }
  } closer{fd};
  auto buffer = std::make_unique_for_overwrite<char[]>(std::min(length, kReadChunk));
  while (length > 0) {
    size_t want = static_cast<size_t>(std::min(length, kReadChunk));
    ssize_t n = ::pread(fd, buffer.get(), want, static_cast<off_t>(offset));
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) ThrowShort();
    fn(std::string_view(buffer.get(), static_cast<size_t>(n)));
    offset += static_cast<uint64_t>(n);
    length -= static_cast<uint64_t>(n);
  }
  return true;
}

}  // namespace terrarium::services::s3
