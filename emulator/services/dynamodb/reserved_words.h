// DynamoDB's reserved words (developer guide, "Reserved words in DynamoDB"): an attribute name
// used bare in an expression must not be one of them.
#pragma once

#include <string_view>

namespace terrarium::services::dynamodb {

// Case-insensitive.
bool IsReservedWord(std::string_view word);

}  // namespace terrarium::services::dynamodb
