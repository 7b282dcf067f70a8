// Lambda: functions run as local processes behind the Lambda Runtime API (see
// execution/lambda_runtime.h for how).
#pragma once

#include <optional>

#include "emulator/core/http_message.h"
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

}  // namespace terrarium::services::lambda
