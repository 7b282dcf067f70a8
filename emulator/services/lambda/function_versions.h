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

// The qualifier an invocation of `qualifier` runs: for an alias with a RoutingConfig, its
// additional version when `draw` (uniform in [0, 1)) falls under that version's weight, else
// `qualifier` itself.
std::string RouteAlias(const nlohmann::json& record, const std::string& qualifier, double draw);

// Checks an alias's RoutingConfig against the function (InvalidParameterValueException as AWS
// words it): at most one additional version, a weight in [0, 1], a published version other
// than the alias's own, which must not be $LATEST.
void CheckRoutingConfig(const RequestContext& ctx, const nlohmann::json& record,
                        const std::string& function_version, const nlohmann::json& routing);

// Publishes $LATEST as a new version (or returns the newest version when nothing changed);
// returns its configuration.
nlohmann::json PublishLatest(const RequestContext& ctx, nlohmann::json& record,
                             const std::string& description);

}  // namespace terrarium::services::lambda
