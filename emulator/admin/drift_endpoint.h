// POST /_terrarium/drift: the drift report of a Terraform state, a CloudFormation template or a
// stack against what the emulator holds, computed in the server process with the in-process
// invoker and the built-in providers (`terrarium drift` is its client). Request body (JSON):
//   {"tfstate": "<terraform.tfstate or show -json text>", "ignore": "<ignore file text>",
//    "format": "table" | "json" | "junit", "colour": false}
// or with, instead of "tfstate": "backend": {"bucket", "key"} (the state in the emulator's S3),
// "template": "<template text>" with "parameters": {"K": "V"}, or "stack": "<name>"; and
// "account" / "region" (the stack's or template's scope; for a state, where ARNs name none).
// Answer: 200 {"drifted": bool, "output": "<the report in that format>"}; 400 {"error": ...}
// for a request or state that cannot be read.
#pragma once

#include "emulator/core/http_message.h"
#include "emulator/dispatch/dispatcher.h"

namespace terrarium::admin {

HttpResponse HandleDrift(const HttpRequest& request, dispatch::Dispatcher& dispatcher);

}  // namespace terrarium::admin
