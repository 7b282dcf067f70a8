#include "emulator/services/s3/record_members.h"

#include <algorithm>
#include <optional>

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
    while (pos_ < text_.size() && text_[pos_] != '"') pos_ += text_[pos_] == '\\' ? 2 : 1;
    if (pos_ >= text_.size()) return std::nullopt;
    return text_.substr(start, pos_++ - start);
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

std::optional<nlohmann::json> Pick(std::string_view text, std::span<const std::string_view> names) {
  nlohmann::json out = nlohmann::json::object();
  Skimmer in(text);
  if (!in.Take('{')) return std::nullopt;
  if (in.Take('}')) return out;
  do {
    auto name = in.RawString();
    if (!name || !in.Take(':')) return std::nullopt;
    auto value = in.Value();
    if (!value) return std::nullopt;
    // Member names with escapes are never among the wanted ones.
    if (std::find(names.begin(), names.end(), *name) != names.end()) {
      out[std::string(*name)] = nlohmann::json::parse(*value);
    }
  } while (in.Take(','));
  if (!in.Take('}')) return std::nullopt;
  in.SkipSpace();
  if (!in.AtEnd()) return std::nullopt;
  return out;
}

}  // namespace

nlohmann::json PickMembers(std::string_view text, std::span<const std::string_view> names) {
  if (auto picked = Pick(text, names)) return std::move(*picked);
  return nlohmann::json::parse(text);
}

}  // namespace terrarium::services::s3
