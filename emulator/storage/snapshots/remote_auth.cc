#include "emulator/storage/snapshots/remote_auth.h"

#include <fcntl.h>
#include <git2.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <string_view>
#include <vector>

#include <fmt/format.h>

extern char** environ;

namespace terrarium::storage::snapshots {
namespace {

constexpr std::chrono::seconds kHelperTimeout{20};
// Names GitHub and GitLab accept beside a token when no user name is given.
constexpr const char* kTokenUser = "x-access-token";

void SetFromEnv(std::string& field, const char* name) {
  const char* value = std::getenv(name);
  if (field.empty() && value != nullptr) field = value;
}

// The server's environment for the helper, minus what could open a prompt or a window.
std::vector<std::string> HelperEnvironment() {
  std::vector<std::string> env;
  for (char** entry = environ; *entry != nullptr; ++entry) {
    std::string_view text(*entry);
    if (text.starts_with("GIT_ASKPASS=") || text.starts_with("SSH_ASKPASS=") ||
        text.starts_with("GIT_TERMINAL_PROMPT=") || text.starts_with("GCM_INTERACTIVE=")) {
      continue;
    }
    env.emplace_back(text);
  }
  env.emplace_back("GIT_TERMINAL_PROMPT=0");
  env.emplace_back("GCM_INTERACTIVE=never");
  return env;
}

// Runs `argv` with `input` as its standard input; its standard output, or nothing when it fails
// or outlives the timeout.
std::optional<std::string> RunWithInput(std::vector<std::string> argv, const std::string& input) {
  char input_path[] = "/tmp/terrarium-credential-XXXXXX";
  int input_fd = ::mkostemp(input_path, O_CLOEXEC);
  if (input_fd < 0) return std::nullopt;
  ::unlink(input_path);  // the open descriptor is all the child needs
  bool written =
      ::write(input_fd, input.data(), input.size()) == static_cast<ssize_t>(input.size());
  int out[2];
  if (!written || ::lseek(input_fd, 0, SEEK_SET) != 0 || ::pipe2(out, O_CLOEXEC) != 0) {
    ::close(input_fd);
    return std::nullopt;
  }
  std::vector<std::string> env_strings = HelperEnvironment();
  std::vector<char*> envp;
  for (std::string& entry : env_strings) envp.push_back(entry.data());
  envp.push_back(nullptr);
  std::vector<char*> args;
  for (std::string& arg : argv) args.push_back(arg.data());
  args.push_back(nullptr);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, input_fd, 0);
  posix_spawn_file_actions_adddup2(&actions, out[1], 1);
  posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0);
  posix_spawnattr_t attr;
  posix_spawnattr_init(&attr);
  sigset_t defaults;
  sigemptyset(&defaults);
  sigaddset(&defaults, SIGPIPE);
  posix_spawnattr_setsigdefault(&attr, &defaults);
  posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETSIGDEF);
  pid_t pid = 0;
  int rc = ::posix_spawnp(&pid, args[0], &actions, &attr, args.data(), envp.data());
  posix_spawn_file_actions_destroy(&actions);
  posix_spawnattr_destroy(&attr);
  ::close(input_fd);
  ::close(out[1]);
  if (rc != 0) {
    ::close(out[0]);
    return std::nullopt;
  }
  std::string output;
  auto deadline = std::chrono::steady_clock::now() + kHelperTimeout;
  bool timed_out = false;
  for (;;) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    pollfd ready{out[0], POLLIN, 0};
    int polled = left.count() > 0 ? ::poll(&ready, 1, static_cast<int>(left.count())) : 0;
    if (polled < 0 && errno == EINTR) continue;
    if (polled <= 0) {
      timed_out = true;
      break;
    }
    char chunk[4096];
    ssize_t n = ::read(out[0], chunk, sizeof chunk);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    output.append(chunk, static_cast<size_t>(n));
  }
  ::close(out[0]);
  if (timed_out) ::kill(pid, SIGKILL);
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  if (timed_out || !WIFEXITED(status) || WEXITSTATUS(status) != 0) return std::nullopt;
  return output;
}

// Sets libgit2's error message (what the failed push or pull reports) and fails the callback.
int Refuse(const std::string& message) {
  git_error_set_str(GIT_ERROR_NET, message.c_str());
  return GIT_EAUTH;
}

}  // namespace

