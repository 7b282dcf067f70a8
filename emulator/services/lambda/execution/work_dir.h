// Where a server keeps its Lambda code, bootstraps and logs: <temp>/terrarium-lambda-<pid>.
// A clean stop removes its own directory; a server that was killed leaves it behind, so each
// start removes the directories of servers that are no longer running.
#pragma once

#include <sys/types.h>

#include <cstddef>
#include <filesystem>
#include <functional>

namespace terrarium::services::lambda {

std::filesystem::path LambdaWorkDir(const std::filesystem::path& temp_root, pid_t pid);

// True when a process with that id exists (signal 0); a process of another user counts too.
bool ProcessAlive(pid_t pid);

// Removes every <temp_root>/terrarium-lambda-<pid> whose pid is not `alive`; returns how many.
// A directory whose name does not end in a plain process id is never touched.
size_t RemoveStaleLambdaWorkDirs(const std::filesystem::path& temp_root,
                                 const std::function<bool(pid_t)>& alive = ProcessAlive);

}  // namespace terrarium::services::lambda
