// Tags on IAM records (roles, users, instance profiles, policies): a "Tags" list of {Key, Value}
// whose keys are case-insensitive, at most 50 per resource.
#pragma once

#include <nlohmann/json.hpp>

#include "emulator/core/request_context.h"
#include "emulator/services/iam/iam_store.h"

namespace terrarium::services::iam {

inline constexpr size_t kMaxTags = 50;

// Adds or replaces `tags` on `record`. Throws InvalidInput for duplicate keys in `tags` and
// LimitExceeded beyond 50 tags.
void MergeTags(nlohmann::json& record, const nlohmann::json& tags);
// Removes the tags whose keys are in `keys` (absent keys are ignored).
void RemoveTags(nlohmann::json& record, const nlohmann::json& keys);
// A page of record's tags as the List*Tags output.
nlohmann::json TagsPage(const nlohmann::json& record, const nlohmann::json& input);

// Tag*/Untag*/List*Tags for the entity named by input's kind.name_member.
nlohmann::json TagEntity(RequestContext& ctx, const EntityKind& kind, const nlohmann::json& input);
nlohmann::json UntagEntity(RequestContext& ctx, const EntityKind& kind,
                           const nlohmann::json& input);
nlohmann::json ListEntityTags(RequestContext& ctx, const EntityKind& kind,
                              const nlohmann::json& input);

}  // namespace terrarium::services::iam
