// Init hooks as LocalStack runs them (/etc/localstack/init/ready.d): once the server is ready,
// the executable files of a folder run one at a time in name order, with AWS_ENDPOINT_URL
// pointing at the emulator and AWS credentials/region defaults set. Their output goes to the
// log; a failing hook is logged and the next one runs. The status (LocalStack's
// /_localstack/init shape) tells a client whether init has finished.
#pragma once

#include <atomic>
#include <filesystem>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include <nlohmann/json.hpp>

namespace terrarium::app {

// LocalStack's default hook folder, used when it exists and no --init-dir is given.
inline constexpr const char* kDefaultInitDir = "/etc/localstack/init/ready.d";

class InitHooks {
 public:
  // `dir` empty: no hooks (init counts as complete at once).
  InitHooks(std::filesystem::path dir, std::function<void(bool error, const std::string&)> log);
  ~InitHooks();  // stops a running hook (SIGKILL to its process group) and joins
  InitHooks(const InitHooks&) = delete;
  InitHooks& operator=(const InitHooks&) = delete;

  // Runs the hooks on a thread of their own, in the process environment plus AWS_ENDPOINT_URL
  // and defaults for AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_DEFAULT_REGION and
  // AWS_REGION (variables already set keep their values).
  void Start(const std::string& endpoint_url);

  // {"completed": {"READY": bool}, "scripts": [{"stage", "name", "state", "exit_code"?}]}
  nlohmann::json Status() const;
  bool completed() const { return completed_; }

 private:
  struct Script {
    std::string name;
    std::string state = "UNKNOWN";  // UNKNOWN, RUNNING, SUCCESSFUL, ERROR
    int exit_code = -1;
  };

  void Run(const std::string& endpoint_url);
  void RunOne(size_t index, const std::map<std::string, std::string>& env);

  std::filesystem::path dir_;
  std::function<void(bool, const std::string&)> log_;
  mutable std::mutex mutex_;
  std::vector<Script> scripts_;
  std::atomic<bool> completed_{false};
  std::atomic<bool> stopping_{false};
  std::atomic<int> running_pid_{0};
  std::thread thread_;
};

}  // namespace terrarium::app
