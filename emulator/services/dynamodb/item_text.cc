#include "emulator/services/dynamodb/item_text.h"

#include <cstring>

#include "emulator/core/encoding.h"
#include "emulator/services/dynamodb/attribute_value.h"
#include "emulator/services/dynamodb/text_cursor.h"

namespace terrarium::services::dynamodb {
namespace {

// Deeper than DynamoDB's 32 levels: such text is not an item WriteItem stored.
constexpr int kMaxItemTextDepth = 40;

int ItemTextHexDigit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// An attribute value's type member as one letter, without comparing strings: S N B L M as
// themselves, the sets SS NS BS as s n b, BOOL as T, NULL as 0; '?' for anything else.
char ItemTextValueKind(std::string_view type) {
  if (type.size() == 1 && std::string_view("SNBLM").find(type[0]) != std::string_view::npos) {
    return type[0];
  }
  if (type.size() == 2 && type[1] == 'S') {
    if (type[0] == 'S') return 's';
    if (type[0] == 'N') return 'n';
    if (type[0] == 'B') return 'b';
  }
  if (type == "BOOL") return 'T';
  if (type == "NULL") return '0';
  return '?';
}

// A cursor over compact JSON text computing DynamoDB sizes as it goes. Every method returns
// false on text it does not expect, leaving the caller to parse the item instead.
class ItemTextCursor : public CompactTextCursor {
 public:
  using CompactTextCursor::CompactTextCursor;

  // A string: its text between the quotes and its length in UTF-8 bytes once unescaped. (Runs
  // between escapes are found with memchr; a raw control character, which no text WriteItem
  // stored holds, would count as the one byte it is.)
  bool String(std::string_view& raw, size_t& length) {
    if (!Eat('"')) return false;
    size_t start = pos_;
    length = 0;
    const char* data = text_.data();
    while (pos_ < text_.size()) {
      const auto* quote =
          static_cast<const char*>(std::memchr(data + pos_, '"', text_.size() - pos_));
      if (quote == nullptr) return false;
      size_t stop = static_cast<size_t>(quote - data);
      const auto* backslash = static_cast<const char*>(std::memchr(data + pos_, '\\', stop - pos_));
      if (backslash == nullptr) {
        length += stop - pos_;
        raw = text_.substr(start, stop - start);
        pos_ = stop + 1;
        return true;
      }
      length += static_cast<size_t>(backslash - data) - pos_;
      pos_ = static_cast<size_t>(backslash - data);
      if (!Escape(length)) return false;
    }
    return false;
  }

  // An attribute value {"<type>": ...}; `size` as ValueSize counts it.
  bool Value(size_t& size, int depth) {
    std::string_view type;
    size_t ignored = 0;
    if (depth > kMaxItemTextDepth || !Eat('{') || !String(type, ignored) || !Eat(':')) {
      return false;
    }
    char kind = ItemTextValueKind(type);
    if (kind == 'S' || kind == 'N' || kind == 'B') {
      if (!Scalar(kind, size)) return false;
    } else if (kind == 'T' || kind == '0') {
      if (!Word("true") && !(kind == 'T' && Word("false"))) return false;
      size = 1;
    } else if (kind == 's' || kind == 'n' || kind == 'b') {
      char element = static_cast<char>(kind - 'a' + 'A');
      size = 0;
      if (!Eat('[')) return false;
      if (!Eat(']')) {
        do {
          size_t element_size = 0;
          if (!Scalar(element, element_size)) return false;
          size += element_size;
        } while (Eat(','));
        if (!Eat(']')) return false;
      }
    } else if (kind == 'L') {
      size = 3;
      if (!Eat('[')) return false;
      if (!Eat(']')) {
        do {
          size_t element_size = 0;
          if (!Value(element_size, depth + 1)) return false;
          size += element_size + 1;
        } while (Eat(','));
        if (!Eat(']')) return false;
      }
    } else if (kind == 'M') {
      size = 3;
      if (!Eat('{')) return false;
      if (!Eat('}')) {
        do {
          std::string_view name;
          size_t name_length = 0;
          size_t element_size = 0;
          if (!String(name, name_length) || !Eat(':') || !Value(element_size, depth + 1)) {
            return false;
          }
          size += name_length + element_size + 1;
        } while (Eat(','));
        if (!Eat('}')) return false;
      }
    } else {
      return false;
    }
    return Eat('}');
  }

 private:
  // The escape at the cursor: adds its length once decoded and moves past it.
  bool Escape(size_t& length) {
    if (pos_ + 1 >= text_.size()) return false;
    char escaped = text_[pos_ + 1];
    if (escaped != 'u') {
      if (std::string_view("\"\\/bfnrt").find(escaped) == std::string_view::npos) return false;
      ++length;
      pos_ += 2;
      return true;
    }
    int code = Hex4();
    if (code < 0) return false;
    if (code >= 0xD800 && code <= 0xDBFF) {  // a surrogate pair: one 4-byte character
      if (!(pos_ + 1 < text_.size() && text_[pos_] == '\\' && text_[pos_ + 1] == 'u')) {
        return false;
      }
      int low = Hex4();
      if (low < 0xDC00 || low > 0xDFFF) return false;
      length += 4;
    } else if (code >= 0xDC00 && code <= 0xDFFF) {
      return false;
    } else {
      length += code < 0x80 ? 1 : code < 0x800 ? 2 : 3;
    }
    return true;
  }

