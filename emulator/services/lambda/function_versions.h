// Published versions and aliases inside a function's record:
//   "Versions": {"1": {"Configuration": {...}, "CodeHex": "..."}}, "NextVersion": 2,
//   "Aliases": {"prod": <AliasConfiguration>}
// and what a qualifier ($LATEST, a version number, an alias) resolves to.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "emulator/core/request_context.h"

namespace terrarium::services::lambda {

struct ResolvedFunction {
  nlohmann::json config;  // the FunctionConfiguration that runs
  std::string code_hex;
};

// Throws ResourceNotFoundException for an unknown version or alias.
ResolvedFunction ResolveQualifier(const RequestContext& ctx, const nlohmann::json& record,
                                  const std::string& qualifier);

// Publishes $LATEST as a new version (or returns the newest version when nothing changed);
// returns its configuration.
nlohmann::json PublishLatest(const RequestContext& ctx, nlohmann::json& record,
                             const std::string& description);

}  // namespace terrarium::services::lambda
