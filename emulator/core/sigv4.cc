#include "emulator/core/sigv4.h"

#include <array>

namespace terrarium {

std::optional<CredentialScope> ParseCredential(std::string_view credential) {
  std::array<std::string_view, 5> parts;
  size_t count = 0;
  while (count < parts.size()) {
    auto slash = credential.find('/');
    parts[count++] = credential.substr(0, slash);
    if (slash == std::string_view::npos) break;
    credential.remove_prefix(slash + 1);
  }
  if (count != 5 || parts[0].empty() || parts[4] != "aws4_request") return std::nullopt;
  return CredentialScope{std::string(parts[0]), std::string(parts[1]), std::string(parts[2]),
                         std::string(parts[3])};
}

std::optional<CredentialScope> ParseAuthorizationHeader(std::string_view header) {
  constexpr std::string_view kV4 = "AWS4-HMAC-SHA256 ";
  constexpr std::string_view kV2 = "AWS ";
  if (header.starts_with(kV4)) {
    auto pos = header.find("Credential=");
    if (pos == std::string_view::npos) return std::nullopt;
    std::string_view rest = header.substr(pos + 11);
    // By hand: find_first_of calls memchr on the set for every character of the scope.
    size_t end = 0;
    while (end < rest.size() && rest[end] != ',' && rest[end] != ' ') ++end;
    rest = rest.substr(0, end);
    return ParseCredential(rest);
  }
  if (header.starts_with(kV2)) {
    std::string_view rest = header.substr(kV2.size());
    auto colon = rest.find(':');
    if (colon == std::string_view::npos || colon == 0) return std::nullopt;
    return CredentialScope{std::string(rest.substr(0, colon)), "", "", ""};
  }
  return std::nullopt;
}

}  // namespace terrarium
