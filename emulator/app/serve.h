// `terrarium serve`: the emulator process.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

#include "emulator/core/limits.h"

namespace terrarium::app {

struct ServeOptions {
  std::string host = "127.0.0.1";
  uint16_t port = 4566;
  std::string data_dir;  // empty: ephemeral state
  std::string log_level = "info";
  int threads = 2;
  std::string state_repo;  // empty: admin::DefaultStateRepo
  std::string snapshot;    // start from this snapshot
  std::string init_dir;    // empty: kDefaultInitDir when it exists
  bool no_init = false;    // run no init hooks, not even the default folder's
  // Bounds (docs/cli.md): requests and uploads, connections (0: from the file descriptor
  // limit), Lambda environments, concurrency and queued Event invocations.
  ResourceLimits limits;
  size_t max_connections = 0;
  int max_lambda_environments = 32;
  size_t lambda_concurrency = 1000;
  size_t max_queued_events = 10000;
};

// Applies LocalStack's environment variables (GATEWAY_LISTEN, PERSISTENCE, DATA_DIR) to the
// options the command line left at their defaults.
void ApplyEnvironment(ServeOptions& options, bool host_given, bool port_given, bool dir_given);

// Runs until SIGINT/SIGTERM; returns the process exit code.
int RunServe(const ServeOptions& options);

}  // namespace terrarium::app
