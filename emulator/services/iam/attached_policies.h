// Managed policies attached to roles, users and groups: Attach/Detach/ListAttached<Kind>Policies,
// and the reverse view (attachment counts, ListEntitiesForPolicy). A record's AttachedPolicies is
// the list of attached policy ARNs; counts are computed from the records, never stored twice.
#pragma once

#include <map>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "emulator/core/request_context.h"
#include "emulator/services/iam/iam_store.h"

namespace terrarium::services::iam {

nlohmann::json AttachPolicy(RequestContext& ctx, const EntityKind& kind,
                            const nlohmann::json& input);
nlohmann::json DetachPolicy(RequestContext& ctx, const EntityKind& kind,
                            const nlohmann::json& input);
nlohmann::json ListAttachedPolicies(RequestContext& ctx, const EntityKind& kind,
                                    const nlohmann::json& input);

bool HasAttachedPolicies(const nlohmann::json& record);
// Policy ARN -> number of roles, users and groups of `account` it is attached to.
std::map<std::string, int> AttachmentCounts(storage::ReadTxn& txn, std::string_view account);
// ListEntitiesForPolicy's output for `arn` (EntityFilter and PathPrefix from `input`).
nlohmann::json EntitiesForPolicy(storage::ReadTxn& txn, std::string_view account,
                                 std::string_view arn, const nlohmann::json& input);

}  // namespace terrarium::services::iam
