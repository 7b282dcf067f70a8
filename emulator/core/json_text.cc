#include "emulator/core/json_text.h"

#include <cstdint>

#include "emulator/core/ascii.h"

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
  size_t i = 0;
  for (; i + sizeof(uint64_t) <= text.size(); i += sizeof(uint64_t)) {
    uint64_t x = LoadWord(text.data() + i);
    if ((x & kHighBits) != 0 || HasByteBelow(x, 0x20) || HasByte(x, '"') || HasByte(x, '\\')) {
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
