#include "emulator/services/s3/checksums.h"

#include <openssl/md5.h>
#include <openssl/sha.h>
#include <zlib.h>

#include <array>
#include <cctype>

namespace terrarium::services::s3 {
namespace {

// Reflected CRC tables, built once (constant data, not mutable state).
template <typename T, T kPoly>
const std::array<T, 256>& CrcTable() {
  static const std::array<T, 256> table = [] {
    std::array<T, 256> t{};
    for (unsigned i = 0; i < 256; ++i) {
      T crc = i;
      for (int bit = 0; bit < 8; ++bit) crc = (crc & 1) ? (crc >> 1) ^ kPoly : crc >> 1;
      t[i] = crc;
    }
    return t;
  }();
  return table;
}

template <typename T, T kPoly>
T ReflectedCrc(std::string_view bytes, T crc) {
  const auto& table = CrcTable<T, kPoly>();
  crc = ~crc;
  for (unsigned char c : bytes) crc = table[(crc ^ c) & 0xff] ^ (crc >> 8);
  return ~crc;
}

template <typename T>
std::string BigEndian(T value) {
  std::string out(sizeof(T), '\0');
  for (size_t i = 0; i < sizeof(T); ++i) {
    out[sizeof(T) - 1 - i] = static_cast<char>(value & 0xff);
    value >>= 8;
  }
  return out;
}

class Crc32Digest final : public Digest {
 public:
  void Update(std::string_view bytes) override {
    crc_ = crc32_z(crc_, reinterpret_cast<const Bytef*>(bytes.data()), bytes.size());
  }
  std::string Finish() override { return BigEndian(static_cast<uint32_t>(crc_)); }

 private:
  uLong crc_ = crc32_z(0, nullptr, 0);
};

class Crc32cDigest final : public Digest {
 public:
  void Update(std::string_view bytes) override { crc_ = Crc32c(bytes, crc_); }
  std::string Finish() override { return BigEndian(crc_); }

 private:
  uint32_t crc_ = 0;
};

class Crc64Digest final : public Digest {
 public:
  void Update(std::string_view bytes) override { crc_ = Crc64Nvme(bytes, crc_); }
  std::string Finish() override { return BigEndian(crc_); }

 private:
  uint64_t crc_ = 0;
};

// OpenSSL's low-level digest calls (deprecated in OpenSSL 3 in favour of EVP): an EVP context
// is allocated and dispatched through a provider, which costs more than hashing a small body.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wdeprecated-declarations"
template <typename Context, int (*Init)(Context*), int (*Step)(Context*, const void*, size_t),
          int (*Final)(unsigned char*, Context*), size_t kSize>
class LowLevelDigest final : public Digest {
 public:
  LowLevelDigest() { Init(&context_); }
  void Update(std::string_view bytes) override { Step(&context_, bytes.data(), bytes.size()); }
  std::string Finish() override {
    std::string out(kSize, '\0');
    Final(reinterpret_cast<unsigned char*>(out.data()), &context_);
    return out;
  }

 private:
  Context context_;
};

using Md5Digest = LowLevelDigest<MD5_CTX, MD5_Init, MD5_Update, MD5_Final, MD5_DIGEST_LENGTH>;
using Sha1Digest = LowLevelDigest<SHA_CTX, SHA1_Init, SHA1_Update, SHA1_Final, SHA_DIGEST_LENGTH>;
using Sha256Digest =
    LowLevelDigest<SHA256_CTX, SHA256_Init, SHA256_Update, SHA256_Final, SHA256_DIGEST_LENGTH>;
#pragma GCC diagnostic pop

}  // namespace

uint32_t Crc32c(std::string_view bytes, uint32_t crc) {
  return ReflectedCrc<uint32_t, 0x82F63B78u>(bytes, crc);
}

uint64_t Crc64Nvme(std::string_view bytes, uint64_t crc) {
  return ReflectedCrc<uint64_t, 0x9A6C9329AC4BC9B5ull>(bytes, crc);
}

std::unique_ptr<Digest> MakeDigest(std::string_view algorithm) {
  if (algorithm == "CRC32") return std::make_unique<Crc32Digest>();
  if (algorithm == "CRC32C") return std::make_unique<Crc32cDigest>();
  if (algorithm == "CRC64NVME") return std::make_unique<Crc64Digest>();
  if (algorithm == "SHA1") return std::make_unique<Sha1Digest>();
  if (algorithm == "SHA256") return std::make_unique<Sha256Digest>();
  if (algorithm == "MD5") return std::make_unique<Md5Digest>();
  return nullptr;
}

const std::vector<std::string>& ChecksumAlgorithms() {
  static const std::vector<std::string> kAlgorithms{"CRC32", "CRC32C", "CRC64NVME", "SHA1",
                                                    "SHA256"};
  return kAlgorithms;
}

std::string ChecksumMember(std::string_view algorithm) {
  return "Checksum" + std::string(algorithm);
}

std::optional<std::string> AlgorithmOfHeader(std::string_view header) {
  constexpr std::string_view kPrefix = "x-amz-checksum-";
  if (header.size() <= kPrefix.size()) return std::nullopt;
  std::string lower(header);
  for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (lower.compare(0, kPrefix.size(), kPrefix) != 0) return std::nullopt;
  std::string name = lower.substr(kPrefix.size());
  for (char& c : name) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  for (const std::string& algorithm : ChecksumAlgorithms()) {
    if (algorithm == name) return algorithm;
  }
  return std::nullopt;
}

}  // namespace terrarium::services::s3
