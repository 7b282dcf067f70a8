// Queue tag limits: at most 50 tags, keys 1-128 characters, values up to 256.
#pragma once

#include <nlohmann/json.hpp>

namespace terrarium::services::sqs {

// Throws InvalidParameterValue when `tags` ({"key": "value"}) breaks a limit.
void CheckTags(const nlohmann::json& tags);

}  // namespace terrarium::services::sqs
