// Inline policies of roles, users and groups: Put/Get/Delete/List<Kind>Policy/Policies. A
// record's InlinePolicies maps the lower-case policy name to {PolicyName, PolicyDocument}.
#pragma once

#include <nlohmann/json.hpp>

#include "emulator/core/request_context.h"
#include "emulator/services/iam/iam_store.h"

namespace terrarium::services::iam {

nlohmann::json PutInlinePolicy(RequestContext& ctx, const EntityKind& kind,
                               const nlohmann::json& input);
nlohmann::json GetInlinePolicy(RequestContext& ctx, const EntityKind& kind,
                               const nlohmann::json& input);
nlohmann::json DeleteInlinePolicy(RequestContext& ctx, const EntityKind& kind,
                                  const nlohmann::json& input);
nlohmann::json ListInlinePolicies(RequestContext& ctx, const EntityKind& kind,
                                  const nlohmann::json& input);

// Whether `record` has inline policies (DeleteConflict for its deletion).
bool HasInlinePolicies(const nlohmann::json& record);

}  // namespace terrarium::services::iam
