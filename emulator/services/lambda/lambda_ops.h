// Lambda operations, named after the AWS operations they implement. Those that touch running
// environments take the LambdaRuntime the composition root owns.
#pragma once

#include <nlohmann/json.hpp>

#include "emulator/core/request_context.h"
#include "emulator/services/lambda/execution/lambda_runtime.h"

namespace terrarium::services::lambda {

using nlohmann::json;

// function_ops.cc
json CreateFunction(RequestContext& ctx, const json& input);
json GetFunction(RequestContext& ctx, const json& input);
json GetFunctionConfiguration(RequestContext& ctx, const json& input);
json UpdateFunctionCode(RequestContext& ctx, const json& input, LambdaRuntime& runtime);
json UpdateFunctionConfiguration(RequestContext& ctx, const json& input, LambdaRuntime& runtime);
json DeleteFunction(RequestContext& ctx, const json& input, LambdaRuntime& runtime);
json ListFunctions(RequestContext& ctx, const json& input);
json GetFunctionCodeSigningConfig(RequestContext& ctx, const json& input);

// tag_ops.cc
json TagResource(RequestContext& ctx, const json& input);
json UntagResource(RequestContext& ctx, const json& input);
json ListTags(RequestContext& ctx, const json& input);

// version_ops.cc
json PublishVersion(RequestContext& ctx, const json& input);
json ListVersionsByFunction(RequestContext& ctx, const json& input);
json CreateAlias(RequestContext& ctx, const json& input);
json GetAlias(RequestContext& ctx, const json& input);
json UpdateAlias(RequestContext& ctx, const json& input);
json DeleteAlias(RequestContext& ctx, const json& input);
json ListAliases(RequestContext& ctx, const json& input);

// policy_ops.cc
json AddPermission(RequestContext& ctx, const json& input);
json RemovePermission(RequestContext& ctx, const json& input);
json GetPolicy(RequestContext& ctx, const json& input);

// event_source_ops.cc
json CreateEventSourceMapping(RequestContext& ctx, const json& input);
json GetEventSourceMapping(RequestContext& ctx, const json& input);
json UpdateEventSourceMapping(RequestContext& ctx, const json& input);
json DeleteEventSourceMapping(RequestContext& ctx, const json& input);
json ListEventSourceMappings(RequestContext& ctx, const json& input);

// event_invoke_config_ops.cc
json PutFunctionEventInvokeConfig(RequestContext& ctx, const json& input);
json UpdateFunctionEventInvokeConfig(RequestContext& ctx, const json& input);
json GetFunctionEventInvokeConfig(RequestContext& ctx, const json& input);
json DeleteFunctionEventInvokeConfig(RequestContext& ctx, const json& input);
json ListFunctionEventInvokeConfigs(RequestContext& ctx, const json& input);
// Fills the asynchronous-invocation fields of `spec` from the function's record.
void ApplyAsyncSettings(const json& record, const std::string& qualifier, const json& config,
                        FunctionSpec& spec);

// invoke_ops.cc
json Invoke(RequestContext& ctx, const json& input, LambdaRuntime& runtime);

}  // namespace terrarium::services::lambda
