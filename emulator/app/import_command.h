// `terrarium import tfstate FILE [--dry-run] [--endpoint URL]`: posts a Terraform state to a
// running emulator's /_terrarium/import (admin/import_endpoint.h), which creates what the state
// describes and the emulator lacks; prints one line per resource and a summary. Exit 0 when
// every supported resource is in place (or would be created, with --dry-run), 1 otherwise.
#pragma once

#include <cstdio>
#include <string>

namespace terrarium::app {

struct ImportOptions {
  std::string tfstate_path;
  bool dry_run = false;
  std::string endpoint;  // empty: AWS_ENDPOINT_URL or http://localhost:4566
};

int RunImportTfstate(const ImportOptions& options, std::FILE* out, std::FILE* err);

}  // namespace terrarium::app
