// Parity: a change set is computed while CreateChangeSet runs, so it is CREATE_COMPLETE (or
// FAILED) by the time the call answers; the waiters see the final status on their first poll.
// Executing one deletes the stack's other change sets, as AWS does; the executed one stays,
// EXECUTE_IN_PROGRESS then EXECUTE_COMPLETE or EXECUTE_FAILED. IMPORT change sets are not
// supported.
#include "emulator/core/aws_error.h"
#include "emulator/core/ids.h"
#include "emulator/services/cloudformation/ops.h"
#include "emulator/services/cloudformation/stack_operation.h"
#include "emulator/services/cloudformation/stack_preview.h"
#include "emulator/services/cloudformation/template_input.h"
#include "iac/pseudo_parameters.h"

namespace terrarium::services::cloudformation {
namespace {

constexpr const char* kNoChanges =
    "The submitted information didn't contain changes. Submit different information to create a "
    "change set.";

std::string ChangeSetArn(const Scope& scope, const std::string& name) {
  return Arn("cloudformation", scope.region, scope.account, "changeSet/" + name + "/" + NewUuid());
}

struct FoundChangeSet {
  StackRecord stack;
  json change_set;
};

// The change set `input` names (ChangeSetName as a name with StackName, or as an ARN).
FoundChangeSet ResolveChangeSet(storage::ReadTxn& txn, const Scope& scope, const json& input) {
  const std::string name = input.value("ChangeSetName", "");
  const std::string stack_name = input.value("StackName", "");
  std::optional<json> cs;
  std::optional<StackRecord> stack;
  if (name.starts_with("arn:")) {
    cs = FindChangeSetById(txn, scope, name);
    if (cs) stack = FindStack(txn, scope, cs->value("StackId", ""));
  } else {
    if (stack_name.empty()) {
      throw AwsError("ValidationError",
                     "StackName must be specified if ChangeSetName is not specified as an ARN.");
    }
    stack = FindStack(txn, scope, stack_name);
    if (!stack) {
      throw AwsError("ChangeSetNotFoundException", "ChangeSet [" + name + "] does not exist");
    }
    cs = LoadChangeSet(txn, *stack, name);
  }
  if (!cs || !stack) {
    throw AwsError("ChangeSetNotFoundException", "ChangeSet [" + name + "] does not exist");
  }
  return {std::move(*stack), std::move(*cs)};
}

json SummaryOf(const json& cs) {
  json out = json::object();
  for (const char* member :
       {"StackId", "StackName", "ChangeSetId", "ChangeSetName", "ExecutionStatus", "Status",
        "StatusReason", "CreationTime", "Description"}) {
    if (cs.contains(member)) out[member] = cs[member];
  }
  out["IncludeNestedStacks"] = false;
  return out;
}

}  // namespace

json CreateChangeSet(RequestContext& ctx, const json& input, CloudFormationRuntime& runtime) {
  const std::string stack_name = input.value("StackName", "");
  const std::string cs_name = input.value("ChangeSetName", "");
  CheckName(cs_name, "changeSetName");
  const std::string type = input.value("ChangeSetType", "UPDATE");
  if (type == "IMPORT") {
    throw AwsError("ValidationError", "ChangeSetType IMPORT is not supported by Terrarium");
  }
  std::optional<StackRecord> existing;
  {
    auto txn = ctx.store->BeginRead();
    existing = FindStack(*txn, ctx.scope, stack_name);
  }
  if (type == "CREATE") {
    if (ParseStackId(stack_name)) {
      throw AwsError("ValidationError", "StackName must be a name, not an id, to create a stack");
    }
    CheckName(stack_name, "stackName");
    if (existing && existing->status() != "REVIEW_IN_PROGRESS") {
      throw AwsError("AlreadyExistsException", "Stack [" + stack_name +
                                                   "] already exists and cannot be created "
                                                   "again with the changeSet [" +
                                                   cs_name + "].");
    }
  } else {
    if (!existing) {
      throw AwsError("ValidationError", "Stack [" + stack_name + "] does not exist");
    }
    if (!Updatable(existing->status())) throw NotUpdatable(*existing);
  }

  std::string body;
  if (input.value("UsePreviousTemplate", false)) {
    if (!existing || type == "CREATE") {
      throw AwsError("ValidationError",
                     "UsePreviousTemplate can only be used with an existing stack");
    }
    body = existing->record.value("TemplateBody", "");
  } else {
    body = TemplateBodyOf(ctx, input);
  }
  importers::ImportedTemplate parsed = ParseTemplateBody(body);
  const json capabilities = input.value("Capabilities", json::array());
  CheckCapabilities(parsed, capabilities, /*expand=*/false);
  const json previous = existing ? existing->record.value("Parameters", json()) : json();
  Deployment d;
  d.template_body = body;
  d.parameters = ParametersOf(input, previous);
  d.capabilities = capabilities;
  d.tags = input.contains("Tags") || !existing ? input.value("Tags", json::array())
                                               : existing->record.value("Tags", json::array());
  d.disable_rollback = existing ? existing->record.value("DisableRollback", false) : false;

  const std::string stack_id =
      existing ? existing->id() : iac::MakeStackId(ctx.scope, stack_name, NewUuid());
  const json current = existing && type != "CREATE" ? existing->record : json::object();
  Preview preview = [&] {
    auto txn = ctx.store->BeginRead();
    return PreviewDeployment(*txn, ctx.scope, stack_name, stack_id, current, parsed, d.parameters);
  }();

  const double now = ctx.clock->EpochSeconds();
  json cs = {{"ChangeSetName", cs_name},
             {"ChangeSetId", ChangeSetArn(ctx.scope, cs_name)},
             {"ChangeSetType", type},
             {"StackId", stack_id},
             {"StackName", existing ? existing->name() : stack_name},
             {"CreationTime", now},
             {"Parameters", ParametersToJson(preview.evaluation->parameters())},
             {"Capabilities", capabilities},
             {"Tags", d.tags},
             {"NotificationARNs", input.value("NotificationARNs", json::array())},
             {"Changes", ChangesToJson(preview.changes)},
             {"Deployment", ToJson(d)}};
  if (input.contains("Description")) cs["Description"] = input["Description"];
  const bool tags_changed = existing && d.tags != existing->record.value("Tags", json::array());
  if (type == "CREATE" || preview.changed() || tags_changed) {
    cs["Status"] = "CREATE_COMPLETE";
    cs["ExecutionStatus"] = "AVAILABLE";
  } else {
    cs["Status"] = "FAILED";
    cs["ExecutionStatus"] = "UNAVAILABLE";
    cs["StatusReason"] = kNoChanges;
  }

  auto txn = ctx.store->BeginWrite();
  std::optional<StackRecord> stack = FindStack(*txn, ctx.scope, stack_id);
  if (!stack) {
    if (FindStack(*txn, ctx.scope, stack_name)) {
      throw AwsError("AlreadyExistsException", "Stack [" + stack_name + "] already exists");
    }
    // A CREATE change set makes the stack exist, empty, in REVIEW_IN_PROGRESS.
    stack = StackRecord{ctx.scope,
                        {{"StackId", stack_id},
                         {"StackName", stack_name},
                         {"CreationTime", now},
                         {"Capabilities", json::array()},
                         {"Tags", d.tags},
                         {"Parameters", json::array()},
                         {"Resources", json::object()}}};
    SetStackStatus(*txn, *stack, now, "REVIEW_IN_PROGRESS", "User Initiated");
    SaveStack(*txn, *stack);
  }
  if (LoadChangeSet(*txn, *stack, cs_name)) {
    throw AwsError("AlreadyExistsException", "ChangeSet [" + cs_name + "] already exists");
  }
  SaveChangeSet(*txn, *stack, cs);
  txn->Commit();
  return {{"Id", cs["ChangeSetId"]}, {"StackId", stack_id}};
}

json DescribeChangeSet(RequestContext& ctx, const json& input) {
  auto txn = ctx.store->BeginRead();
  FoundChangeSet found = ResolveChangeSet(*txn, ctx.scope, input);
  json out = SummaryOf(found.change_set);
  const json& cs = found.change_set;
  out["Parameters"] = MaskedParameters(cs.value("Parameters", json::array()));
  for (const char* member : {"Capabilities", "Tags", "NotificationARNs", "Changes"}) {
    out[member] = cs.value(member, json::array());
  }
  out["RollbackConfiguration"] = json::object();
  return out;
}

json ExecuteChangeSet(RequestContext& ctx, const json& input, CloudFormationRuntime& runtime) {
  const double now = ctx.clock->EpochSeconds();
  auto txn = ctx.store->BeginWrite();
  FoundChangeSet found = ResolveChangeSet(*txn, ctx.scope, input);
  json& cs = found.change_set;
  StackRecord& stack = found.stack;
  if (cs.value("ExecutionStatus", "") != "AVAILABLE") {
    throw AwsError("InvalidChangeSetStatusException",
                   "ChangeSet [" + cs.value("ChangeSetId", "") +
                       "] cannot be executed in its current execution status of [" +
                       cs.value("ExecutionStatus", "") + "]");
  }
  const bool creating = stack.status() == "REVIEW_IN_PROGRESS";
  if (!creating && !Updatable(stack.status())) throw NotUpdatable(stack);
  json deployment = cs.value("Deployment", json::object());
  if (input.contains("DisableRollback")) deployment["DisableRollback"] = input["DisableRollback"];
  stack.record["Pending"] = deployment;
  stack.record["ChangeSetId"] = cs["ChangeSetId"];
  if (creating) {
    stack.record["Parameters"] = cs.value("Parameters", json::array());
    stack.record["Capabilities"] = cs.value("Capabilities", json::array());
    stack.record["DisableRollback"] = deployment.value("DisableRollback", false);
  }
  SetStackStatus(*txn, stack, now, creating ? "CREATE_IN_PROGRESS" : "UPDATE_IN_PROGRESS",
                 "User Initiated");
  SaveStack(*txn, stack);
  for (const auto& other : ListChangeSetRecords(*txn, stack)) {
    if (other.value("ChangeSetName", "") != cs.value("ChangeSetName", "")) {
      EraseChangeSet(*txn, stack, other.value("ChangeSetName", ""));
    }
  }
  cs["ExecutionStatus"] = "EXECUTE_IN_PROGRESS";
  SaveChangeSet(*txn, stack, cs);
  txn->Commit();

  StackEnv env = EnvOf(ctx, runtime.providers);
  const std::string stack_id = stack.id();
  const std::string cs_name = cs.value("ChangeSetName", "");
  runtime.worker.Submit([env, stack_id, cs_name] {
    RunDeployment(env, stack_id);
    auto write = env.store->BeginWrite();
    auto s = FindStack(*write, env.scope, stack_id);
    if (!s) return;
    auto done = LoadChangeSet(*write, *s, cs_name);
    if (!done) return;
    const std::string status = s->status();
    (*done)["ExecutionStatus"] = status == "CREATE_COMPLETE" || status == "UPDATE_COMPLETE"
                                     ? "EXECUTE_COMPLETE"
                                     : "EXECUTE_FAILED";
    SaveChangeSet(*write, *s, *done);
    write->Commit();
  });
  return json::object();
}

json DeleteChangeSet(RequestContext& ctx, const json& input) {
  auto txn = ctx.store->BeginWrite();
  FoundChangeSet found = ResolveChangeSet(*txn, ctx.scope, input);
  if (found.change_set.value("ExecutionStatus", "") == "EXECUTE_IN_PROGRESS") {
    throw AwsError("InvalidChangeSetStatusException",
                   "Cannot delete ChangeSet [" + found.change_set.value("ChangeSetId", "") +
                       "] while it is in EXECUTE_IN_PROGRESS");
  }
  EraseChangeSet(*txn, found.stack, found.change_set.value("ChangeSetName", ""));
  txn->Commit();
  return json::object();
}

json ListChangeSets(RequestContext& ctx, const json& input) {
  auto txn = ctx.store->BeginRead();
  StackRecord stack = RequireStack(*txn, ctx.scope, input.value("StackName", ""));
  json summaries = json::array();
  for (const auto& cs : ListChangeSetRecords(*txn, stack)) summaries.push_back(SummaryOf(cs));
  return {{"Summaries", summaries}};
}

}  // namespace terrarium::services::cloudformation
