#include "emulator/core/http_message.h"

#include "emulator/core/ascii.h"

#include <algorithm>
#include <bit>
#include <cctype>
#include <cstdint>
#include <cstring>
#include <fstream>
#include <stdexcept>
#include <system_error>

namespace terrarium {

namespace {

// Header names are ASCII; std::tolower would consult the locale for every character.
inline unsigned char HeaderByteLower(char c) {
  auto u = static_cast<unsigned char>(c);
  return u >= 'A' && u <= 'Z' ? static_cast<unsigned char>(u + 32) : u;
}

// Eight bytes read most significant first, so that comparing two words as numbers compares
// them as strings.
inline uint64_t LoadBigEndian(const char* bytes) {
  uint64_t word;
  std::memcpy(&word, bytes, sizeof word);
  if constexpr (std::endian::native == std::endian::little) word = __builtin_bswap64(word);
  return word;
}

// HeaderByteLower of each of the eight bytes at once: 0x20 is added to the bytes 'A'..'Z' and no
// other (bytes with the high bit set are left alone). The sums stay below 0x100 per byte, so
// nothing carries into the next byte.
inline uint64_t WordLower(uint64_t word) {
  uint64_t low7 = word & (0x7f * kEachByte);
  uint64_t at_least_a = low7 + (0x80 - 'A') * kEachByte;
  uint64_t above_z = low7 + (0x80 - 'Z' - 1) * kEachByte;
  uint64_t upper = at_least_a & ~above_z & ~word & (0x80 * kEachByte);
  return word | (upper >> 2);
}

// Whether two names of the same length are equal but for case: one pass, where !less(a, b) &&
// !less(b, a) made two.
bool SameLengthNamesEqual(std::string_view a, std::string_view b) {
  size_t n = a.size();
  if (n < 8) {
    for (size_t i = 0; i < n; ++i) {
      if (HeaderByteLower(a[i]) != HeaderByteLower(b[i])) return false;
    }
    return true;
  }
  for (size_t i = 0;; i += 8) {
    size_t at = i + 8 <= n ? i : n - 8;
    if (WordLower(LoadBigEndian(a.data() + at)) != WordLower(LoadBigEndian(b.data() + at))) {
      return false;
    }
    if (at + 8 >= n) return true;
  }
}

}  // namespace

// Most compares in a map lookup end at the first byte (Authorization against Host); the others
// go eight bytes per step, the last step over the final eight bytes (overlapping bytes already
// found equal). Byte at a time, the request's header lookups and the building of its header map
// were 5-8 % of a small request's instructions.
bool CaseInsensitiveLess::operator()(std::string_view a, std::string_view b) const {
  size_t n = std::min(a.size(), b.size());
  if (n == 0) return a.size() < b.size();
  unsigned char first_a = HeaderByteLower(a[0]), first_b = HeaderByteLower(b[0]);
  if (first_a != first_b) return first_a < first_b;
  if (n < 8) {
    for (size_t i = 1; i < n; ++i) {
      unsigned char x = HeaderByteLower(a[i]), y = HeaderByteLower(b[i]);
      if (x != y) return x < y;
    }
    return a.size() < b.size();
  }
  for (size_t i = 0;; i += 8) {
    size_t at = i + 8 <= n ? i : n - 8;
    uint64_t x = WordLower(LoadBigEndian(a.data() + at));
    uint64_t y = WordLower(LoadBigEndian(b.data() + at));
    if (x != y) return x < y;
    if (at + 8 >= n) return a.size() < b.size();
  }
}

struct Body::File {
  std::filesystem::path path;
  bool owned = false;
  ~File() {
    if (owned) {
      std::error_code ec;
      std::filesystem::remove(path, ec);
    }
  }
};

Body Body::FromString(std::string data) {
  Body body;
  body.data_ = std::move(data);
  return body;
}

Body Body::FromFile(std::filesystem::path path, uint64_t offset, uint64_t length, bool owned) {
  Body body;
  // Built in place: a temporary File would remove the file when it is destroyed.
  body.file_ = std::make_shared<File>();
  body.file_->path = std::move(path);
  body.file_->owned = owned;
  body.offset_ = offset;
  body.length_ = length;
  return body;
}

const std::filesystem::path& Body::path() const {
  static const std::filesystem::path kNone;
  return file_ ? file_->path : kNone;
}

std::string Body::ReadAll() const {
  if (!file_) return data_;
  std::ifstream in(file_->path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot open body file " + file_->path.string());
  std::string out(length_, '\0');
  in.seekg(static_cast<std::streamoff>(offset_));
  in.read(out.data(), static_cast<std::streamsize>(length_));
  out.resize(static_cast<size_t>(in.gcount()));
  return out;
}

const std::string* FindHeader(const Headers& headers, std::string_view name) {
  constexpr size_t kWalkedHeaders = 16;  // beyond this many, the map's descent costs less
  if (headers.size() > kWalkedHeaders) {
    auto it = headers.find(name);
    return it == headers.end() ? nullptr : &it->second;
  }
  for (const auto& [key, value] : headers) {
    if (key.size() == name.size() && SameLengthNamesEqual(key, name)) return &value;
  }
  return nullptr;
}

std::string_view HttpRequest::header(std::string_view name) const {
  const std::string* value = FindHeader(headers, name);
  return value == nullptr ? std::string_view{} : std::string_view{*value};
}

void HttpRequest::SplitTarget() {
  auto q = target.find('?');
  path = target.substr(0, q);
  query = q == std::string::npos ? std::string{} : target.substr(q + 1);
}

}  // namespace terrarium
