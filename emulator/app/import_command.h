// `terrarium import tfstate (FILE | s3://BUCKET/KEY | --backend-bucket B --backend-key K)
// [--dry-run] [--account ID] [--region R] [--endpoint URL]`: posts a Terraform state (with the
// Lambda packages and object sources it names found beside it) to a running emulator's
// /_terrarium/import (admin/import_endpoint.h), or names the emulator's S3 object holding it;
// the emulator creates what the state describes and it lacks. Prints one line per resource and
// a summary. Exit 0 when every supported resource is in place (or would be created, with
// --dry-run), 1 otherwise.
#pragma once

#include <cstdio>
#include <string>

namespace terrarium::app {

struct ImportOptions {
  std::string tfstate_path;    // a file or s3://bucket/key
  std::string backend_bucket;  // instead of tfstate_path, with backend_key
  std::string backend_key;
  std::string account;  // empty: the default, for resources whose ARNs name no account
  std::string region;
  bool dry_run = false;
  std::string endpoint;  // empty: AWS_ENDPOINT_URL or http://localhost:4566
};

int RunImportTfstate(const ImportOptions& options, std::FILE* out, std::FILE* err);

}  // namespace terrarium::app
