// `terrarium drift (--tfstate FILE | --stack NAME) [--format table|json|junit] [--ignore FILE]
// [--endpoint URL]`: posts the state (or the stack's name) to a running emulator's
// /_terrarium/drift (admin/drift_endpoint.h) and prints the report. Exit codes as `terraform plan
// -detailed-exitcode`: 0 in sync, 2 drift, 1 error.
#pragma once

#include <cstdio>
#include <string>

namespace terrarium::app {

struct DriftOptions {
  std::string tfstate_path;
  std::string stack;  // instead of tfstate_path: a CloudFormation stack of the default account
  std::string format = "table";
  std::string ignore_path;
  std::string endpoint;  // empty: AWS_ENDPOINT_URL or http://localhost:4566
};

int RunDrift(const DriftOptions& options, std::FILE* out, std::FILE* err);

}  // namespace terrarium::app
