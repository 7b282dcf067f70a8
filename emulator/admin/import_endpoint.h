// POST /_terrarium/import: applies a Terraform state to the emulator in the server process
// (importers/terraform/apply_import.h) with the in-process invoker and the built-in providers;
// `terrarium import tfstate` is its client. Request body (JSON):
//   {"tfstate": "<terraform.tfstate or show -json text>", "dry_run": false}
// Instead of "tfstate": "backend": {"bucket", "key"}, the state in an S3 object of the emulator;
// "files": {"<path the state names>": "<base64>"}, Lambda packages and S3 object sources found
// beside the state; "account" / "region": where resources whose ARNs name none go.
// Answer: 200 {"ok": bool, "reason": "...", "account", "region", "resources": [{"address",
// "type", "outcome", "detail"}]}; 400 {"error": ...} for a request or state that cannot be read
// (or a backend object that does not exist).
#pragma once

#include "emulator/core/http_message.h"
#include "emulator/dispatch/dispatcher.h"

namespace terrarium::admin {

HttpResponse HandleImport(const HttpRequest& request, dispatch::Dispatcher& dispatcher);

}  // namespace terrarium::admin
