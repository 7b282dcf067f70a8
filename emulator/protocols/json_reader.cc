#include "emulator/protocols/json_reader.h"

#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <vector>

// Strings are scanned sixteen bytes at a time (SSE2, in every x86-64 CPU); the reader does this
// only for a NUL-terminated StringStream and only when it is not also checking the encoding.
#if defined(__SSE2__) && !defined(RAPIDJSON_SSE2)
#define RAPIDJSON_SSE2
#endif
#include <rapidjson/reader.h>

#include "emulator/core/ascii.h"
#include "emulator/core/encoding.h"

namespace terrarium::protocols {
namespace {

using nlohmann::json;

constexpr size_t kSimdPadding = 16;

// Turns the reader's events into one nlohmann document. The containers being filled are kept
// as pointers: a map node does not move, and an array only grows once its open element closed.
class DocumentBuilder {
 public:
  bool Null() { return Add(json()); }
  bool Bool(bool value) { return Add(json(value)); }
  // Numbers come as their text (kParseNumbersAsStringsFlag), read here as nlohmann reads them:
  // an integer that fits is unsigned when written without a minus, signed with one; anything
  // else is a double, and a double past the range is refused. (RapidJSON 1.1.0's own number
  // code computes clz(0) on "0e308".)
  bool RawNumber(const char* text, rapidjson::SizeType length, bool) {
    std::string_view number(text, length);
    if (number.find_first_of(".eE") == std::string_view::npos) {
      const char* end = number.data() + number.size();
      if (number.front() == '-') {
        int64_t value = 0;
        if (std::from_chars(number.data(), end, value).ec == std::errc()) return Add(json(value));
      } else {
        uint64_t value = 0;
        if (std::from_chars(number.data(), end, value).ec == std::errc()) return Add(json(value));
      }
    }
    std::string copy(number);  // strtod wants a terminated string
    double value = std::strtod(copy.c_str(), nullptr);
    return std::isfinite(value) && Add(json(value));
  }
  bool Int(int) { return false; }  // never called: numbers come as RawNumber
  bool Uint(unsigned) { return false; }
  bool Int64(int64_t) { return false; }
  bool Uint64(uint64_t) { return false; }
  bool Double(double) { return false; }
  // The reader checks the UTF-8 of the text but lets a lone \udc00-\udfff escape through as a
  // surrogate's bytes, which nlohmann refuses (and its serializer would throw on).
  bool String(const char* text, rapidjson::SizeType length, bool) {
    std::string_view value(text, length);
    return IsUtf8(value) && Add(json(std::string(value)));
  }
  bool StartObject() { return Open(json::object()); }
  bool Key(const char* text, rapidjson::SizeType length, bool) {
    key_.assign(text, length);
    return IsUtf8(key_);
  }
  bool EndObject(rapidjson::SizeType) { return Close(); }
  bool StartArray() { return Open(json::array()); }
  bool EndArray(rapidjson::SizeType) { return Close(); }

  json& document() { return document_; }

 private:
  json* Place(json value) {
    if (open_.empty()) {
      document_ = std::move(value);
      return &document_;
    }
    json& container = *open_.back();
    if (container.is_array()) {
      container.push_back(std::move(value));
      return &container.back();
    }
    json& slot = container[key_];  // a repeated key keeps its last value, as nlohmann does
    slot = std::move(value);
    return &slot;
  }
  bool Add(json value) {
    Place(std::move(value));
    return true;
  }
  bool Open(json container) {
    open_.push_back(Place(std::move(container)));
    return true;
  }
  bool Close() {
    open_.pop_back();
    return true;
  }

  json document_;
  std::vector<json*> open_;
  std::string key_;
};

// RapidJSON 1.1.0's SSE2 string scan takes bytes up to 0x19 for control characters, not up to
// 0x1F, so it would copy a raw 0x1A-0x1F into a string. No JSON text holds one anywhere (not in
// a string, not as whitespace), so a text with one is left to nlohmann, which refuses it.
bool HasByteTheScanMisses(std::string_view text) {
  auto is_missed = [](unsigned char c) { return c >= 0x1A && c <= 0x1F; };
  size_t i = 0;
  for (; i + sizeof(uint64_t) <= text.size(); i += sizeof(uint64_t)) {
    // A block with a byte below 0x20 is looked at byte by byte.
    if (!HasByteBelow(LoadWord(text.data() + i), 0x20)) continue;
    for (size_t k = i; k < i + sizeof(uint64_t); ++k) {
      if (is_missed(static_cast<unsigned char>(text[k]))) return true;
    }
  }
  for (; i < text.size(); ++i) {
    if (is_missed(static_cast<unsigned char>(text[i]))) return true;
  }
  return false;
}

std::optional<json> Decide(std::string_view text) {
  json value = json::parse(text, nullptr, false);
  if (value.is_discarded()) return std::nullopt;
  return value;
}

}  // namespace

std::optional<json> ReadJsonDocument(std::string_view text) {
  if (HasByteTheScanMisses(text)) return Decide(text);
  // Iterative: a body of 100,000 nested arrays must not exhaust the stack. The encoding is not
  // validated here: every byte past ASCII is inside a string or a key, and the builder checks
  // each of those with IsUtf8 (which also refuses the lone surrogates the reader lets through).
  constexpr unsigned kFlags =
      rapidjson::kParseIterativeFlag | rapidjson::kParseNumbersAsStringsFlag;
  // The SIMD scans load aligned 16-byte blocks up to the one holding the terminating NUL, so the
  // text is read from a copy with 16 NULs after it: no load reaches past the buffer.
  std::string padded;
  padded.reserve(text.size() + kSimdPadding);
  padded.append(text).append(kSimdPadding, '\0');
  rapidjson::StringStream stream(padded.c_str());
  rapidjson::Reader reader;
  DocumentBuilder builder;
  if (reader.Parse<kFlags>(stream, builder).IsError()) {
    // What RapidJSON refuses, nlohmann decides (a refused body is rare, and RapidJSON 1.1.0
    // refuses some texts nlohmann reads, e.g. 0e400, zero with an exponent past a double's).
    return Decide(text);
  }
  // The reader takes a NUL byte for the end of its input; nlohmann refuses what follows one.
  if (stream.Tell() != text.size()) return std::nullopt;
  return std::move(builder.document());
}

}  // namespace terrarium::protocols
