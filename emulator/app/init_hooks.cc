#include "emulator/app/init_hooks.h"

#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <fstream>
#include <sstream>

#include <fmt/format.h>

#include "emulator/services/lambda/execution/process.h"

extern char** environ;

namespace terrarium::app {
namespace {

namespace fs = std::filesystem;
namespace process = services::lambda;

std::map<std::string, std::string> HookEnvironment(const std::string& endpoint_url) {
  std::map<std::string, std::string> env;
  for (char** entry = environ; *entry != nullptr; ++entry) {
    std::string_view text(*entry);
    size_t eq = text.find('=');
    if (eq != std::string_view::npos) env[std::string(text.substr(0, eq))] = text.substr(eq + 1);
  }
  env["AWS_ENDPOINT_URL"] = endpoint_url;
  env.try_emplace("AWS_ACCESS_KEY_ID", "test");
  env.try_emplace("AWS_SECRET_ACCESS_KEY", "test");
  env.try_emplace("AWS_DEFAULT_REGION", "us-east-1");
  env.try_emplace("AWS_REGION", env["AWS_DEFAULT_REGION"]);
  env.try_emplace("PATH", "/usr/local/bin:/usr/bin:/bin");
  return env;
}

}  // namespace

InitHooks::InitHooks(fs::path dir, std::function<void(bool, const std::string&)> log)
    : dir_(std::move(dir)), log_(std::move(log)) {
  if (dir_.empty()) {
    completed_ = true;
    return;
  }
  std::error_code error;
  for (const auto& entry : fs::directory_iterator(dir_, error)) {
    if (!entry.is_regular_file()) continue;
    scripts_.push_back({entry.path().filename().string()});
  }
  if (error) log_(true, fmt::format("init: cannot read {}: {}", dir_.string(), error.message()));
  std::sort(scripts_.begin(), scripts_.end(),
            [](const Script& a, const Script& b) { return a.name < b.name; });
}

InitHooks::~InitHooks() {
  stopping_ = true;
  process::KillProcessGroup(running_pid_);
  if (thread_.joinable()) thread_.join();
}

void InitHooks::Start(const std::string& endpoint_url) {
  if (completed_) return;
  thread_ = std::thread([this, endpoint_url] { Run(endpoint_url); });
}

void InitHooks::Run(const std::string& endpoint_url) {
  std::map<std::string, std::string> env = HookEnvironment(endpoint_url);
  size_t failed = 0;
  for (size_t i = 0; i < scripts_.size() && !stopping_; ++i) {
    RunOne(i, env);
    std::lock_guard lock(mutex_);
    if (scripts_[i].state != "SUCCESSFUL") ++failed;
  }
  log_(failed > 0, fmt::format("init: {} hook(s) in {} ran, {} failed", scripts_.size(),
                               dir_.string(), failed));
  completed_ = true;
}

void InitHooks::RunOne(size_t index, const std::map<std::string, std::string>& env) {
  fs::path script = dir_ / scripts_[index].name;
  auto finish = [&](std::string state, int exit_code) {
    std::lock_guard lock(mutex_);
    scripts_[index].state = std::move(state);
    scripts_[index].exit_code = exit_code;
  };
  if (::access(script.c_str(), X_OK) != 0) {
    log_(true, fmt::format("init: {} is not executable; skipped (chmod +x it)", script.string()));
    finish("ERROR", -1);
    return;
  }
  char output_template[] = "/tmp/terrarium-init-XXXXXX";
  int fd = ::mkstemp(output_template);
  if (fd < 0) {
    log_(true, "init: cannot create an output file for " + script.string());
    finish("ERROR", -1);
    return;
  }
  ::close(fd);
  fs::path output = output_template;
  finish("RUNNING", -1);
  log_(false, "init: running " + script.string());
  int exit_code = -1;
  std::string how;
  try {
    pid_t pid = process::SpawnProcess({{script.string()}, env, dir_, output});
    running_pid_ = pid;
    int status = 0;
    while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
    running_pid_ = 0;
    if (WIFEXITED(status)) {
      exit_code = WEXITSTATUS(status);
      how = fmt::format("exit status {}", exit_code);
    } else {
      how = fmt::format("signal {}", WTERMSIG(status));
    }
  } catch (const std::exception& e) {
    how = e.what();
  }
  std::ifstream in(output);
  for (std::string line; std::getline(in, line);) {
    log_(false, fmt::format("init: {}: {}", scripts_[index].name, line));
  }
  std::error_code ignored;
  fs::remove(output, ignored);
  if (exit_code == 0) {
    finish("SUCCESSFUL", 0);
  } else {
    log_(true, fmt::format("init: {} failed ({})", script.string(), how));
    finish("ERROR", exit_code);
  }
}

nlohmann::json InitHooks::Status() const {
  nlohmann::json scripts = nlohmann::json::array();
  std::lock_guard lock(mutex_);
  for (const Script& script : scripts_) {
    nlohmann::json entry = {{"stage", "READY"}, {"name", script.name}, {"state", script.state}};
    if (script.exit_code >= 0) entry["exit_code"] = script.exit_code;
    scripts.push_back(std::move(entry));
  }
  return {{"completed",
           {{"BOOT", true}, {"START", true}, {"READY", completed_.load()}, {"SHUTDOWN", false}}},
          {"scripts", scripts}};
}

}  // namespace terrarium::app
