// Which services Terrarium serves: every service registers its handlers here.
#pragma once

#include "emulator/core/clock.h"
#include "emulator/core/wait_hub.h"
#include "emulator/dispatch/operation_table.h"
#include "emulator/services/cloudformation/cloudformation.h"
#include "emulator/services/lambda/event_sources/pollers.h"
#include "emulator/services/lambda/execution/lambda_runtime.h"
#include "emulator/storage/store.h"

namespace terrarium::app {

// Service state that lives outside the store (Lambda's running environments). Owned by whoever
// registers the services, and outlives the table; nothing runs until the server starts it.
struct ServiceRuntimes {
  services::lambda::LambdaRuntime lambda;
  // The stack worker (started by serve, drained by hand in tests) and the resource providers.
  services::cloudformation::CloudFormationRuntime cloudformation;
  // Event source mappings that deliver (SQS, DynamoDB streams); started by serve.
  services::lambda::EventSourcePollers event_sources;
};

void RegisterServices(dispatch::OperationTable& table, ServiceRuntimes& runtimes);

// Background upkeep of every service (DynamoDB's TTL deletions, SQS message move tasks); the
// server runs it every second, tests call it directly with a manual clock. `waits` (when given)
// is woken for queues that received messages.
void RunMaintenance(storage::Store& store, const Clock& clock, WaitHub* waits = nullptr);

}  // namespace terrarium::app
