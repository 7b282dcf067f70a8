// The account and region a request acts in: every piece of service state belongs to one.
#pragma once

#include <string>

namespace terrarium {

inline constexpr const char* kDefaultAccount = "000000000000";
inline constexpr const char* kDefaultRegion = "us-east-1";

struct Scope {
  std::string account = kDefaultAccount;
  std::string region = kDefaultRegion;
  bool operator==(const Scope&) const = default;
};

}  // namespace terrarium
