#include "emulator/services/lambda/execution/process.h"

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <stdexcept>

namespace terrarium::services::lambda {

std::string FindOnPath(const std::string& program, const std::string& path_env) {
  if (program.find('/') != std::string::npos) return program;
  size_t start = 0;
  while (start <= path_env.size()) {
    size_t end = path_env.find(':', start);
    if (end == std::string::npos) end = path_env.size();
    std::string dir = path_env.substr(start, end - start);
    if (!dir.empty()) {
      std::string candidate = dir + "/" + program;
      if (::access(candidate.c_str(), X_OK) == 0) return candidate;
    }
    start = end + 1;
  }
  return {};
}

pid_t SpawnProcess(const SpawnRequest& request) {
  auto path_it = request.env.find("PATH");
  std::string program =
      FindOnPath(request.argv.at(0), path_it == request.env.end() ? "" : path_it->second);
  if (program.empty()) throw std::runtime_error(request.argv[0] + ": not found on PATH");

  std::vector<std::string> env_strings;
  for (const auto& [name, value] : request.env) env_strings.push_back(name + "=" + value);
  std::vector<char*> envp;
  for (auto& entry : env_strings) envp.push_back(entry.data());
  envp.push_back(nullptr);
  std::vector<std::string> args = request.argv;
  std::vector<char*> argv;
  for (auto& arg : args) argv.push_back(arg.data());
  argv.push_back(nullptr);

  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_addopen(&actions, 1, request.output.c_str(),
                                   O_WRONLY | O_CREAT | O_APPEND, 0644);
  posix_spawn_file_actions_adddup2(&actions, 1, 2);
  // Nothing else of the server's goes to the child: a client socket it inherited stays open
  // after the server closes its own descriptor (an idle timeout then sends no FIN, and the
  // client's next request on that connection is never answered). Asio's sockets, std::ofstream
  // spool files and others are not opened with O_CLOEXEC. glibc 2.34+.
  posix_spawn_file_actions_addclosefrom_np(&actions, 3);
  // glibc 2.29+: the child changes directory before exec.
  posix_spawn_file_actions_addchdir_np(&actions, request.cwd.c_str());
  posix_spawnattr_t attr;
  posix_spawnattr_init(&attr);
  posix_spawnattr_setpgroup(&attr, 0);
  sigset_t defaults;
  sigemptyset(&defaults);
  sigaddset(&defaults, SIGINT);
  sigaddset(&defaults, SIGTERM);
  sigaddset(&defaults, SIGPIPE);
  posix_spawnattr_setsigdefault(&attr, &defaults);
  sigset_t none;
  sigemptyset(&none);
  posix_spawnattr_setsigmask(&attr, &none);
  posix_spawnattr_setflags(&attr,
                           POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK);
  pid_t pid = 0;
  int rc = posix_spawn(&pid, program.c_str(), &actions, &attr, argv.data(), envp.data());
  posix_spawn_file_actions_destroy(&actions);
  posix_spawnattr_destroy(&attr);
  if (rc != 0) throw std::runtime_error(program + ": " + std::strerror(rc));
  return pid;
}

void KillProcessGroup(pid_t pid) {
  if (pid <= 0) return;
  ::kill(-pid, SIGKILL);
}

bool ReapIfExited(pid_t pid, std::string& status_text) {
  int status = 0;
  pid_t got = ::waitpid(pid, &status, WNOHANG);
  if (got == 0) return false;
  if (got < 0) {
    status_text = "unknown";
    return errno == ECHILD;
  }
  if (WIFEXITED(status)) {
    status_text = "exit status " + std::to_string(WEXITSTATUS(status));
  } else if (WIFSIGNALED(status)) {
    status_text = WTERMSIG(status) == SIGKILL ? std::string("signal: killed")
                                              : "signal: " + std::to_string(WTERMSIG(status));
  } else {
    return false;
  }
  return true;
}

}  // namespace terrarium::services::lambda
