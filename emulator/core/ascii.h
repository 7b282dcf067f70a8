// ASCII case folding for names AWS compares case-insensitively (filter rule names, CORS
// headers, event pattern values).
#pragma once

#include <cctype>
#include <string>

namespace terrarium {

inline std::string AsciiLower(std::string text) {
  for (char& c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return text;
}

}  // namespace terrarium
