// BlobStore on plain files: <dir>/blobs/<first 2 hex>/<64 hex>, with bodies being spooled
// in <dir>/tmp/ (same filesystem, so adopting one is a rename).
#pragma once

#include <array>
#include <atomic>
#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>

#include "emulator/storage/store.h"

namespace terrarium::storage {

// The blobs of one store directory.
class FileBlobStore final : public BlobStore {
 public:
  // Creates the folders and empties tmp/ (what an earlier run spooled was never adopted), so it
  // must only be built by the process that holds the store directory's lock. `durable`: fsync
  // each blob and its folder before returning, so that an adopted blob survives a crash.
  FileBlobStore(const std::filesystem::path& dir, bool durable);

  std::string AdoptFile(const std::filesystem::path& file) override;
  std::string PutBytes(std::string_view bytes) override;
  void AdoptFileAs(const std::filesystem::path& file, std::string_view name) override;
  void PutBytesAs(std::string_view name, std::string_view bytes) override;
  // Throws std::invalid_argument unless `sha256_hex` is 64 lower-case hex digits.
  std::filesystem::path PathOf(std::string_view sha256_hex) const override;
  bool Exists(std::string_view sha256_hex) const override;
  void Remove(std::string_view sha256_hex) override;
  std::filesystem::path NewTempPath() override;

 private:
  // Moves `file` into place as blob `name`; drops it if the blob is already there.
  void Install(const std::filesystem::path& file, std::string_view name);
  // Creates the folder of blobs starting with `shard` (2 hex digits) on first use, and makes
  // its entry durable before any blob in it counts as stored.
  void MakeShard(std::string_view shard);

  std::filesystem::path blobs_dir_;
  std::filesystem::path tmp_dir_;
  bool durable_;
  std::atomic<uint64_t> temp_counter_{0};
  std::array<std::atomic<bool>, 256> shard_ready_{};
};

// Makes the entries of `dir` (files created, renamed or removed in it) durable.
void FsyncDirectory(const std::filesystem::path& dir);

}  // namespace terrarium::storage
