// LambdaRuntime's insides, shared by its parts (lambda_runtime.cc: the public API and the
// supervisor; runtime_api.cc: the Runtime API; launch.cc: starting environments). Everything
// here is guarded by State::mutex unless it says otherwise.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <condition_variable>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "emulator/services/lambda/execution/lambda_runtime.h"

namespace terrarium::services::lambda {

using SteadyTime = std::chrono::steady_clock::time_point;

struct LambdaRuntime::Invocation {
  std::string id;
  std::shared_ptr<const FunctionSpec> spec;
  std::string pool;
  std::string payload;
  InvocationKind kind = InvocationKind::kRequestResponse;
  int attempt = 0;  // Event invocations: 0, then 1 and 2 for the retries
  SteadyTime queued_at;
  SteadyTime started_at;
  SteadyTime deadline;      // set when handed to an environment
  std::string environment;  // the environment running it, empty while queued
  uint64_t log_offset = 0;
  bool abandoned = false;
  std::optional<InvocationResult> result;
};

struct LambdaRuntime::Environment {
  enum class Phase { kStarting, kIdle, kBusy, kDead };
  std::string id;
  std::string pool;
  std::shared_ptr<const FunctionSpec> spec;
  Phase phase = Phase::kStarting;
  pid_t pid = 0;
  uint16_t port = 0;
  std::filesystem::path log_path;
  std::string invocation;    // while busy
  SteadyTime since;          // when it entered its phase
  bool retire = false;       // stop once it is no longer busy
  bool exited = false;       // reaped
  bool init_failed = false;  // it reported /init/error (and failed an invocation with it)
};

struct LambdaRuntime::State {
  RuntimeOptions options;
  RuntimeHost host;
  WaitHub* waits = nullptr;

  mutable std::mutex mutex;
  std::condition_variable wake;          // the supervisor's
  std::condition_variable result_ready;  // a RequestResponse result arrived (WaitResult)
  bool running = false;
  bool stopping = false;
  std::thread supervisor;

  std::map<std::string, std::shared_ptr<Invocation>> invocations;    // by id
  std::map<std::string, std::deque<std::string>> queues;             // pool -> invocation ids
  std::map<std::string, std::shared_ptr<Environment>> environments;  // by id
  std::vector<std::pair<SteadyTime, std::string>> retries;           // Event retries due
  std::set<std::string> unpacked;  // packages (sha256 hex) and merged layers under work_dir/code

  // Keys to notify once the mutex is released (WaitHub callbacks must not run under it).
  std::vector<std::string> pending_notifications;
  void FlushNotifications(std::unique_lock<std::mutex>& lock);
  // Event outcomes for their destinations, delivered by the supervisor (outside the mutex)
  // through host.async_outcome.
  std::vector<AsyncOutcome> pending_outcomes;
  void DeliverOutcomes(std::unique_lock<std::mutex>& lock);

  // --- lambda_runtime.cc
  // Invocations of a function queued or running (reserved concurrency counts these).
  int InFlight(const std::string& function_arn) const;
  // An Event invocation over the reserved concurrency: handed to the failure destinations.
  std::string DropThrottledEvent(FunctionSpec spec, std::string payload,
                                 std::unique_lock<std::mutex>& lock);
  void SupervisorLoop();
  void Schedule(std::unique_lock<std::mutex>& lock);
  void EnforceDeadlines(SteadyTime now);
  void ReapEnvironments();
  void RetireIdle(SteadyTime now);
  void StopEnvironment(Environment& env);
  void Complete(Invocation& invocation, InvocationResult result, const std::string& extra_log);
  void FailQueued(const std::string& pool, const std::string& error_type,
                  const std::string& message);
  int AvailableIn(const std::string& pool) const;
  // Throws TooManyRequestsException when a new invocation of `kind` would pass the bounds.
  void CheckLimits(InvocationKind kind) const;
  InvocationResult ErrorResult(const Invocation& invocation, const std::string& error_type,
                               const std::string& message) const;
  std::string ReadLogSince(const Environment& env, uint64_t offset) const;

  // --- launch.cc: starts the process of a placeholder environment (called by the supervisor
  // without the mutex); throws std::runtime_error when it cannot.
  void Launch(const std::shared_ptr<Environment>& env);
  std::filesystem::path CodeDir(const FunctionSpec& spec);
  // The function's layers merged into one directory (its /opt); empty without layers.
  std::filesystem::path OptDir(const FunctionSpec& spec);
  // work_dir/code/<key>, made once by `fill` (given a fresh staging directory).
  std::filesystem::path BuildOnce(const std::string& key,
                                  const std::function<void(const std::filesystem::path&)>& fill);
  // A package unpacked under work_dir/code, once per sha256.
  std::filesystem::path Unpacked(const std::string& sha256_hex, const std::filesystem::path& zip);

  // --- runtime_api.cc: the Runtime API of one environment.
  HttpResponse HandleRuntimeApi(const std::string& env_id, HttpRequest& request);
};

std::string PoolOf(const FunctionSpec& spec);

}  // namespace terrarium::services::lambda
