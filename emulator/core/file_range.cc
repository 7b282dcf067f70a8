#include "emulator/core/file_range.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>

namespace terrarium {

bool ReadFileRange(const std::filesystem::path& path, uint64_t offset, uint64_t length,
                   std::string& out) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return false;
  out.resize(static_cast<size_t>(length));
  size_t done = 0;
  while (done < out.size()) {
    ssize_t n =
        ::pread(fd, out.data() + done, out.size() - done, static_cast<off_t>(offset + done));
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    done += static_cast<size_t>(n);
  }
  ::close(fd);
  return done == out.size();
}

}  // namespace terrarium
