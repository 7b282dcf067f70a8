// The identifiers IAM hands out: unique ids with a type prefix (AROA roles, AIDA users, AGPA
// groups, ANPA policies, AIPA instance profiles) and access key pairs.
#pragma once

#include <string>
#include <string_view>

namespace terrarium::services::iam {

// `prefix` followed by 17 characters of [A-Z2-7], 21 in all, as AWS's unique ids are.
std::string NewUniqueId(std::string_view prefix);
// AKIA followed by 16 characters of [A-Z2-7].
std::string NewAccessKeyId();
// 40 characters of [A-Za-z0-9+/].
std::string NewSecretAccessKey();

}  // namespace terrarium::services::iam
