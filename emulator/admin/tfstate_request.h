// What the Terraform state endpoints (/_terrarium/drift, /_terrarium/import) share: a POST whose
// JSON body carries the state's text, answered in JSON.
#pragma once

#include <optional>

#include <nlohmann/json.hpp>

#include "emulator/core/http_message.h"

namespace terrarium::admin {

HttpResponse JsonAnswer(int status, const nlohmann::json& body);

// The request's JSON body when it is a POST of an object with "tfstate" (a string), or with
// "stack" when `stack_allowed`; otherwise nullopt and `error` holds the 405 or 400 answer.
std::optional<nlohmann::json> ReadTfstateRequest(const HttpRequest& request, HttpResponse& error,
                                                 bool stack_allowed = false);

}  // namespace terrarium::admin