  // The string of an S, N or B value (or set element) and its size.
  bool Scalar(char kind, size_t& size) {
    std::string_view raw;
    size_t length = 0;
    if (!String(raw, length)) return false;
    if (kind == 'S') {
      size = length;
    } else if (length != raw.size()) {  // numbers and base64 text have nothing to escape
      return false;
    } else if (kind == 'N') {
      size = NumberTextSize(raw);
    } else {
      auto bytes = Base64Decode(raw);
      size = bytes ? bytes->size() : 0;
    }
    return true;
  }

  // The four hex digits of a \u escape at the cursor (-1 if malformed); moves past them.
  int Hex4() {
    if (pos_ + 6 > text_.size()) return -1;
    int code = 0;
    for (size_t i = pos_ + 2; i < pos_ + 6; ++i) {
      int digit = ItemTextHexDigit(text_[i]);
      if (digit < 0) return -1;
      code = code * 16 + digit;
    }
    pos_ += 6;
    return code;
  }
};

}  // namespace

bool ScanItemText(std::string_view text, ItemTextScan& scan) {
  ItemTextCursor cursor(text);
  scan.size = 0;
  scan.values = {};
  if (!cursor.Eat('{')) return false;
  if (cursor.Eat('}')) return cursor.AtEnd();
  do {
    std::string_view name;
    size_t name_length = 0;
    // An escaped name would not compare with the names asked for as its text.
    if (!cursor.String(name, name_length) || name_length != name.size() || !cursor.Eat(':')) {
      return false;
    }
    size_t start = cursor.pos();
    size_t value_size = 0;
    if (!cursor.Value(value_size, 1)) return false;
    for (size_t i = 0; i < scan.names.size(); ++i) {
      if (!scan.names[i].empty() && scan.names[i] == name) {
        scan.values[i] = text.substr(start, cursor.pos() - start);
      }
    }
    scan.size += name_length + value_size;
  } while (cursor.Eat(','));
  return cursor.Eat('}') && cursor.AtEnd();
}

StoredItem::StoredItem(std::string_view text, std::string_view range_name,
                       std::string_view ttl_name)
    : text_(text) {
  scan_.names = {range_name, ttl_name};
  scanned_ = ScanItemText(text, scan_);
}

const nlohmann::json& StoredItem::item() {
  if (!item_) item_ = nlohmann::json::parse(text_);
  return *item_;
}

size_t StoredItem::size() { return scanned_ ? scan_.size : ItemSize(item()); }

nlohmann::json StoredItem::Attribute(size_t which) {
  if (scan_.names[which].empty()) return nullptr;
  if (scanned_) {
    return scan_.values[which].empty() ? nlohmann::json()
                                       : nlohmann::json::parse(scan_.values[which]);
  }
  auto it = item().find(scan_.names[which]);
  return it == item().end() ? nlohmann::json() : *it;
}

namespace {

void AppendItemTextString(std::string& out, const std::string& text) {
  for (char c : text) {
    unsigned char byte = static_cast<unsigned char>(c);
    if (byte < 0x20 || byte >= 0x7F || c == '"' || c == '\\') {
      out += Json(text).dump();  // escapes, UTF-8 checked: the serializer's own bytes
      return;
    }
  }
  out += '"';
  out += text;
  out += '"';
}

void AppendItemText(std::string& out, const Json& value) {
  switch (value.type()) {
    case Json::value_t::object: {
      out += '{';
      bool first = true;
      for (const auto& [name, member] : value.get_ref<const Json::object_t&>()) {
        if (!first) out += ',';
        first = false;
        AppendItemTextString(out, name);
        out += ':';
        AppendItemText(out, member);
      }
      out += '}';
      return;
    }
    case Json::value_t::array: {
      out += '[';
      bool first = true;
      for (const Json& element : value.get_ref<const Json::array_t&>()) {
        if (!first) out += ',';
        first = false;
        AppendItemText(out, element);
      }
      out += ']';
      return;
    }
    case Json::value_t::string:
      AppendItemTextString(out, value.get_ref<const std::string&>());
      return;
    case Json::value_t::boolean:
      out += value.get<bool>() ? "true" : "false";
      return;
    default:
      out += value.dump();  // numbers, null: not in normalised items, written as dump() does
      return;
  }
}

}  // namespace

std::string ItemText(const nlohmann::json& item) {
  std::string out;
  out.reserve(256);
  AppendItemText(out, item);
  return out;
}

std::string RawBodyStart(std::string_view name) {
  std::string body = "{\"";
  body += name;  // a member name of the model: nothing to escape
  body += "\":";
  return body;
}

nlohmann::json AnswerWithRawBody(RequestContext& ctx, nlohmann::json document, std::string body) {
  // As the codec writes a document (json_body.h's DumpJson).
  std::string rest = document.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  if (rest != "{}") body += ',';
  body += std::string_view(rest).substr(1);  // past its '{'
  ctx.response_payload = Body::FromString(std::move(body));
  return document;
}

nlohmann::json AnswerWithRawMember(RequestContext& ctx, nlohmann::json document,
                                   std::string_view name, std::string_view text) {
  std::string body = RawBodyStart(name);
  body += text;
  return AnswerWithRawBody(ctx, std::move(document), std::move(body));
}

}  // namespace terrarium::services::dynamodb
