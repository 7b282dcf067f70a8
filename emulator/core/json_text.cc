#include "emulator/core/json_text.h"

#include <cstdint>
#include <cstring>

namespace terrarium {
namespace {

using nlohmann::json;

class CompactWriter {
 public:
  explicit CompactWriter(std::string& out)
      : out_(out), scalars_(out, json::error_handler_t::strict) {}

  void Value(const json& value) {
    switch (value.type()) {
      case json::value_t::object: {
        out_.push_back('{');
        bool first = true;
        for (const auto& [name, member] : value.items()) {
          if (!first) out_.push_back(',');
          first = false;
          scalars_.String(name);
          out_.push_back(':');
          Value(member);
        }
        out_.push_back('}');
        return;
      }
      case json::value_t::array: {
        out_.push_back('[');
        bool first = true;
        for (const json& element : value) {
          if (!first) out_.push_back(',');
          first = false;
          Value(element);
        }
        out_.push_back(']');
        return;
      }
      default:
        scalars_.Scalar(value);
    }
  }

 private:
  std::string& out_;
  JsonScalarWriter scalars_;
};

}  // namespace

bool IsPlainJsonText(std::string_view text) {
  constexpr uint64_t kOnes = 0x0101010101010101ULL;
  constexpr uint64_t kHighs = 0x8080808080808080ULL;
  auto has_zero_byte = [](uint64_t v) { return ((v - kOnes) & ~v & kHighs) != 0; };
  size_t i = 0;
  for (; i + sizeof(uint64_t) <= text.size(); i += sizeof(uint64_t)) {
    uint64_t x;
    std::memcpy(&x, text.data() + i, sizeof x);
    // With every byte below 0x80, subtracting 0x20 from each borrows only where one is below it.
    if ((x & kHighs) != 0 || ((x - kOnes * 0x20) & kHighs) != 0 ||
        has_zero_byte(x ^ (kOnes * '"')) || has_zero_byte(x ^ (kOnes * '\\'))) {
      return false;
    }
  }
  for (; i < text.size(); ++i) {
    auto u = static_cast<unsigned char>(text[i]);
    if (u < 0x20 || u >= 0x80 || u == '"' || u == '\\') return false;
  }
  return true;
}

JsonScalarWriter::JsonScalarWriter(std::string& out, json::error_handler_t errors)
    : out_(out),
      serializer_(nlohmann::detail::output_adapter<char, std::string>(out), ' ', errors) {}

void JsonScalarWriter::String(const std::string& text) {
  if (!IsPlainJsonText(text)) {
    serializer_.dump(json(text), false, false, 0);
    return;
  }
  out_.push_back('"');
  out_.append(text);
  out_.push_back('"');
}

void JsonScalarWriter::Scalar(const json& value) {
  if (const std::string* text = value.get_ptr<const std::string*>()) return String(*text);
  serializer_.dump(value, false, false, 0);
}

std::string CompactJson(const json& value) {
  std::string out;
  out.reserve(256);
  CompactWriter(out).Value(value);
  return out;
}

}  // namespace terrarium
