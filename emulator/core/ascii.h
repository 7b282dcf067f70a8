// ASCII case folding for names AWS compares case-insensitively (filter rule names, CORS
// headers, event pattern values).
#pragma once

#include <cctype>
#include <cstdint>
#include <cstring>
#include <string>

namespace terrarium {

// 'A'..'Z' to lower case, every other byte as it is, without the locale std::tolower consults.
constexpr char AsciiLowerChar(char c) {
  return c >= 'A' && c <= 'Z' ? static_cast<char>(c + ('a' - 'A')) : c;
}

inline std::string AsciiLower(std::string text) {
  for (char& c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return text;
}

// Eight bytes of text at a time (SWAR): a word is eight bytes loaded from the text.
constexpr uint64_t kEachByte = 0x0101010101010101ULL;
constexpr uint64_t kHighBits = 0x80 * kEachByte;

inline uint64_t LoadWord(const char* bytes) {
  uint64_t word;
  std::memcpy(&word, bytes, sizeof word);
  return word;
}

// Whether some byte of `word` is below `n` (n at most 0x80), whatever the other bytes hold.
constexpr bool HasByteBelow(uint64_t word, uint8_t n) {
  return ((word - kEachByte * n) & ~word & kHighBits) != 0;
}

constexpr bool HasByte(uint64_t word, uint8_t byte) {
  return HasByteBelow(word ^ (kEachByte * byte), 1);
}

}  // namespace terrarium