RemoteCredentials WithEnvironment(RemoteCredentials credentials) {
  SetFromEnv(credentials.username, "TERRARIUM_GIT_USERNAME");
  SetFromEnv(credentials.password, "TERRARIUM_GIT_PASSWORD");
  SetFromEnv(credentials.password, "TERRARIUM_GIT_TOKEN");
  SetFromEnv(credentials.ssh_key, "TERRARIUM_SSH_KEY");
  SetFromEnv(credentials.ssh_passphrase, "TERRARIUM_SSH_KEY_PASSPHRASE");
  return credentials;
}

std::optional<HelperCredential> ParseCredentialAnswer(const std::string& text) {
  HelperCredential found;
  bool has_password = false;
  size_t start = 0;
  while (start < text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    std::string_view line(text.data() + start, end - start);
    if (line.ends_with('\r')) line.remove_suffix(1);
    if (line.starts_with("username=")) found.username = line.substr(9);
    if (line.starts_with("password=")) {
      found.password = line.substr(9);
      has_password = true;
    }
    start = end + 1;
  }
  if (!has_password) return std::nullopt;
  return found;
}

std::optional<HelperCredential> FillFromCredentialHelper(const std::string& url) {
  if (url.find('\n') != std::string::npos || url.find('\0') != std::string::npos) {
    return std::nullopt;
  }
  auto answer = RunWithInput({"git", "credential", "fill"}, fmt::format("url={}\n\n", url));
  if (!answer) return std::nullopt;
  return ParseCredentialAnswer(*answer);
}

int RemoteAuth::Acquire(git_credential** out, const char* url, const char* username_from_url,
                        unsigned int allowed_types, void* payload) {
  return static_cast<RemoteAuth*>(payload)->AcquireFor(
      out, url != nullptr ? url : "", username_from_url != nullptr ? username_from_url : "",
      allowed_types);
}

int RemoteAuth::AcquireFor(git_credential** out, const std::string& url,
                           const std::string& url_user, unsigned int allowed) {
  const RemoteCredentials& c = credentials_;
  std::string ssh_user = !url_user.empty() ? url_user : !c.username.empty() ? c.username : "git";
  if ((allowed & GIT_CREDENTIAL_USERNAME) != 0) {
    return git_credential_username_new(out, ssh_user.c_str());
  }
  if ((allowed & GIT_CREDENTIAL_SSH_KEY) != 0) {
    if (!c.ssh_key.empty()) {
      if (tried_key_) return Refuse(fmt::format("the SSH server refused the key {}", c.ssh_key));
      tried_key_ = true;
      std::string public_key = c.ssh_key + ".pub";
      bool has_public = std::filesystem::exists(public_key);
      return git_credential_ssh_key_new(out, ssh_user.c_str(),
                                        has_public ? public_key.c_str() : nullptr,
                                        c.ssh_key.c_str(), c.ssh_passphrase.c_str());
    }
    if (tried_agent_) {
      return Refuse(
          "the SSH server refused the SSH agent's keys (give a key file with --ssh-key or "
          "TERRARIUM_SSH_KEY)");
    }
    tried_agent_ = true;
    return git_credential_ssh_key_from_agent(out, ssh_user.c_str());
  }
  if ((allowed & GIT_CREDENTIAL_USERPASS_PLAINTEXT) != 0) {
    std::string user = !url_user.empty() ? url_user : c.username;
    if (!c.password.empty()) {
      if (tried_password_) {
        return Refuse(fmt::format("the remote refused the password or token for user '{}'",
                                  user.empty() ? kTokenUser : user));
      }
      tried_password_ = true;
      return git_credential_userpass_plaintext_new(out, user.empty() ? kTokenUser : user.c_str(),
                                                   c.password.c_str());
    }
    if (c.credential_helper && !tried_helper_) {
      tried_helper_ = true;
      if (auto found = FillFromCredentialHelper(url)) {
        std::string helper_user = !found->username.empty() ? found->username : user;
        return git_credential_userpass_plaintext_new(
            out, helper_user.empty() ? kTokenUser : helper_user.c_str(), found->password.c_str());
      }
    }
    return Refuse(
        tried_helper_ && c.credential_helper
            ? "the remote wants a user name and password: git's credential helpers had none "
              "accepted for it (set TERRARIUM_GIT_TOKEN, or TERRARIUM_GIT_USERNAME and "
              "TERRARIUM_GIT_PASSWORD)"
            : "the remote wants a user name and password (set TERRARIUM_GIT_TOKEN, or "
              "TERRARIUM_GIT_USERNAME and TERRARIUM_GIT_PASSWORD)");
  }
  if ((allowed & GIT_CREDENTIAL_DEFAULT) != 0 && !tried_default_) {
    tried_default_ = true;
    return git_credential_default_new(out);
  }
  return GIT_PASSTHROUGH;
}

}  // namespace terrarium::storage::snapshots
