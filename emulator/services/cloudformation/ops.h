// CloudFormation's operation handlers, grouped by resource in *_ops.cc. Handlers that start a
// stack operation take the runtime (worker and providers) besides the request.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "emulator/core/request_context.h"
#include "emulator/services/cloudformation/cloudformation.h"
#include "emulator/services/cloudformation/stack_store.h"

namespace terrarium::services::cloudformation {

using nlohmann::json;

// stack_ops.cc
json CreateStack(RequestContext& ctx, const json& input, CloudFormationRuntime& runtime);
json UpdateStack(RequestContext& ctx, const json& input, CloudFormationRuntime& runtime);
json DeleteStack(RequestContext& ctx, const json& input, CloudFormationRuntime& runtime);
json DescribeStacks(RequestContext& ctx, const json& input);
json ListStacks(RequestContext& ctx, const json& input);

// resource_ops.cc
json DescribeStackEvents(RequestContext& ctx, const json& input);
json DescribeStackResource(RequestContext& ctx, const json& input);
json DescribeStackResources(RequestContext& ctx, const json& input);
json ListStackResources(RequestContext& ctx, const json& input);

// template_ops.cc
json GetTemplate(RequestContext& ctx, const json& input);
json GetTemplateSummary(RequestContext& ctx, const json& input);
json ValidateTemplate(RequestContext& ctx, const json& input);

// export_ops.cc
json ListExports(RequestContext& ctx, const json& input);
json ListImports(RequestContext& ctx, const json& input);

// change_set_ops.cc
json CreateChangeSet(RequestContext& ctx, const json& input, CloudFormationRuntime& runtime);
json DescribeChangeSet(RequestContext& ctx, const json& input);
json ExecuteChangeSet(RequestContext& ctx, const json& input, CloudFormationRuntime& runtime);
json DeleteChangeSet(RequestContext& ctx, const json& input);
json ListChangeSets(RequestContext& ctx, const json& input);

// drift_ops.cc
json DetectStackDrift(RequestContext& ctx, const json& input, CloudFormationRuntime& runtime);
json DescribeStackDriftDetectionStatus(RequestContext& ctx, const json& input);
json DescribeStackResourceDrifts(RequestContext& ctx, const json& input);
json DetectStackResourceDrift(RequestContext& ctx, const json& input,
                              CloudFormationRuntime& runtime);

// Shared by the handlers (stack_lookup.cc).
// The stack `name_or_id` names; throws ValidationError "Stack with id X does not exist".
StackRecord RequireStack(storage::ReadTxn& txn, const Scope& scope, const std::string& name_or_id);
// Checks a stack or change set name against [a-zA-Z][-a-zA-Z0-9]* (at most 128 characters).
void CheckName(const std::string& value, const char* member);
// Whether a stack in `status` may be updated (UpdateStack, an UPDATE change set).
bool Updatable(const std::string& status);
// The "Stack:<id> is in <STATUS> state and can not be updated." error.
AwsError NotUpdatable(const StackRecord& stack);

}  // namespace terrarium::services::cloudformation
