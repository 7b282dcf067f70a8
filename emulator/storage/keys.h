// Store keys. Per-account data is keyed "<account>/<region>/<rest>" so that one account and
// region can be listed, exported or dropped as a range.
#pragma once

#include <string>
#include <string_view>

#include "emulator/core/scope.h"

namespace terrarium::storage {

inline std::string ScopedKey(const Scope& scope, std::string_view rest) {
  std::string key;
  key.reserve(scope.account.size() + scope.region.size() + rest.size() + 2);
  key.append(scope.account).append("/").append(scope.region).append("/").append(rest);
  return key;
}

inline std::string ScopePrefix(const Scope& scope) { return ScopedKey(scope, ""); }

}  // namespace terrarium::storage
