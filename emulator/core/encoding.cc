#include "emulator/core/encoding.h"

#include "emulator/core/ascii.h"

#include <array>
#include <cstdint>

#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/md5.h>
#include <openssl/sha.h>
#include <zlib.h>

namespace terrarium {
namespace {

// OpenSSL 3 deprecates its low-level digest calls in favour of EVP, but an EVP digest allocates a
// context and dispatches through its provider on every use, which costs more than hashing a
// queue message or a request id; the low-level calls run the same code for the blocks.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wdeprecated-declarations"
template <typename Context, int (*Init)(Context*), int (*Update)(Context*, const void*, size_t),
          int (*Final)(unsigned char*, Context*), size_t kSize>
std::string LowLevelDigest(std::string_view bytes) {
  Context context;
  Init(&context);
  Update(&context, bytes.data(), bytes.size());
  std::string out(kSize, '\0');
  Final(reinterpret_cast<unsigned char*>(out.data()), &context);
  return out;
}
#pragma GCC diagnostic pop

// OpenSSL 3 looks the implementation of a built-in digest (EVP_sha256()) up in its provider
// store on every use, under a lock; an explicitly fetched one skips that. Fetched once, never
// changed (and never freed: it lives as long as the process).
const EVP_MD* Fetched(const char* name, const EVP_MD* fallback) {
  EVP_MD* md = EVP_MD_fetch(nullptr, name, nullptr);
  return md != nullptr ? md : fallback;
}

const EVP_MD* Sha256Digest() {
  static const EVP_MD* const kSha256 = Fetched("SHA2-256", EVP_sha256());
  return kSha256;
}

// Both alphabets: standard (+/) and URL-safe (-_); -1 for anything else.
constexpr std::array<int8_t, 256> kBase64Values = [] {
  std::array<int8_t, 256> values{};
  values.fill(-1);
  for (int i = 0; i < 26; ++i) {
    values['A' + i] = static_cast<int8_t>(i);
    values['a' + i] = static_cast<int8_t>(26 + i);
  }
  for (int i = 0; i < 10; ++i) values['0' + i] = static_cast<int8_t>(52 + i);
  values['+'] = values['-'] = 62;
  values['/'] = values['_'] = 63;
  return values;
}();

}  // namespace

std::string Base64Encode(std::string_view bytes) {
  std::string out(4 * ((bytes.size() + 2) / 3), '\0');
  int n = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                          reinterpret_cast<const unsigned char*>(bytes.data()),
                          static_cast<int>(bytes.size()));
  out.resize(static_cast<size_t>(n));
  return out;
}

// Four characters at a time into a string sized once: SQS decodes a receipt handle on every
// DeleteMessage, and a character at a time with push_back was 4 % of one.
std::optional<std::string> Base64Decode(std::string_view text) {
  while (!text.empty() && text.back() == '=') text.remove_suffix(1);
  size_t tail = text.size() % 4;
  if (tail == 1) return std::nullopt;  // a lone trailing character carries no whole byte
  std::string out(text.size() / 4 * 3 + (tail == 0 ? 0 : tail - 1), '\0');
  const auto* in = reinterpret_cast<const unsigned char*>(text.data());
  char* to = out.data();
  auto value = [&](size_t i) { return static_cast<int32_t>(kBase64Values[in[i]]); };
  size_t whole = text.size() - tail;
  for (size_t i = 0; i < whole; i += 4) {
    int32_t a = value(i), b = value(i + 1), c = value(i + 2), d = value(i + 3);
    if ((a | b | c | d) < 0) return std::nullopt;
    uint32_t bits = static_cast<uint32_t>(a << 18 | b << 12 | c << 6 | d);
    *to++ = static_cast<char>(bits >> 16);
    *to++ = static_cast<char>(bits >> 8 & 0xFF);
    *to++ = static_cast<char>(bits & 0xFF);
  }
  if (tail >= 2) {
    int32_t a = value(whole), b = value(whole + 1), c = tail == 3 ? value(whole + 2) : 0;
    if ((a | b | c) < 0) return std::nullopt;
    uint32_t bits = static_cast<uint32_t>(a << 18 | b << 12 | c << 6);
    *to++ = static_cast<char>(bits >> 16);
    if (tail == 3) *to++ = static_cast<char>(bits >> 8 & 0xFF);
  }
  return out;
}

std::string HexEncode(std::string_view bytes) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  out.reserve(bytes.size() * 2);
  for (unsigned char c : bytes) {
    out.push_back(kHex[c >> 4]);
    out.push_back(kHex[c & 15]);
  }
  return out;
}

#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wdeprecated-declarations"
std::string Md5(std::string_view bytes) {
  return LowLevelDigest<MD5_CTX, MD5_Init, MD5_Update, MD5_Final, MD5_DIGEST_LENGTH>(bytes);
}
std::string Sha256(std::string_view bytes) {
  return LowLevelDigest<SHA256_CTX, SHA256_Init, SHA256_Update, SHA256_Final, SHA256_DIGEST_LENGTH>(
      bytes);
}
#pragma GCC diagnostic pop

std::string HmacSha256(std::string_view key, std::string_view data) {
  unsigned char out[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  HMAC(Sha256Digest(), key.data(), static_cast<int>(key.size()),
       reinterpret_cast<const unsigned char*>(data.data()), data.size(), out, &len);
  return std::string(reinterpret_cast<char*>(out), len);
}

uint32_t Crc32(std::string_view bytes) {
  return static_cast<uint32_t>(
      crc32(0L, reinterpret_cast<const Bytef*>(bytes.data()), static_cast<uInt>(bytes.size())));
}

bool IsUtf8(std::string_view text) {
  size_t i = 0;
  auto continuation = [&](size_t k) {
    return i + k < text.size() && (static_cast<unsigned char>(text[i + k]) & 0xC0) == 0x80;
  };
  while (i < text.size()) {
    // Eight ASCII bytes at a time: most text is ASCII.
    while (i + sizeof(uint64_t) <= text.size() && (LoadWord(text.data() + i) & kHighBits) == 0) {
      i += sizeof(uint64_t);
    }
    if (i == text.size()) break;
    auto lead = static_cast<unsigned char>(text[i]);
    if (lead < 0x80) {
      ++i;
      continue;
    }
    size_t length = lead >= 0xC2 && lead <= 0xDF   ? 2
                    : lead >= 0xE0 && lead <= 0xEF ? 3
                    : lead >= 0xF0 && lead <= 0xF4 ? 4
                                                   : 0;
    if (length == 0) return false;  // a continuation byte, an overlong lead (C0, C1) or past F4
    for (size_t k = 1; k < length; ++k) {
      if (!continuation(k)) return false;
    }
    // The second byte's range rules out overlong forms, surrogates and code points past U+10FFFF.
    auto second = static_cast<unsigned char>(text[i + 1]);
    if ((lead == 0xE0 && second < 0xA0) || (lead == 0xED && second > 0x9F) ||
        (lead == 0xF0 && second < 0x90) || (lead == 0xF4 && second > 0x8F)) {
      return false;
    }
    i += length;
  }
  return true;
}

}  // namespace terrarium
