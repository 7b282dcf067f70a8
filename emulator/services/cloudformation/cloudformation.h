// CloudFormation: stacks, change sets, events, exports, templates; stack operations run on a
// worker thread through the IaC layer's Applier and its resource providers.
#pragma once

#include "emulator/dispatch/operation_table.h"
#include "emulator/services/cloudformation/stack_worker.h"
#include "iac/resource_provider.h"

namespace terrarium::services::cloudformation {

// What the service needs beyond the store: the worker that runs stack operations and the
// resource providers by type. Owned by app/ (ServiceRuntimes), outlives the operation table.
struct CloudFormationRuntime {
  StackWorker worker;
  iac::ProviderRegistry providers;
};

void Register(dispatch::OperationTable& table, CloudFormationRuntime& runtime);

}  // namespace terrarium::services::cloudformation
