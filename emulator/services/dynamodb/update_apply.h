// Applies a parsed update expression (SET, REMOVE, ADD, DELETE) to an item, with DynamoDB's
// semantics and errors.
#pragma once

#include <nlohmann/json.hpp>

#include "emulator/services/dynamodb/expression.h"

namespace terrarium::services::dynamodb {

// Updates `item` in place. Every operand is evaluated against the item as it was before the
// update, as DynamoDB does. Throws ValidationException.
void ApplyUpdate(const UpdatePlan& plan, nlohmann::json& item);

}  // namespace terrarium::services::dynamodb
