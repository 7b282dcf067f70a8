// Evaluates parsed condition expressions and projections against an item.
#pragma once

#include <optional>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "emulator/services/dynamodb/expression.h"

namespace terrarium::services::dynamodb {

// The value at `path` in `item` (an item: attribute name -> value), or nullptr.
const nlohmann::json* ResolvePath(const nlohmann::json& item, const Path& path);

// The value of a condition operand (a path, a :value or size(path)); nullopt when it has none.
std::optional<nlohmann::json> EvaluateOperand(const Operand& operand, const nlohmann::json& item);

// Whether `item` (an empty object for a missing item) satisfies `condition`. Throws
// ValidationException for errors AWS finds only at evaluation (e.g. an unknown attribute_type).
bool EvaluateCondition(const Condition& condition, const nlohmann::json& item,
                       std::string_view what = "ConditionExpression");

// The top-level AND-ed parts of a condition (the condition itself when it is no AND).
void CollectConjuncts(const Condition& condition, std::vector<const Condition*>& out);

// The attributes of `item` named by `paths`, nested as in the item (list elements compacted in
// index order, as DynamoDB returns them).
nlohmann::json Project(const nlohmann::json& item, const std::vector<Path>& paths);

}  // namespace terrarium::services::dynamodb
