#include "emulator/services/s3/record_members.h"

#include <algorithm>
#include <charconv>
#include <cstdint>
#include <optional>
#include <system_error>

namespace terrarium::services::s3 {
namespace {

bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

// A cursor over JSON text that finds the extent of values without building them.
class Skimmer {
 public:
  explicit Skimmer(std::string_view text) : text_(text) {}

  bool AtEnd() const { return pos_ >= text_.size(); }
  void SkipSpace() {
    while (pos_ < text_.size() && IsSpace(text_[pos_])) ++pos_;
  }
  bool Take(char c) {
    SkipSpace();
    if (pos_ < text_.size() && text_[pos_] == c) {
      ++pos_;
      return true;
    }
    return false;
  }
  // A string at the cursor: its raw contents (escapes left as they are), or nullopt.
  std::optional<std::string_view> RawString() {
    SkipSpace();
    if (pos_ >= text_.size() || text_[pos_] != '"') return std::nullopt;
    size_t start = ++pos_;
    // From quote to quote (memchr, not a byte at a time: records hold long strings), stepping
    // over the character after each backslash before the quote found.
    while (pos_ < text_.size()) {
      size_t quote = text_.find('"', pos_);
      if (quote == std::string_view::npos) return std::nullopt;
      size_t backslash = text_.substr(0, quote).find('\\', pos_);
      if (backslash == std::string_view::npos) {
        pos_ = quote + 1;
        return text_.substr(start, quote - start);
      }
      pos_ = backslash + 2;
    }
    return std::nullopt;
  }
  // The text of the value at the cursor, or nullopt when it does not end.
  std::optional<std::string_view> Value() {
    SkipSpace();
    size_t start = pos_;
    if (pos_ >= text_.size()) return std::nullopt;
    if (text_[pos_] == '"') {
      if (!RawString()) return std::nullopt;
    } else if (text_[pos_] == '{' || text_[pos_] == '[') {
      int depth = 0;
      do {
        char c = text_[pos_];
        if (c == '"') {
          if (!RawString()) return std::nullopt;
          continue;
        }
        if (c == '{' || c == '[') ++depth;
        if (c == '}' || c == ']') --depth;
        ++pos_;
      } while (depth > 0 && pos_ < text_.size());
      if (depth > 0) return std::nullopt;
    } else {
      while (pos_ < text_.size() && text_[pos_] != ',' && text_[pos_] != '}' &&
             !IsSpace(text_[pos_])) {
        ++pos_;
      }
    }
    return text_.substr(start, pos_ - start);
  }

 private:
  std::string_view text_;
  size_t pos_ = 0;
};

// Digits, a point, digits, without a needless leading zero: "12.5", "0.25", not "01.5" or ".5".
bool IsPlainDecimal(std::string_view value) {
  size_t point = value.find('.');
  if (point == std::string_view::npos || point == 0 || point + 1 == value.size()) return false;
  if (value.front() == '0' && point != 1) return false;
  auto digits = [](std::string_view part) {
    return part.find_first_not_of("0123456789") == std::string_view::npos;
  };
  return digits(value.substr(0, point)) && digits(value.substr(point + 1));
}

// A member's value as json::parse gives it: strings, booleans, null and unsigned integers (what
// records mostly hold) without the full parser, whose set-up per call costs more than they do.
nlohmann::json ParseMemberValue(std::string_view value) {
  if (!value.empty() && value.front() == '"') {
    if (auto text = JsonStringValue(value)) return std::move(*text);
  } else if (value == "true") {
    return true;
  } else if (value == "false") {
    return false;
  } else if (value == "null") {
    return nullptr;
  } else if (!value.empty() && value.find_first_not_of("0123456789") == std::string_view::npos &&
             (value.size() == 1 || value.front() != '0')) {
    uint64_t number = 0;
    auto [end, error] = std::from_chars(value.data(), value.data() + value.size(), number);
    if (error == std::errc() && end == value.data() + value.size()) return number;
  } else if (IsPlainDecimal(value)) {
    // Times: "1764226000.125". from_chars rounds as the strtod nlohmann calls does.
    double number = 0;
    auto [end, error] = std::from_chars(value.data(), value.data() + value.size(), number);
    if (error == std::errc() && end == value.data() + value.size()) return number;
  }
  return nlohmann::json::parse(value);
}

// The members of `text` named in `names` (all when `all`), or nullopt when `text` is no
// well-formed object or (with `all`) has a member name with escapes.
std::optional<nlohmann::json> Pick(std::string_view text, std::span<const std::string_view> names,
                                   bool all = false) {
  nlohmann::json out = nlohmann::json::object();
  bool escaped_name = false;
  // Member names with escapes are never among the wanted ones.
  bool whole = VisitMembers(text, [&](std::string_view name, std::string_view value) {
    if (all) {
      escaped_name = escaped_name || name.find('\\') != std::string_view::npos;
      if (!escaped_name) out[std::string(name)] = ParseMemberValue(value);
    } else if (std::find(names.begin(), names.end(), name) != names.end()) {
      out[std::string(name)] = ParseMemberValue(value);
    }
  });
  if (!whole || escaped_name) return std::nullopt;
  return out;
}

}  // namespace

nlohmann::json PickMembers(std::string_view text, std::span<const std::string_view> names) {
  if (auto picked = Pick(text, names)) return std::move(*picked);
  return nlohmann::json::parse(text);
}

nlohmann::json ParseRecord(std::string_view text) {
  if (auto parsed = Pick(text, {}, /*all=*/true)) return std::move(*parsed);
  return nlohmann::json::parse(text);
}

bool VisitMembers(std::string_view text,
                  const std::function<void(std::string_view name, std::string_view value)>& visit) {
  Skimmer in(text);
  if (!in.Take('{')) return false;
  if (in.Take('}')) return true;
  do {
    auto name = in.RawString();
    if (!name || !in.Take(':')) return false;
    auto value = in.Value();
    if (!value) return false;
    visit(*name, *value);
  } while (in.Take(','));
  if (!in.Take('}')) return false;
  in.SkipSpace();
  return in.AtEnd();
}

std::optional<std::string> JsonStringValue(std::string_view literal) {
  if (literal.size() < 2 || literal.front() != '"' || literal.back() != '"') return std::nullopt;
  std::string_view inner = literal.substr(1, literal.size() - 2);
  // Records are written by nlohmann, which escapes only quotes, backslashes and control
  // characters: the common escapes are decoded here, anything else (\u) by the full parser.
  std::string out;
  out.reserve(inner.size());
  for (size_t i = 0; i < inner.size(); ++i) {
    // The run up to the next backslash, copied whole.
    size_t backslash = std::min(inner.find('\\', i), inner.size());
    out.append(inner.substr(i, backslash - i));
    i = backslash;
    if (i == inner.size()) break;
    if (++i == inner.size()) return std::nullopt;
    switch (inner[i]) {
      case '"':
        out.push_back('"');
        break;
      case '\\':
        out.push_back('\\');
        break;
      case '/':
        out.push_back('/');
        break;
      case 'n':
        out.push_back('\n');
        break;
      case 't':
        out.push_back('\t');
        break;
      case 'r':
        out.push_back('\r');
        break;
      case 'b':
        out.push_back('\b');
        break;
      case 'f':
        out.push_back('\f');
        break;
      default: {
        auto parsed = nlohmann::json::parse(literal, nullptr, false);
        if (!parsed.is_string()) return std::nullopt;
        return parsed.get<std::string>();
      }
    }
  }
  return out;
}

}  // namespace terrarium::services::s3
