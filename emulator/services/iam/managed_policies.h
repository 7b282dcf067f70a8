// The AWS managed policies (arn:aws:iam::aws:policy/...): one static table, present in every
// account, read-only. Records have the same form as customer managed policies in the store.
#pragma once

#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

namespace terrarium::services::iam {

// Every AWS managed policy this emulator knows, ordered by name.
const std::vector<nlohmann::json>& AwsManagedPolicies();
// The policy with this ARN, or nullptr.
const nlohmann::json* FindAwsManagedPolicy(std::string_view arn);

}  // namespace terrarium::services::iam
