// Child processes for execution environments: spawned in their own process group with a given
// environment and working directory, output appended to a file; killed as a group; reaped
// without blocking.
#pragma once

#include <sys/types.h>

#include <filesystem>
#include <map>
#include <string>
#include <vector>

namespace terrarium::services::lambda {

struct SpawnRequest {
  std::vector<std::string> argv;  // argv[0] is looked up on PATH when it has no '/'
  std::map<std::string, std::string> env;
  std::filesystem::path cwd;
  std::filesystem::path output;  // stdout and stderr, appended
};

// Starts the process (its pid is also its process group id). Throws std::runtime_error with
// the reason (e.g. "No such file or directory") when it cannot start.
pid_t SpawnProcess(const SpawnRequest& request);

// SIGKILL to the whole process group (children the function started die too).
void KillProcessGroup(pid_t pid);

// Whether the child has exited (reaping it); `status_text` says how ("exit status 1",
// "signal: killed").
bool ReapIfExited(pid_t pid, std::string& status_text);

// Searches PATH for `program` (unchanged when it contains '/'); empty when not found.
std::string FindOnPath(const std::string& program, const std::string& path_env);

}  // namespace terrarium::services::lambda
