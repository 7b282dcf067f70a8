// Lambda operations, named after the AWS operations they implement. Those that touch running
// environments take the LambdaRuntime the composition root owns.
#pragma once

#include <chrono>
#include <string_view>

#include <nlohmann/json.hpp>

#include "emulator/core/request_context.h"
#include "emulator/services/lambda/execution/lambda_runtime.h"
#include "emulator/services/lambda/function_name.h"
#include "emulator/storage/store.h"

namespace terrarium::services::lambda {

using nlohmann::json;

// Synchronous invocations (Invoke and function URLs) wait for their result under a poll key
// starting with this prefix.
inline constexpr std::string_view kInvocationResultPrefix = "lambda:invocation:";
// How long past the function's timeout a caller waits (environment start-up, queueing).
inline constexpr auto kInvocationStartAllowance = std::chrono::seconds(30);

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

// concurrency_ops.cc
json PutFunctionConcurrency(RequestContext& ctx, const json& input);
json GetFunctionConcurrency(RequestContext& ctx, const json& input);
json DeleteFunctionConcurrency(RequestContext& ctx, const json& input);
// The function's reserved concurrency, -1 when none is set.
int ReservedConcurrencyOf(const json& record);

// layer_ops.cc
json PublishLayerVersion(RequestContext& ctx, const json& input);
json GetLayerVersion(RequestContext& ctx, const json& input);
json GetLayerVersionByArn(RequestContext& ctx, const json& input);
json ListLayerVersions(RequestContext& ctx, const json& input);
json ListLayers(RequestContext& ctx, const json& input);
json DeleteLayerVersion(RequestContext& ctx, const json& input);
json AddLayerVersionPermission(RequestContext& ctx, const json& input);
json RemoveLayerVersionPermission(RequestContext& ctx, const json& input);
json GetLayerVersionPolicy(RequestContext& ctx, const json& input);

// url_ops.cc
json CreateFunctionUrlConfig(RequestContext& ctx, const json& input);
json GetFunctionUrlConfig(RequestContext& ctx, const json& input);
json UpdateFunctionUrlConfig(RequestContext& ctx, const json& input);
json DeleteFunctionUrlConfig(RequestContext& ctx, const json& input);
json ListFunctionUrlConfigs(RequestContext& ctx, const json& input);
// Removes the URL index entries of a function's URLs (DeleteFunction).
void EraseFunctionUrls(storage::WriteTxn& txn, const json& record);

// invoke_ops.cc
json Invoke(RequestContext& ctx, const json& input, LambdaRuntime& runtime);
// The spec an invocation of `ref` runs with: the qualifier resolved (a weighted alias picks its
// version), the async settings and the reserved concurrency applied.
FunctionSpec SpecForInvoke(RequestContext& ctx, const FunctionRef& ref, const json& record);

}  // namespace terrarium::services::lambda
