// Event filtering (FilterCriteria) of event source mappings: a record goes to the function when
// any filter's pattern matches it. Patterns use the EventBridge pattern syntax Lambda accepts:
// literal values, prefix, suffix, equals-ignore-case, anything-but, exists and numeric ranges,
// nested objects; an SQS record's body is matched as JSON when it is JSON.
#pragma once

#include <nlohmann/json.hpp>

namespace terrarium::services::lambda {

// Whether `record` (an SQS or stream event record) passes `filter_criteria`
// ({"Filters": [{"Pattern": "<json>"}]}); no filters pass everything.
bool PassesFilters(const nlohmann::json& filter_criteria, const nlohmann::json& record);

// Whether `pattern` (a parsed pattern object) matches `value`.
bool MatchesPattern(const nlohmann::json& pattern, const nlohmann::json& value);

}  // namespace terrarium::services::lambda
