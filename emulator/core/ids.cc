#include "emulator/core/ids.h"

#include <openssl/rand.h>

#include <algorithm>
#include <cctype>

namespace terrarium {

std::string NewUuid() {
  unsigned char b[16];
  RAND_bytes(b, sizeof b);
  b[6] = static_cast<unsigned char>((b[6] & 0x0F) | 0x40);
  b[8] = static_cast<unsigned char>((b[8] & 0x3F) | 0x80);
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  out.reserve(36);
  for (int i = 0; i < 16; ++i) {
    if (i == 4 || i == 6 || i == 8 || i == 10) out.push_back('-');
    out.push_back(kHex[b[i] >> 4]);
    out.push_back(kHex[b[i] & 15]);
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

std::string Arn(std::string_view service, std::string_view region, std::string_view account,
                std::string_view resource) {
  std::string arn = "arn:aws:";
  arn.append(service).append(":").append(region).append(":").append(account).append(":");
  arn.append(resource);
  return arn;
}

std::string AccountForAccessKey(std::string_view access_key) {
  bool twelve_digits =
      access_key.size() == 12 && std::all_of(access_key.begin(), access_key.end(),
                                             [](unsigned char c) { return std::isdigit(c); });
  return twelve_digits ? std::string(access_key) : std::string(kDefaultAccount);
}

}  // namespace terrarium
