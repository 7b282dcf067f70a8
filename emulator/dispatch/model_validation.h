// Request validation against the model's constraints (required members, lengths, ranges, enum
// values), phrased as AWS's request validation phrases it:
//   1 validation error detected: Value null at 'tableName' failed to satisfy constraint: Member
//   must not be null
// Services opt in through OperationTable::ValidateWithModel; the dispatcher runs it before the
// handler, for HTTP requests and Invoke alike.
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "emulator/models/service_model.h"

namespace terrarium::dispatch {

// Every violation of `shape`'s constraints in `input`, in member order, each as
// "Value <v> at '<path>' failed to satisfy constraint: Member must ...".
std::vector<std::string> ConstraintViolations(const models::Shape& shape,
                                              const nlohmann::json& input);

// "N validation error(s) detected: a; b; c" or empty when there are none.
std::string ValidationMessage(const std::vector<std::string>& violations);

}  // namespace terrarium::dispatch
