// Parity: the stack moves CREATE_IN_PROGRESS -> ROLLBACK_IN_PROGRESS at the first failed
// resource and UPDATE_IN_PROGRESS -> UPDATE_COMPLETE_CLEANUP_IN_PROGRESS at the first clean-up
// delete, as CloudFormation does; a failed update's rollback goes straight to
// UPDATE_ROLLBACK_COMPLETE (no UPDATE_ROLLBACK_COMPLETE_CLEANUP_IN_PROGRESS step). A stack whose
// creation rolled back keeps its failure reason in StackStatusReason.
#include "emulator/services/cloudformation/stack_operation.h"

#include <mutex>
#include <set>

#include "emulator/core/ids.h"
#include "emulator/services/cloudformation/exports.h"
#include "emulator/services/cloudformation/stack_preview.h"
#include "iac/applier.h"
#include "iac/stack_evaluation.h"
#include "importers/cloudformation/import.h"

namespace terrarium::services::cloudformation {
namespace {

using nlohmann::json;

std::optional<StackRecord> LoadById(storage::ReadTxn& txn, const Scope& scope,
                                    const std::string& id) {
  return FindStack(txn, scope, id);
}

// Applies `change` to the stack's record in one write transaction.
void UpdateRecord(const StackEnv& env, const std::string& stack_id,
                  const std::function<void(storage::WriteTxn&, StackRecord&)>& change) {
  auto txn = env.store->BeginWrite();
  auto stack = LoadById(*txn, env.scope, stack_id);
  if (!stack) return;
  change(*txn, *stack);
  SaveStack(*txn, *stack);
  txn->Commit();
}

// Writes the applier's resource events to the store as they happen and moves the stack to
// its rollback or clean-up status when the first event that implies one arrives.
class EventRecorder {
 public:
  EventRecorder(const StackEnv& env, std::string stack_id, bool creating, bool rollback)
      : env_(env), stack_id_(std::move(stack_id)), creating_(creating), rollback_(rollback) {}

  void operator()(const iac::ResourceEvent& e) {
    const std::string status(iac::ToString(e.status));
    const double now = env_.clock->EpochSeconds();
    UpdateRecord(env_, stack_id_, [&](storage::WriteTxn& txn, StackRecord& stack) {
      json event = {{"StackId", stack.id()},
                    {"StackName", stack.name()},
                    {"EventId", e.logical_id + "-" + status + "-" + NewUuid()},
                    {"LogicalResourceId", e.logical_id},
                    {"PhysicalResourceId", e.physical_id},
                    {"ResourceType", e.type},
                    {"Timestamp", now},
                    {"ResourceStatus", status}};
      if (!e.reason.empty()) event["ResourceStatusReason"] = e.reason;
      AppendEvent(txn, stack, std::move(event));
      json& record = stack.record["ResourceStatus"][e.logical_id];
      record = {
          {"Type", e.type}, {"PhysicalId", e.physical_id}, {"Status", status}, {"Timestamp", now}};
      if (!e.reason.empty()) record["Reason"] = e.reason;

      const bool failed = e.status == iac::ResourceStatus::kCreateFailed ||
                          e.status == iac::ResourceStatus::kUpdateFailed;
      if (failed && !failed_) {
        failed_ = true;
        const char* verb = e.status == iac::ResourceStatus::kCreateFailed ? "create" : "update";
        failure_reason_ = std::string("The following resource(s) failed to ") + verb + ": [" +
                          e.logical_id + "]. " + (rollback_ ? "Rollback requested by user." : "");
        if (rollback_) {
          SetStackStatus(txn, stack, now,
                         creating_ ? "ROLLBACK_IN_PROGRESS" : "UPDATE_ROLLBACK_IN_PROGRESS",
                         failure_reason_);
        }
      } else if (e.status == iac::ResourceStatus::kDeleteInProgress && !creating_ && !failed_ &&
                 stack.status() == "UPDATE_IN_PROGRESS") {
        SetStackStatus(txn, stack, now, "UPDATE_COMPLETE_CLEANUP_IN_PROGRESS");
      }
    });
  }

