// Terrarium's own endpoints under /_terrarium/ (and LocalStack's /_localstack/health, which
// tools such as Testcontainers poll).
#pragma once

#include <functional>
#include <optional>

#include <nlohmann/json.hpp>

#include "emulator/core/http_message.h"
#include "emulator/dispatch/dispatcher.h"

namespace terrarium::admin {

// The services the health endpoint reports, in LocalStack's vocabulary.
inline constexpr const char* kHealthServices[] = {"s3",  "dynamodb", "sqs",           "lambda",
                                                  "iam", "sts",      "cloudformation"};

// What the admin endpoints report beyond the dispatcher; an empty function is left out.
struct AdminStatus {
  // The init hooks' status in LocalStack's /_localstack/init shape (also in the health answer).
  std::function<nlohmann::json()> init;
};

// The answer to an admin request, or nullopt when `request` is not one.
std::optional<HttpResponse> HandleAdmin(const HttpRequest& request,
                                        dispatch::Dispatcher& dispatcher,
                                        const AdminStatus& status = {});

}  // namespace terrarium::admin
