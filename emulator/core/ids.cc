#include "emulator/core/ids.h"

#include <openssl/rand.h>

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <cstring>

namespace terrarium {
namespace {

// xoshiro256** (Blackman and Vigna): ids must be unique, not secret, and RAND_bytes (OpenSSL's
// DRBG, with a getpid per call) cost more than the rest of a small request's routing. Each
// thread seeds its own generator once from RAND_bytes; credentials keep using RAND_bytes
// (RandomString).
class FastRandom {
 public:
  FastRandom() {
    if (RAND_bytes(reinterpret_cast<unsigned char*>(state_), sizeof state_) != 1 ||
        std::all_of(std::begin(state_), std::end(state_), [](uint64_t s) { return s == 0; })) {
      // Never all zero (a fixed point); the seed above failing is not expected.
      state_[0] = 0x9E3779B97F4A7C15ULL;
    }
  }

  uint64_t Next() {
    uint64_t result = Rotl(state_[1] * 5, 7) * 9;
    uint64_t t = state_[1] << 17;
    state_[2] ^= state_[0];
    state_[3] ^= state_[1];
    state_[1] ^= state_[2];
    state_[0] ^= state_[3];
    state_[2] ^= t;
    state_[3] = Rotl(state_[3], 45);
    return result;
  }

 private:
  static uint64_t Rotl(uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }
  uint64_t state_[4];
};

}  // namespace

std::string NewUuid() {
  // Per thread, so that no lock is taken: the generator's state is all it keeps.
  thread_local FastRandom random;
  unsigned char b[16];
  uint64_t high = random.Next(), low = random.Next();
  std::memcpy(b, &high, 8);
  std::memcpy(b + 8, &low, 8);
  b[6] = static_cast<unsigned char>((b[6] & 0x0F) | 0x40);
  b[8] = static_cast<unsigned char>((b[8] & 0x3F) | 0x80);
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out(36, '-');
  size_t pos = 0;
  for (int i = 0; i < 16; ++i) {
    if (i == 4 || i == 6 || i == 8 || i == 10) ++pos;
    out[pos++] = kHex[b[i] >> 4];
    out[pos++] = kHex[b[i] & 15];
  }
  return out;
}

std::string RandomString(size_t length, std::string_view alphabet) {
  std::string bytes(length, '\0');
  RAND_bytes(reinterpret_cast<unsigned char*>(bytes.data()), static_cast<int>(length));
  std::string out;
  out.reserve(length);
  for (unsigned char c : bytes) out.push_back(alphabet[c % alphabet.size()]);
  return out;
}

std::string RandomUpperAlnum(size_t length) {
  return RandomString(length, "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567");
}

void AppendArn(std::string& out, std::string_view service, std::string_view region,
               std::string_view account, std::string_view resource) {
  out.append("arn:aws:").append(service).append(":").append(region).append(":");
  out.append(account).append(":").append(resource);
}

std::string Arn(std::string_view service, std::string_view region, std::string_view account,
                std::string_view resource) {
  std::string arn;
  arn.reserve(11 + service.size() + region.size() + account.size() + resource.size());
  AppendArn(arn, service, region, account, resource);
  return arn;
}

bool IsArn(std::string_view text, std::string_view service, std::string_view region,
           std::string_view account, std::string_view resource) {
  for (std::string_view part : {std::string_view("arn:aws:"), service, std::string_view(":"),
                                region, std::string_view(":"), account, std::string_view(":")}) {
    if (!text.starts_with(part)) return false;
    text.remove_prefix(part.size());
  }
  return text == resource;
}

std::string AccountForAccessKey(std::string_view access_key) {
  bool twelve_digits =
      access_key.size() == 12 && std::all_of(access_key.begin(), access_key.end(),
                                             [](unsigned char c) { return std::isdigit(c); });
  return twelve_digits ? std::string(access_key) : std::string(kDefaultAccount);
}

}  // namespace terrarium