  bool failed() const { return failed_; }
  const std::string& failure_reason() const { return failure_reason_; }

 private:
  const StackEnv& env_;
  std::string stack_id_;
  bool creating_;
  bool rollback_;
  bool failed_ = false;
  std::string failure_reason_;
};

// The resources' status entries of resources that no longer belong to the stack go, except
// when the stack itself is finished (rolled back or deleted), where AWS keeps listing them. A
// resource a rollback restored (its replacement deleted) shows the restored physical id.
void PruneResourceStatus(StackRecord& stack, const iac::DeployedStack& resources) {
  json& statuses = stack.record["ResourceStatus"];
  if (!statuses.is_object()) statuses = json::object();
  const std::string status = stack.status();
  for (const auto& [id, r] : resources) {
    json& entry = statuses[id];
    if (entry.value("PhysicalId", "") == r.physical_id) continue;
    entry["PhysicalId"] = r.physical_id;
    entry["Type"] = r.type;
    entry["Status"] = "UPDATE_COMPLETE";
    entry.erase("Reason");
  }
  if (status == "ROLLBACK_COMPLETE" || status == "DELETE_COMPLETE") return;
  for (auto it = statuses.begin(); it != statuses.end();) {
    if (resources.contains(it.key())) {
      ++it;
    } else {
      it = statuses.erase(it);
    }
  }
}

// Why the outputs of `eval` cannot be exported: a name another stack exports, or an export of
// this stack that another stack imports and the new template drops. Empty when they can.
std::string ExportConflict(const iac::StackEvaluation& eval, const StackRecord& stack,
                           const std::map<std::string, ExportEntry, std::less<>>& others,
                           storage::ReadTxn& txn, const Scope& scope) {
  iac::MapResourceState nothing;
  std::set<std::string> kept;
  for (const auto& output : eval.ResolveOutputs(nothing, /*allow_pending=*/true)) {
    if (!output.export_name) continue;
    kept.insert(*output.export_name);
    auto it = others.find(*output.export_name);
    if (it != others.end()) {
      return "Export with name " + it->first + " is already exported by stack " +
             it->second.stack_name;
    }
  }
  for (const auto& output : stack.record.value("Outputs", json::array())) {
    if (!output.contains("ExportName")) continue;
    std::string name = output["ExportName"].get<std::string>();
    if (kept.contains(name)) continue;
    auto users = ImportersOf(txn, scope, name, stack.id());
    if (!users.empty()) {
      return "Cannot delete export " + name + " as it is in use by " + users.front() + ".";
    }
  }
  return {};
}

}  // namespace

StackEnv EnvOf(const RequestContext& ctx, const iac::ProviderRegistry& providers) {
  return StackEnv{ctx.store, ctx.clock, ctx.invoker, &providers, ctx.scope, ctx.host};
}

json ToJson(const Deployment& d) {
  return {{"TemplateBody", d.template_body},
          {"Parameters", d.parameters},
          {"Capabilities", d.capabilities},
          {"Tags", d.tags},
          {"DisableRollback", d.disable_rollback}};
}

Deployment DeploymentFromJson(const json& value) {
  Deployment d;
  d.template_body = value.value("TemplateBody", "");
  const json parameters = value.value("Parameters", json::object());
  for (const auto& [k, v] : parameters.items()) {
    if (v.is_string()) d.parameters[k] = v.get<std::string>();
  }
  d.capabilities = value.value("Capabilities", json::array());
  d.tags = value.value("Tags", json::array());
  d.disable_rollback = value.value("DisableRollback", false);
  return d;
}

json StackEventOf(const StackRecord& stack, double now, const std::string& status,
                  const std::string& reason) {
  json event = {{"StackId", stack.id()},
                {"StackName", stack.name()},
                {"EventId", NewUuid()},
                {"LogicalResourceId", stack.name()},
                {"PhysicalResourceId", stack.id()},
                {"ResourceType", "AWS::CloudFormation::Stack"},
                {"Timestamp", now},
                {"ResourceStatus", status}};
  if (!reason.empty()) event["ResourceStatusReason"] = reason;
  return event;
}

void SetStackStatus(storage::WriteTxn& txn, StackRecord& stack, double now,
                    const std::string& status, const std::string& reason) {
  stack.record["StackStatus"] = status;
  if (reason.empty()) {
    stack.record.erase("StackStatusReason");
  } else {
    stack.record["StackStatusReason"] = reason;
  }
  AppendEvent(txn, stack, StackEventOf(stack, now, status, reason));
}

void RunDeployment(const StackEnv& env, const std::string& stack_id) {
  std::optional<StackRecord> stack;
  std::map<std::string, ExportEntry, std::less<>> others;
  {
    auto txn = env.store->BeginRead();
    stack = LoadById(*txn, env.scope, stack_id);
    if (stack) others = CollectExports(*txn, env.scope, stack_id);
  }
  if (!stack || !stack->record.contains("Pending")) return;
  const bool creating = stack->status() == "CREATE_IN_PROGRESS";
  const Deployment d = DeploymentFromJson(stack->record["Pending"]);
  const iac::DeployedStack current = ResourcesFromJson(stack->record.value("Resources", json()));
  EventRecorder recorder(env, stack_id, creating, !d.disable_rollback);

  std::mutex imports_mutex;
  std::set<std::string> imports;
  iac::ExportLookup lookup = [&](std::string_view name) -> std::optional<std::string> {
    auto it = others.find(name);
    if (it == others.end()) return std::nullopt;
    std::lock_guard lock(imports_mutex);
    imports.insert(it->first);
    return it->second.value;
  };

  iac::ApplyResult result;
  std::optional<iac::StackEvaluation> eval;
  try {
    iac::StackContext context{stack->name(), stack_id, env.scope, {}};
    eval.emplace(importers::ImportCloudFormation(d.template_body), d.parameters, context, lookup);
    std::string conflict;
    {
      auto txn = env.store->BeginRead();
      conflict = ExportConflict(*eval, *stack, others, *txn, env.scope);
    }
    if (!conflict.empty()) {
      result.ok = false;
      result.reason = conflict;
      result.resources = current;
    } else {
      iac::ProviderContext base;
      base.invoker = env.invoker;
      base.scope = env.scope;
      base.host = env.host;
      base.stack_name = stack->name();
      base.stack_id = stack_id;
      iac::Applier applier(*env.providers, base, {.rollback = !d.disable_rollback});
      result = applier.Apply(*eval, current, std::ref(recorder));
    }
  } catch (const iac::TemplateError& e) {
    result = {};
    result.ok = false;
    result.reason = e.Located();
    result.resources = current;
  } catch (const std::exception& e) {
    result = {};
    result.ok = false;
    result.reason = e.what();
    result.resources = current;
  }

  const double now = env.clock->EpochSeconds();
  UpdateRecord(env, stack_id, [&](storage::WriteTxn& txn, StackRecord& s) {
    s.record.erase("Pending");
    s.record["Resources"] = ResourcesToJson(result.resources);
    if (!creating) s.record["LastUpdatedTime"] = now;
    const bool keep_new = result.ok || creating;
    if (keep_new) {
      s.record["TemplateBody"] = d.template_body;
      s.record["Capabilities"] = d.capabilities;
      s.record["Tags"] = d.tags;
      s.record["DisableRollback"] = d.disable_rollback;
      if (eval) {
        s.record["Parameters"] = ParametersToJson(eval->parameters());
        if (!eval->tmpl().description.empty()) {
          s.record["Description"] = eval->tmpl().description;
        }
      }
    }
    if (result.ok) {
      s.record["Outputs"] = OutputsToJson(result.outputs);
      s.record["Imports"] = imports;
      SetStackStatus(txn, s, now, creating ? "CREATE_COMPLETE" : "UPDATE_COMPLETE");
    } else {
      const std::string reason = recorder.failed() ? recorder.failure_reason() : result.reason;
      if (d.disable_rollback) {
        SetStackStatus(txn, s, now, creating ? "CREATE_FAILED" : "UPDATE_FAILED", reason);
      } else {
        if (!recorder.failed()) {
          SetStackStatus(txn, s, now,
                         creating ? "ROLLBACK_IN_PROGRESS" : "UPDATE_ROLLBACK_IN_PROGRESS", reason);
        }
        SetStackStatus(txn, s, now, creating ? "ROLLBACK_COMPLETE" : "UPDATE_ROLLBACK_COMPLETE");
        if (creating) s.record["StackStatusReason"] = reason;
      }
    }
    PruneResourceStatus(s, result.resources);
  });
}

void RunDeletion(const StackEnv& env, const std::string& stack_id) {
  std::optional<StackRecord> stack;
  std::string blocked;
  {
    auto txn = env.store->BeginRead();
    stack = LoadById(*txn, env.scope, stack_id);
    if (!stack || stack->deleted()) return;
    for (const auto& output : stack->record.value("Outputs", json::array())) {
      if (!output.contains("ExportName") || !blocked.empty()) continue;
      std::string name = output["ExportName"].get<std::string>();
      auto users = ImportersOf(*txn, env.scope, name, stack_id);
      if (!users.empty()) {
        blocked = "Export " + name + " cannot be deleted as it is in use by " + users.front();
      }
    }
  }
  if (stack->status() != "DELETE_IN_PROGRESS") {
    UpdateRecord(env, stack_id, [&](storage::WriteTxn& txn, StackRecord& s) {
      SetStackStatus(txn, s, env.clock->EpochSeconds(), "DELETE_IN_PROGRESS", "User Initiated");
    });
  }
  if (!blocked.empty()) {
    UpdateRecord(env, stack_id, [&](storage::WriteTxn& txn, StackRecord& s) {
      SetStackStatus(txn, s, env.clock->EpochSeconds(), "DELETE_FAILED", blocked);
    });
    return;
  }

  iac::DeployedStack current = ResourcesFromJson(stack->record.value("Resources", json()));
  for (const auto& id : stack->record.value("RetainResources", json::array())) {
    auto it = current.find(id.get<std::string>());
    if (it != current.end()) it->second.deletion_policy = "Retain";
  }
  EventRecorder recorder(env, stack_id, false, false);
  iac::ApplyResult result;
  try {
    iac::ProviderContext base;
    base.invoker = env.invoker;
    base.scope = env.scope;
    base.host = env.host;
    base.stack_name = stack->name();
    base.stack_id = stack_id;
    iac::Applier applier(*env.providers, base);
    result = applier.Destroy(current, std::ref(recorder));
  } catch (const std::exception& e) {
    result.ok = false;
    result.reason = e.what();
    result.resources = current;
  }

  const double now = env.clock->EpochSeconds();
  auto txn = env.store->BeginWrite();
  auto s = LoadById(*txn, env.scope, stack_id);
  if (!s) return;
  s->record.erase("RetainResources");
  if (result.ok) {
    s->record["Resources"] = json::object();
    s->record["DeletionTime"] = now;
    SetStackStatus(*txn, *s, now, "DELETE_COMPLETE");
    for (const auto& cs : ListChangeSetRecords(*txn, *s)) {
      EraseChangeSet(*txn, *s, cs.at("ChangeSetName").get<std::string>());
    }
  } else {
    s->record["Resources"] = ResourcesToJson(result.resources);
    SetStackStatus(*txn, *s, now, "DELETE_FAILED", result.reason);
  }
  SaveStack(*txn, *s);
  txn->Commit();
}

}  // namespace terrarium::services::cloudformation
