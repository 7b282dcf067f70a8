// Where an asynchronous invocation's outcome goes: the OnSuccess/OnFailure destination of the
// function's event invoke config (an SQS queue or another function) and, on failure, its
// DeadLetterConfig queue, in the formats AWS sends. Runs through the in-process API.
#pragma once

#include <functional>
#include <string>

#include <nlohmann/json.hpp>

#include "emulator/core/operation_invoker.h"
#include "emulator/services/lambda/execution/lambda_runtime.h"

namespace terrarium::services::lambda {

// The invocation record a destination receives ("version": "1.0", requestContext,
// requestPayload, responseContext, responsePayload).
nlohmann::json DestinationRecord(const AsyncOutcome& outcome, double now);

// Sends `outcome` where its spec says; `log` hears about destinations that cannot be reached.
void DeliverAsyncOutcome(OperationInvoker& invoker, const AsyncOutcome& outcome, double now,
                         const std::function<void(const std::string&)>& log);

}  // namespace terrarium::services::lambda
