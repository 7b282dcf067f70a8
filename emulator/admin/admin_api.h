// Terrarium's own endpoints under /_terrarium/ (and LocalStack's /_localstack/health, which
// tools such as Testcontainers poll).
#pragma once

#include <optional>

#include "emulator/core/http_message.h"
#include "emulator/dispatch/dispatcher.h"

namespace terrarium::admin {

// The services the health endpoint reports, in LocalStack's vocabulary.
inline constexpr const char* kHealthServices[] = {"s3",  "dynamodb", "sqs",           "lambda",
                                                  "iam", "sts",      "cloudformation"};

// The answer to an admin request, or nullopt when `request` is not one.
std::optional<HttpResponse> HandleAdmin(const HttpRequest& request,
                                        dispatch::Dispatcher& dispatcher);

}  // namespace terrarium::admin
