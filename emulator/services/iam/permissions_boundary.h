// Permissions boundaries of roles and users: a managed policy ARN kept on the record
// (PermissionsBoundary), set at creation or by Put/Delete<Kind>PermissionsBoundary.
#pragma once

#include <string_view>

#include <nlohmann/json.hpp>

#include "emulator/core/request_context.h"
#include "emulator/services/iam/iam_store.h"

namespace terrarium::services::iam {

// Sets input's PermissionsBoundary, if any, on `record`; throws NoSuchEntity when it names no
// managed policy.
void ApplyBoundary(storage::ReadTxn& txn, std::string_view account, const nlohmann::json& input,
                   nlohmann::json& record);

nlohmann::json PutPermissionsBoundary(RequestContext& ctx, const EntityKind& kind,
                                      const nlohmann::json& input);
nlohmann::json DeletePermissionsBoundary(RequestContext& ctx, const EntityKind& kind,
                                         const nlohmann::json& input);

}  // namespace terrarium::services::iam
