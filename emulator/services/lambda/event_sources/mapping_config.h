// EventSourceMappingConfiguration documents: defaults per source kind, validation of the
// members CreateEventSourceMapping and UpdateEventSourceMapping take, and the State a reader
// sees.
#pragma once

#include <nlohmann/json.hpp>

#include "emulator/services/lambda/event_sources/source_arn.h"

namespace terrarium::services::lambda {

// The configuration of a new mapping of `source` (UUID, FunctionArn and ARNs set by the
// caller), with AWS's defaults for what `input` leaves out; throws
// InvalidParameterValueException for members that do not fit the source.
nlohmann::json NewMappingConfiguration(const EventSource& source, const nlohmann::json& input);

// Applies UpdateEventSourceMapping's members to `config` (validated as on create).
void ApplyMappingUpdate(nlohmann::json& config, const EventSource& source,
                        const nlohmann::json& input);

// The configuration as read: transitional states (Creating, Enabling, Updating, Disabling)
// settle as soon as the call that started them has returned.
nlohmann::json SettledConfiguration(const nlohmann::json& record);

}  // namespace terrarium::services::lambda
