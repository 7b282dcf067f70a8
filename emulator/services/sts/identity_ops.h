// STS operations, named after the AWS operations they implement.
#pragma once

#include <nlohmann/json.hpp>

#include "emulator/core/request_context.h"

namespace terrarium::services::sts {

nlohmann::json GetCallerIdentity(RequestContext& ctx, const nlohmann::json& input);
nlohmann::json GetAccessKeyInfo(RequestContext& ctx, const nlohmann::json& input);
nlohmann::json AssumeRole(RequestContext& ctx, const nlohmann::json& input);
nlohmann::json GetSessionToken(RequestContext& ctx, const nlohmann::json& input);

}  // namespace terrarium::services::sts
