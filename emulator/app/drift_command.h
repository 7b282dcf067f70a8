// `terrarium drift (--tfstate FILE|s3://BUCKET/KEY | --template FILE [--parameter K=V ...] |
// --stack NAME) [--account ID] [--region R] [--format table|json|junit] [--ignore FILE]
// [--endpoint URL]`: posts the input to a running emulator's /_terrarium/drift
// (admin/drift_endpoint.h) and prints the report. Exit codes as `terraform plan
// -detailed-exitcode`: 0 in sync, 2 drift, 1 error.
#pragma once

#include <cstdio>
#include <string>
#include <vector>

namespace terrarium::app {

struct DriftOptions {
  std::string tfstate_path;  // a file or s3://bucket/key in the emulator
  std::string template_path;
  std::vector<std::string> parameters;  // with template_path: KEY=VALUE
  std::string stack;
  std::string account;  // empty: the default (for a state: what its ARNs say)
  std::string region;
  std::string format = "table";
  std::string ignore_path;
  std::string endpoint;  // empty: AWS_ENDPOINT_URL or http://localhost:4566
};

int RunDrift(const DriftOptions& options, std::FILE* out, std::FILE* err);

}  // namespace terrarium::app
