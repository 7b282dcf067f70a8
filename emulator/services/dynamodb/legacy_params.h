// The legacy (pre-expression) request parameters, translated into the same parsed forms the
// expression language produces: Expected, QueryFilter, ScanFilter and KeyConditions become a
// Condition, AttributeUpdates an UpdatePlan, AttributesToGet a projection.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "emulator/services/dynamodb/expression.h"

namespace terrarium::services::dynamodb {

// `conditions` maps attribute names to {ComparisonOperator, AttributeValueList} (and, for
// Expected, {Value, Exists}); `conditional_operator` is AND or OR. nullopt for an empty map.
// Throws ValidationException.
std::optional<Condition> LegacyCondition(const nlohmann::json& conditions,
                                         const std::string& conditional_operator, bool expected);
UpdatePlan LegacyUpdate(const nlohmann::json& attribute_updates);
std::vector<Path> LegacyProjection(const nlohmann::json& attributes_to_get);

// Rejects a request that mixes legacy and expression parameters, with AWS's message.
void CheckNotMixed(const nlohmann::json& input, const std::vector<std::string>& legacy,
                   const std::vector<std::string>& expressions);

}  // namespace terrarium::services::dynamodb
