// The digests S3 computes over object bodies: MD5 for ETags, and the x-amz-checksum-* family
// (CRC32, CRC32C, CRC64NVME, SHA1, SHA256), all incremental so that a body streams through once.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace terrarium::services::s3 {

// Algorithm names as S3 spells them ("CRC32", "CRC32C", "CRC64NVME", "SHA1", "SHA256", "MD5").
class Digest {
 public:
  virtual ~Digest() = default;
  virtual void Update(std::string_view bytes) = 0;
  // The raw digest (big-endian for CRCs); call once.
  virtual std::string Finish() = 0;
};

// nullptr for an algorithm Terrarium does not compute.
std::unique_ptr<Digest> MakeDigest(std::string_view algorithm);
// The checksum algorithms S3 accepts in x-amz-checksum-<lower-case name>.
const std::vector<std::string>& ChecksumAlgorithms();
// The model member of an algorithm: "CRC32" -> "ChecksumCRC32".
std::string ChecksumMember(std::string_view algorithm);
// "x-amz-checksum-crc32" -> "CRC32"; nullopt when the header names no known algorithm.
std::optional<std::string> AlgorithmOfHeader(std::string_view header);

uint32_t Crc32c(std::string_view bytes, uint32_t crc = 0);
uint64_t Crc64Nvme(std::string_view bytes, uint64_t crc = 0);

}  // namespace terrarium::services::s3
