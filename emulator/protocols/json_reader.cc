#include "emulator/protocols/json_reader.h"

#include <cstdint>
#include <string>
#include <vector>

#include <rapidjson/memorystream.h>
#include <rapidjson/reader.h>

#include "emulator/core/encoding.h"

namespace terrarium::protocols {
namespace {

using nlohmann::json;

// Turns the reader's events into one nlohmann document. The containers being filled are kept
// as pointers: a map node does not move, and an array only grows once its open element closed.
class DocumentBuilder {
 public:
  bool Null() { return Add(json()); }
  bool Bool(bool value) { return Add(json(value)); }
  // nlohmann keeps a non-negative integer as unsigned, a negative one as signed.
  bool Int(int value) { return Int64(value); }
  bool Uint(unsigned value) { return Add(json(static_cast<uint64_t>(value))); }
  bool Int64(int64_t value) {
    return Add(value < 0 ? json(value) : json(static_cast<uint64_t>(value)));
  }
  bool Uint64(uint64_t value) { return Add(json(value)); }
  bool Double(double value) { return Add(json(value)); }
  bool RawNumber(const char*, rapidjson::SizeType, bool) { return false; }  // not asked for
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

}  // namespace

std::optional<json> ReadJsonDocument(std::string_view text) {
  // Iterative: a body of 100,000 nested arrays must not exhaust the stack. Full precision:
  // doubles as strtod reads them, like nlohmann.
  constexpr unsigned kFlags = rapidjson::kParseIterativeFlag |
                              rapidjson::kParseValidateEncodingFlag |
                              rapidjson::kParseFullPrecisionFlag;
  rapidjson::MemoryStream stream(text.data(), text.size());
  rapidjson::Reader reader;
  DocumentBuilder builder;
  if (reader.Parse<kFlags>(stream, builder).IsError()) return std::nullopt;
  // The reader takes a NUL byte for the end of its input; nlohmann refuses what follows one.
  if (stream.Tell() != text.size()) return std::nullopt;
  return std::move(builder.document());
}

}  // namespace terrarium::protocols
