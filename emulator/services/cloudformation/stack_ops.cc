// Parity: DescribeStacks and ListStacks answer every stack in one page (no NextToken). A stack
// operation answers at once and runs on the stack worker; OnFailure=DELETE deletes the stack
// after its rollback. Stack ids are arn:aws:cloudformation:<region>:<account>:stack/<name>/<uuid>.
#include "emulator/core/aws_error.h"
#include "emulator/core/ids.h"
#include "emulator/services/cloudformation/ops.h"
#include "emulator/services/cloudformation/stack_operation.h"
#include "emulator/services/cloudformation/stack_preview.h"
#include "emulator/services/cloudformation/template_input.h"
#include "iac/pseudo_parameters.h"

namespace terrarium::services::cloudformation {
namespace {

json DescribeStack(const StackRecord& stack) {
  const json& r = stack.record;
  json out = {{"StackId", stack.id()},
              {"StackName", stack.name()},
              {"CreationTime", r.value("CreationTime", 0.0)},
              {"StackStatus", stack.status()},
              {"DisableRollback", r.value("DisableRollback", false)},
              {"NotificationARNs", r.value("NotificationARNs", json::array())},
              {"Capabilities", r.value("Capabilities", json::array())},
              {"Tags", r.value("Tags", json::array())},
              {"Parameters", MaskedParameters(r.value("Parameters", json::array()))},
              {"Outputs", r.value("Outputs", json::array())},
              {"EnableTerminationProtection", r.value("EnableTerminationProtection", false)},
              {"RollbackConfiguration", json::object()},
              {"DriftInformation", {{"StackDriftStatus", "NOT_CHECKED"}}}};
  for (const char* optional : {"Description", "StackStatusReason", "LastUpdatedTime",
                               "DeletionTime", "ChangeSetId", "RoleARN", "TimeoutInMinutes"}) {
    if (r.contains(optional)) out[optional] = r[optional];
  }
  if (out["Outputs"].empty()) out.erase("Outputs");
  return out;
}

// Runs the stack's pending deployment, then what the stack asked for on failure.
void SubmitDeployment(CloudFormationRuntime& runtime, const StackEnv& env,
                      const std::string& stack_id) {
  runtime.worker.Submit([env, stack_id] {
    RunDeployment(env, stack_id);
    bool delete_after = false;
    {
      auto txn = env.store->BeginRead();
      auto stack = FindStack(*txn, env.scope, stack_id);
      delete_after = stack && stack->status() == "ROLLBACK_COMPLETE" &&
                     stack->record.value("OnFailure", "") == "DELETE";
    }
    if (delete_after) RunDeletion(env, stack_id);
  });
}

// The deployment `input` asks for, checked as far as it can be without creating anything.
Deployment PrepareDeployment(RequestContext& ctx, const json& input, const std::string& body,
                             const json& previous_parameters, const json& previous_tags) {
  Deployment d;
  d.template_body = body;
  importers::ImportedTemplate parsed = ParseTemplateBody(body);
  d.capabilities = input.value("Capabilities", json::array());
  CheckCapabilities(parsed, d.capabilities, /*expand=*/true);
  d.parameters = ParametersOf(input, previous_parameters);
  d.tags = input.contains("Tags") ? input["Tags"] : previous_tags;
  d.disable_rollback = input.value("DisableRollback", false);
  return d;
}

}  // namespace

json CreateStack(RequestContext& ctx, const json& input, CloudFormationRuntime& runtime) {
  const std::string name = input.value("StackName", "");
  CheckName(name, "stackName");
  const std::string on_failure = input.value("OnFailure", "ROLLBACK");
  if (input.contains("OnFailure") && input.contains("DisableRollback")) {
    throw AwsError("ValidationError",
                   "You cannot specify both OnFailure and DisableRollback parameters.");
  }
  Deployment d =
      PrepareDeployment(ctx, input, TemplateBodyOf(ctx, input), json::array(), json::array());
  if (on_failure == "DO_NOTHING") d.disable_rollback = true;
  const std::string stack_id = iac::MakeStackId(ctx.scope, name, NewUuid());
  // Parameter values are checked now, so that a bad one fails the call as in AWS.
  importers::ImportedTemplate parsed = ParseTemplateBody(d.template_body);
  iac::StackEvaluation evaluation(parsed.tmpl, d.parameters, {name, stack_id, ctx.scope, {}});

  const double now = ctx.clock->EpochSeconds();
  auto txn = ctx.store->BeginWrite();
  if (FindStack(*txn, ctx.scope, name)) {
    throw AwsError("AlreadyExistsException", "Stack [" + name + "] already exists");
  }
  StackRecord stack{ctx.scope, json::object()};
  stack.record = {
      {"StackId", stack_id},
      {"StackName", name},
      {"CreationTime", now},
      {"Pending", ToJson(d)},
      {"Capabilities", d.capabilities},
      {"Tags", d.tags},
      {"DisableRollback", d.disable_rollback},
      {"OnFailure", on_failure},
      {"Parameters", ParametersToJson(evaluation.parameters())},
      {"NotificationARNs", input.value("NotificationARNs", json::array())},
      {"EnableTerminationProtection", input.value("EnableTerminationProtection", false)},
      {"Resources", json::object()}};
  if (!parsed.tmpl.description.empty()) stack.record["Description"] = parsed.tmpl.description;
  for (const char* optional : {"RoleARN", "TimeoutInMinutes"}) {
    if (input.contains(optional)) stack.record[optional] = input[optional];
  }
  SetStackStatus(*txn, stack, now, "CREATE_IN_PROGRESS", "User Initiated");
  SaveStack(*txn, stack);
  txn->Commit();
  SubmitDeployment(runtime, EnvOf(ctx, runtime.providers), stack_id);
  return {{"StackId", stack_id}};
}

json UpdateStack(RequestContext& ctx, const json& input, CloudFormationRuntime& runtime) {
  const std::string name = input.value("StackName", "");
  StackRecord stack = [&] {
    auto txn = ctx.store->BeginRead();
    return RequireStack(*txn, ctx.scope, name);
  }();
  if (!Updatable(stack.status())) throw NotUpdatable(stack);
  std::string body;
  if (input.value("UsePreviousTemplate", false)) {
    if (input.contains("TemplateBody") || input.contains("TemplateURL")) {
      throw AwsError("ValidationError",
                     "You cannot specify both usePreviousTemplate and Template Body/Template URL");
    }
    body = stack.record.value("TemplateBody", "");
  } else {
    body = TemplateBodyOf(ctx, input);
  }
  Deployment d = PrepareDeployment(ctx, input, body, stack.record.value("Parameters", json()),
                                   stack.record.value("Tags", json::array()));
  {
    auto txn = ctx.store->BeginRead();
    Preview preview = PreviewDeployment(*txn, ctx.scope, stack.name(), stack.id(), stack.record,
                                        ParseTemplateBody(body), d.parameters);
    if (!preview.changed() && d.tags == stack.record.value("Tags", json::array())) {
      throw AwsError("ValidationError", "No updates are to be performed.");
    }
  }
  const double now = ctx.clock->EpochSeconds();
  auto txn = ctx.store->BeginWrite();
  auto current = FindStack(*txn, ctx.scope, stack.id());
  if (!current || !Updatable(current->status())) throw NotUpdatable(current ? *current : stack);
  current->record["Pending"] = ToJson(d);
  SetStackStatus(*txn, *current, now, "UPDATE_IN_PROGRESS", "User Initiated");
  SaveStack(*txn, *current);
  txn->Commit();
  SubmitDeployment(runtime, EnvOf(ctx, runtime.providers), stack.id());
  return {{"StackId", stack.id()}};
}

json DeleteStack(RequestContext& ctx, const json& input, CloudFormationRuntime& runtime) {
  const std::string name = input.value("StackName", "");
  const json retain = input.value("RetainResources", json::array());
  auto txn = ctx.store->BeginWrite();
  auto stack = FindStack(*txn, ctx.scope, name);
  // Deleting a stack that does not exist (or no longer does) succeeds, as in AWS.
  if (!stack || stack->deleted() || stack->status() == "DELETE_IN_PROGRESS") return json::object();
  if (!retain.empty() && stack->status() != "DELETE_FAILED") {
    throw AwsError("ValidationError",
                   "Invalid operation on stack [" + stack->id() +
                       "]. RetainResources can only be specified when the stack is in the "
                       "DELETE_FAILED state");
  }
  if (stack->record.value("EnableTerminationProtection", false)) {
    throw AwsError("ValidationError", "Stack [" + stack->name() +
                                          "] cannot be deleted while TerminationProtection is "
                                          "enabled");
  }
  if (stack->status() == "REVIEW_IN_PROGRESS") {
    // Nothing was ever created: the stack (and its change sets) go at once.
    const double now = ctx.clock->EpochSeconds();
    SetStackStatus(*txn, *stack, now, "DELETE_IN_PROGRESS", "User Initiated");
    stack->record["DeletionTime"] = now;
    SetStackStatus(*txn, *stack, now, "DELETE_COMPLETE");
    for (const auto& cs : ListChangeSetRecords(*txn, *stack)) {
      EraseChangeSet(*txn, *stack, cs.value("ChangeSetName", ""));
    }
    SaveStack(*txn, *stack);
    txn->Commit();
    return json::object();
  }
  if (!retain.empty()) stack->record["RetainResources"] = retain;
  // A stack with an operation running is deleted once it ends (the worker runs jobs in order).
  if (stack->status().find("IN_PROGRESS") == std::string::npos) {
    SetStackStatus(*txn, *stack, ctx.clock->EpochSeconds(), "DELETE_IN_PROGRESS", "User Initiated");
  }
  SaveStack(*txn, *stack);
  txn->Commit();
  StackEnv env = EnvOf(ctx, runtime.providers);
  std::string stack_id = stack->id();
  runtime.worker.Submit([env, stack_id] { RunDeletion(env, stack_id); });
  return json::object();
}

json DescribeStacks(RequestContext& ctx, const json& input) {
  auto txn = ctx.store->BeginRead();
  json stacks = json::array();
  if (input.contains("StackName")) {
    stacks.push_back(DescribeStack(RequireStack(*txn, ctx.scope, input["StackName"])));
    return {{"Stacks", stacks}};
  }
  ScanStacks(*txn, ctx.scope, [&](const StackRecord& stack) {
    if (!stack.deleted()) stacks.push_back(DescribeStack(stack));
    return true;
  });
  return {{"Stacks", stacks}};
}

json ListStacks(RequestContext& ctx, const json& input) {
  const json filter = input.value("StackStatusFilter", json::array());
  auto txn = ctx.store->BeginRead();
  json summaries = json::array();
  ScanStacks(*txn, ctx.scope, [&](const StackRecord& stack) {
    if (!filter.empty() &&
        std::find(filter.begin(), filter.end(), stack.status()) == filter.end()) {
      return true;
    }
    const json& r = stack.record;
    json s = {{"StackId", stack.id()},
              {"StackName", stack.name()},
              {"CreationTime", r.value("CreationTime", 0.0)},
              {"StackStatus", stack.status()},
              {"DriftInformation", {{"StackDriftStatus", "NOT_CHECKED"}}}};
    if (r.contains("Description")) s["TemplateDescription"] = r["Description"];
    for (const char* optional : {"StackStatusReason", "LastUpdatedTime", "DeletionTime"}) {
      if (r.contains(optional)) s[optional] = r[optional];
    }
    summaries.push_back(std::move(s));
    return true;
  });
  return {{"StackSummaries", summaries}};
}

}  // namespace terrarium::services::cloudformation
