// Where each value of a loaded template came from: JSON pointer -> 1-based source line.
// The importers fill it while parsing; the IaC layer only reads it to put lines into errors.
#pragma once

#include <map>
#include <string>
#include <string_view>

namespace terrarium::iac {

class SourceMap {
 public:
  void Add(std::string pointer, int line) { lines_.emplace(std::move(pointer), line); }

  // The line of `pointer`, or of its closest ancestor that has one (a value computed from a
  // short-form tag has no line of its own); 0 when nothing is known.
  int LineOf(std::string_view pointer) const {
    std::string key(pointer);
    while (true) {
      auto it = lines_.find(key);
      if (it != lines_.end()) return it->second;
      if (key.empty()) return 0;
      key.erase(key.rfind('/'));
    }
  }

  bool empty() const { return lines_.empty(); }

 private:
  std::map<std::string, int, std::less<>> lines_;
};

// Appends one reference token to a JSON pointer, escaping '~' and '/' as RFC 6901 asks.
inline std::string PointerChild(std::string_view parent, std::string_view token) {
  std::string out(parent);
  out += '/';
  for (char c : token) {
    if (c == '~') {
      out += "~0";
    } else if (c == '/') {
      out += "~1";
    } else {
      out += c;
    }
  }
  return out;
}

}  // namespace terrarium::iac
