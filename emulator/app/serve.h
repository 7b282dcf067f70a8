// `terrarium serve`: the emulator process.
#pragma once

#include <cstdint>
#include <string>

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
};

// Applies LocalStack's environment variables (GATEWAY_LISTEN, PERSISTENCE, DATA_DIR) to the
// options the command line left at their defaults.
void ApplyEnvironment(ServeOptions& options, bool host_given, bool port_given, bool dir_given);

// Runs until SIGINT/SIGTERM; returns the process exit code.
int RunServe(const ServeOptions& options);

}  // namespace terrarium::app
