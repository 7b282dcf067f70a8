// FunctionConfiguration documents: built from CreateFunction's input, updated by
// UpdateFunctionConfiguration, turned into the FunctionSpec an execution environment runs.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "emulator/core/request_context.h"
#include "emulator/services/lambda/execution/lambda_runtime.h"

namespace terrarium::services::lambda {

// Lambda's LastModified format: 2026-11-26T18:36:04.123+0000.
std::string LambdaTimestamp(double epoch_seconds);

// The $LATEST configuration of a new function (code fields are set by the caller).
nlohmann::json NewConfiguration(const RequestContext& ctx, const std::string& name,
                                const nlohmann::json& input);
// Applies UpdateFunctionConfiguration's members to `config`.
void ApplyConfigurationUpdate(const RequestContext& ctx, nlohmann::json& config,
                              const nlohmann::json& input);
// Marks a change: new RevisionId and LastModified.
void Touch(nlohmann::json& config, double now);

// The spec an environment runs for `config`, invoked as `invoked_arn`.
FunctionSpec MakeSpec(const RequestContext& ctx, const nlohmann::json& config,
                      const std::string& code_hex, const std::string& invoked_arn);

}  // namespace terrarium::services::lambda
