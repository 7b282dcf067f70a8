// The background half of CreateStack, UpdateStack, ExecuteChangeSet and DeleteStack: runs the
// Applier against the stack's record, writing every resource event to the store as it happens
// and moving the stack through CloudFormation's statuses (CREATE_IN_PROGRESS -> CREATE_COMPLETE
// or ROLLBACK_IN_PROGRESS -> ROLLBACK_COMPLETE, UPDATE_*, DELETE_*). Runs on StackWorker.
#pragma once

#include <map>
#include <string>

#include <nlohmann/json.hpp>

#include "emulator/core/clock.h"
#include "emulator/core/operation_invoker.h"
#include "emulator/core/request_context.h"
#include "emulator/core/scope.h"
#include "emulator/services/cloudformation/stack_store.h"
#include "emulator/storage/store.h"
#include "iac/resource_provider.h"

namespace terrarium::services::cloudformation {

// Everything a stack operation touches, captured from the request that started it.
struct StackEnv {
  storage::Store* store = nullptr;
  const Clock* clock = nullptr;
  OperationInvoker* invoker = nullptr;
  const iac::ProviderRegistry* providers = nullptr;
  Scope scope;
  std::string host;  // what the request addressed: queue URLs the stack creates name it
};
StackEnv EnvOf(const RequestContext& ctx, const iac::ProviderRegistry& providers);

// What a create or update deploys; the stack record keeps it under "Pending" until it is done,
// so a failed update leaves the previous template and parameters in place.
struct Deployment {
  std::string template_body;
  std::map<std::string, std::string, std::less<>> parameters;  // as given, previous values filled
  nlohmann::json capabilities = nlohmann::json::array();
  nlohmann::json tags = nlohmann::json::array();
  bool disable_rollback = false;
};
nlohmann::json ToJson(const Deployment& deployment);
Deployment DeploymentFromJson(const nlohmann::json& value);

// A stack event of the stack itself (LogicalResourceId = the stack's name).
nlohmann::json StackEventOf(const StackRecord& stack, double now, const std::string& status,
                            const std::string& reason);
// Sets the stack's status (and reason) and records the matching stack event.
void SetStackStatus(storage::WriteTxn& txn, StackRecord& stack, double now,
                    const std::string& status, const std::string& reason = {});

// Applies the stack's pending deployment (its record says CREATE_IN_PROGRESS or
// UPDATE_IN_PROGRESS already). Never throws.
void RunDeployment(const StackEnv& env, const std::string& stack_id);
// Deletes the stack's resources and marks it DELETE_COMPLETE (or DELETE_FAILED). Never throws.
void RunDeletion(const StackEnv& env, const std::string& stack_id);

}  // namespace terrarium::services::cloudformation
