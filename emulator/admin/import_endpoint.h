// POST /_terrarium/import: applies a Terraform state to the emulator in the server process
// (importers/terraform/apply_import.h) with the in-process invoker and the built-in providers;
// `terrarium import tfstate` is its client. Request body (JSON):
//   {"tfstate": "<terraform.tfstate or show -json text>", "dry_run": false}
// Answer: 200 {"ok": bool, "reason": "...", "resources": [{"address", "type", "outcome",
// "detail"}]}; 400 {"error": ...} for a request or state that cannot be read.
#pragma once

#include "emulator/core/http_message.h"
#include "emulator/dispatch/dispatcher.h"

namespace terrarium::admin {

HttpResponse HandleImport(const HttpRequest& request, dispatch::Dispatcher& dispatcher);

}  // namespace terrarium::admin
