// Reading a byte range of a file into memory in one go: for small file bodies (an S3 object of a
// few KiB), where streaming through a 64 KiB chunk buffer or keeping a file link costs more than
// the bytes themselves.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>

namespace terrarium {

// The bodies at most this large are worth reading whole rather than streaming.
inline constexpr uint64_t kSmallFileBodyBytes = 64 << 10;

// Reads `length` bytes at `offset` of `path` into `out`. False when the file cannot be opened or
// is shorter than that (it was removed or replaced meanwhile).
bool ReadFileRange(const std::filesystem::path& path, uint64_t offset, uint64_t length,
                   std::string& out);

}  // namespace terrarium
