// What the item operations (single, batch, transactional) share: key and item validation with
// AWS's messages, condition checks and ReturnValues.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "emulator/services/dynamodb/expression.h"
#include "emulator/services/dynamodb/expression_parser.h"
#include "emulator/services/dynamodb/table_store.h"

namespace terrarium::services::dynamodb {

// A Key member checked against the table's key schema; returns it normalised.
Json ValidateKey(const TableInfo& table, const Json& key);
// A PutItem item: key attributes present and typed, index keys typed, size within 400 KB.
Json ValidateItem(const TableInfo& table, const Json& item);
// A finished item (after an update): index key types and size.
void CheckItemLimits(const TableInfo& table, const Json& item);

// The parsed expressions of one write request (ConditionExpression, UpdateExpression) and of
// reads (ProjectionExpression), with unused names/values already rejected.
struct WriteExpressions {
  std::optional<Condition> condition;
  std::optional<UpdatePlan> update;
};
WriteExpressions ParseWriteExpressions(const Json& input, bool with_update);
std::optional<std::vector<Path>> ParseReadProjection(const Json& input);

// Throws ConditionalCheckFailedException (with the item when the request asks for ALL_OLD)
// unless `existing` (nullopt: no item) satisfies the condition.
void CheckCondition(const WriteExpressions& expressions, const std::optional<Json>& existing,
                    const Json& input);

// The Attributes member for ReturnValues.
std::optional<Json> ReturnedAttributes(const std::string& return_values,
                                       const std::optional<Json>& before,
                                       const std::optional<Json>& after,
                                       const std::optional<UpdatePlan>& update);

}  // namespace terrarium::services::dynamodb
