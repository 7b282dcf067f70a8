// Lambda: functions run as local processes behind the Lambda Runtime API (see
// execution/lambda_runtime.h for how).
#pragma once

#include <optional>

#include "emulator/core/clock.h"
#include "emulator/core/http_message.h"
#include "emulator/core/wait_hub.h"
#include "emulator/dispatch/operation_table.h"
#include "emulator/services/lambda/execution/lambda_runtime.h"
#include "emulator/storage/store.h"

namespace terrarium::services::lambda {

// Registers the handlers; those that run or retire environments use `runtime`, which must
// outlive the table.
void Register(dispatch::OperationTable& table, LambdaRuntime& runtime);

// Serves GET /_terrarium/lambda-code/<sha256>.zip, the Code.Location GetFunction hands out;
// nullopt for any other request.
std::optional<HttpResponse> HandleCodeDownload(const HttpRequest& request, storage::Store& store);

// What serving function URLs needs from the composition root.
struct FunctionUrlHost {
  storage::Store& store;
  LambdaRuntime& runtime;
  const Clock& clock;
  WaitHub& waits;
};

// Serves requests to function URLs (Host <id>.lambda-url.<region>.<anything>, or the path
// /_terrarium/lambda-url/<id>/...): invokes the function with the payload format 2.0 event.
// nullopt for any other request.
std::optional<HttpResponse> HandleFunctionUrl(HttpRequest& request, const FunctionUrlHost& host);

}  // namespace terrarium::services::lambda
