#include "emulator/services/lambda/execution/lambda_runtime.h"

#include <fstream>
#include <sstream>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "emulator/core/aws_error.h"
#include "emulator/core/ids.h"
#include "emulator/core/timestamp.h"
#include "emulator/services/lambda/execution/bootstraps.h"
#include "emulator/services/lambda/execution/process.h"
#include "emulator/services/lambda/execution/runtime_state.h"
#include "emulator/services/lambda/log_tail.h"
#include "emulator/services/lambda/throttling.h"

namespace terrarium::services::lambda {
namespace {

constexpr auto kTick = std::chrono::milliseconds(50);
constexpr uint64_t kMaxLogRead = 1 << 20;

std::string PoolKey(const std::string& pool) { return "lambda:pool:" + pool; }

void WriteFile(const std::filesystem::path& path, std::string_view text) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(text.data(), static_cast<std::streamsize>(text.size()));
  if (!out) throw std::runtime_error("cannot write " + path.string());
}

}  // namespace

std::string PoolOf(const FunctionSpec& spec) {
  return spec.arn + ":" + spec.version + "#" + spec.revision_id;
}

// ---------------------------------------------------------------------------------------------
// Public API

LambdaRuntime::LambdaRuntime(RuntimeOptions options) : state_(std::make_unique<State>()) {
  state_->options = std::move(options);
}

LambdaRuntime::~LambdaRuntime() { Shutdown(); }

void LambdaRuntime::Start(RuntimeHost host, WaitHub& waits) {
  State& s = *state_;
  std::lock_guard lock(s.mutex);
  if (s.running) return;
  s.host = std::move(host);
  s.waits = &waits;
  std::filesystem::create_directories(s.host.work_dir / "runtimes");
  std::filesystem::create_directories(s.host.work_dir / "code");
  std::filesystem::create_directories(s.host.work_dir / "environments");
  WriteFile(s.host.work_dir / "runtimes" / "python_bootstrap.py", PythonBootstrap());
  WriteFile(s.host.work_dir / "runtimes" / "node_bootstrap.js", NodeBootstrap());
  s.running = true;
  s.supervisor = std::thread([&s] { s.SupervisorLoop(); });
}

void LambdaRuntime::SetLimits(int max_environments, size_t max_concurrency,
                              size_t max_queued_events) {
  std::lock_guard lock(state_->mutex);
  state_->options.max_environments = max_environments;
  state_->options.max_concurrency = max_concurrency;
  state_->options.max_queued_events = max_queued_events;
}

bool LambdaRuntime::started() const {
  std::lock_guard lock(state_->mutex);
  return state_->running && !state_->stopping;
}

void LambdaRuntime::Shutdown() {
  State& s = *state_;
  {
    std::lock_guard lock(s.mutex);
    if (!s.running || s.stopping) return;
    s.stopping = true;
  }
  s.wake.notify_all();
  s.result_ready.notify_all();
  if (s.supervisor.joinable()) s.supervisor.join();
  // The supervisor is gone, so nothing starts any more: kill what is left.
  std::vector<pid_t> pids;
  {
    std::lock_guard lock(s.mutex);
    for (auto& [id, env] : s.environments) {
      if (env->pid > 0 && !env->exited) {
        KillProcessGroup(env->pid);
        pids.push_back(env->pid);
      }
    }
  }
  // Killed with SIGKILL: these waits end at once.
  for (pid_t pid : pids) {
    std::string status;
    for (int i = 0; i < 100 && !ReapIfExited(pid, status); ++i) {
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
  }
  std::error_code ec;
  std::filesystem::remove_all(s.host.work_dir, ec);
}

std::string LambdaRuntime::Submit(FunctionSpec spec, std::string payload, InvocationKind kind) {
  State& s = *state_;
  std::unique_lock lock(s.mutex);
  if (!s.running || s.stopping) {
    AwsError error("ServiceException", "The Lambda runtime is not running", 500);
    error.sender_fault = false;
    throw error;
  }
  s.CheckLimits(kind);
  if (spec.reserved_concurrency >= 0 && s.InFlight(spec.arn) >= spec.reserved_concurrency) {
    if (kind == InvocationKind::kRequestResponse) {
      throw AwsError("TooManyRequestsException", "Rate Exceeded.", 429)
          .With("Reason", "ReservedFunctionConcurrentInvocationLimitExceeded")
          .With("Type", "User");
    }
    return s.DropThrottledEvent(std::move(spec), std::move(payload), lock);
  }
  auto invocation = std::make_shared<Invocation>();
  invocation->id = NewUuid();
  invocation->spec = std::make_shared<const FunctionSpec>(std::move(spec));
  invocation->pool = PoolOf(*invocation->spec);
  invocation->payload = std::move(payload);
  invocation->kind = kind;
  invocation->queued_at = std::chrono::steady_clock::now();
  s.invocations[invocation->id] = invocation;
  s.queues[invocation->pool].push_back(invocation->id);
  s.pending_notifications.push_back(PoolKey(invocation->pool));
  s.FlushNotifications(lock);
  lock.unlock();
  s.wake.notify_all();
  return invocation->id;
}

std::optional<InvocationResult> LambdaRuntime::TakeResult(const std::string& id) {
  std::lock_guard lock(state_->mutex);
  auto it = state_->invocations.find(id);
  if (it == state_->invocations.end() || !it->second->result) return std::nullopt;
  InvocationResult result = std::move(*it->second->result);
  state_->invocations.erase(it);
  return result;
}

std::optional<InvocationResult> LambdaRuntime::WaitResult(
    const std::string& id, std::chrono::steady_clock::time_point deadline) {
  // In-process callers (event source pollers, IaC) wait on the condition Complete signals.
  State& s = *state_;
  std::unique_lock lock(s.mutex);
  s.result_ready.wait_until(lock, deadline, [&] {
    auto it = s.invocations.find(id);
    return s.stopping || it == s.invocations.end() || it->second->result.has_value();
  });
  auto it = s.invocations.find(id);
  if (it == s.invocations.end() || !it->second->result) return std::nullopt;
  InvocationResult result = std::move(*it->second->result);
  s.invocations.erase(it);
  return result;
}

void LambdaRuntime::Abandon(const std::string& id) {
  std::lock_guard lock(state_->mutex);
  auto it = state_->invocations.find(id);
  if (it == state_->invocations.end()) return;
  if (it->second->result) {
    state_->invocations.erase(it);
  } else {
    it->second->abandoned = true;
  }
}

void LambdaRuntime::Retire(const std::string& function_arn) {
  {
    std::lock_guard lock(state_->mutex);
    for (auto& [id, env] : state_->environments) {
      if (env->spec->arn == function_arn) env->retire = true;
    }
  }
  state_->wake.notify_all();
}

void LambdaRuntime::RetireAll() {
  {
    std::lock_guard lock(state_->mutex);
    for (auto& [id, env] : state_->environments) env->retire = true;
  }
  state_->wake.notify_all();
}

int LambdaRuntime::EnvironmentCount(const std::string& function_arn) const {
  std::lock_guard lock(state_->mutex);
  int count = 0;
  for (const auto& [id, env] : state_->environments) {
    if (env->spec->arn == function_arn && env->phase != Environment::Phase::kDead) ++count;
  }
  return count;
}

// ---------------------------------------------------------------------------------------------
// State

int LambdaRuntime::State::InFlight(const std::string& function_arn) const {
  int count = 0;
  for (const auto& [id, invocation] : invocations) {
    if (invocation->spec->arn == function_arn && !invocation->result) ++count;
  }
  return count;
}

std::string LambdaRuntime::State::DropThrottledEvent(FunctionSpec spec, std::string payload,
                                                     std::unique_lock<std::mutex>& lock) {
  std::string id = NewUuid();
  if (host.log) {
    host.log(
        fmt::format("lambda: asynchronous invocation {} of {} throttled (reserved "
                    "concurrency {})",
                    id, spec.name, spec.reserved_concurrency));
  }
  if (spec.on_failure_destination.empty() && spec.dead_letter_target.empty()) return id;
  InvocationResult result;
  result.payload =
      nlohmann::json{{"errorType", "TooManyRequestsException"}, {"errorMessage", "Rate Exceeded."}}
          .dump();
  result.function_error = "Unhandled";
  result.executed_version = spec.version;
  pending_outcomes.push_back({std::make_shared<const FunctionSpec>(std::move(spec)), id,
                              std::move(payload), std::move(result), 1, false, "EventAgeExceeded"});
  lock.unlock();
  wake.notify_all();  // the supervisor delivers it
  return id;
}

void LambdaRuntime::State::FlushNotifications(std::unique_lock<std::mutex>& lock) {
  if (pending_notifications.empty()) return;
  std::vector<std::string> keys;
  keys.swap(pending_notifications);
  lock.unlock();
  for (const auto& key : keys) waits->Notify(key);
  lock.lock();
}

void LambdaRuntime::State::DeliverOutcomes(std::unique_lock<std::mutex>& lock) {
  if (pending_outcomes.empty()) return;
  std::vector<AsyncOutcome> outcomes;
  outcomes.swap(pending_outcomes);
  auto deliver = host.async_outcome;
  lock.unlock();
  for (const auto& outcome : outcomes) {
    try {
      if (deliver) deliver(outcome);
    } catch (const std::exception& e) {
      if (host.log) host.log("lambda: destination of " + outcome.request_id + ": " + e.what());
    }
  }
  lock.lock();
}

void LambdaRuntime::State::SupervisorLoop() {
  std::unique_lock lock(mutex);
  while (!stopping) {
    auto now = std::chrono::steady_clock::now();
    EnforceDeadlines(now);
    ReapEnvironments();
    RetireIdle(now);
    for (auto it = retries.begin(); it != retries.end();) {
      if (it->first > now) {
        ++it;
        continue;
      }
      if (auto inv = invocations.find(it->second); inv != invocations.end()) {
        queues[inv->second->pool].push_back(inv->first);
        pending_notifications.push_back(PoolKey(inv->second->pool));
      }
      it = retries.erase(it);
    }
    Schedule(lock);
    FlushNotifications(lock);
    DeliverOutcomes(lock);
    if (stopping) break;
    wake.wait_for(lock, kTick);
  }
}

void LambdaRuntime::State::CheckLimits(InvocationKind kind) const {
  // Counted by scanning: the map holds at most the bounds' worth of unfinished invocations
  // plus results not yet taken.
  size_t concurrent = 0;
  size_t waiting_events = 0;
  for (const auto& [id, invocation] : invocations) {
    if (invocation->result) continue;
    bool running = !invocation->environment.empty();
    if (running || invocation->kind == InvocationKind::kRequestResponse) ++concurrent;
    if (!running && invocation->kind == InvocationKind::kEvent) ++waiting_events;
  }
  if (kind == InvocationKind::kRequestResponse && concurrent >= options.max_concurrency) {
    throw TooManyRequests("ConcurrentInvocationLimitExceeded");
  }
  if (kind == InvocationKind::kEvent && waiting_events >= options.max_queued_events) {
    throw TooManyRequests("ConcurrentInvocationLimitExceeded");
  }
}

int LambdaRuntime::State::AvailableIn(const std::string& pool) const {
  int count = 0;
  for (const auto& [id, env] : environments) {
    if (env->pool == pool && !env->retire &&
        (env->phase == Environment::Phase::kStarting || env->phase == Environment::Phase::kIdle)) {
      ++count;
    }
  }
  return count;
}

void LambdaRuntime::State::Schedule(std::unique_lock<std::mutex>& lock) {
  int live = 0;
  int starting = 0;
  for (const auto& [id, env] : environments) {
    if (env->phase != Environment::Phase::kDead) ++live;
    if (env->phase == Environment::Phase::kStarting) ++starting;
  }
  int max_starting = options.max_starting > 0
                         ? options.max_starting
                         : std::max(2, static_cast<int>(std::thread::hardware_concurrency()));
  std::vector<std::shared_ptr<Environment>> launches;
  for (auto& [pool, queue] : queues) {
    if (queue.empty()) continue;
    int needed = static_cast<int>(queue.size()) - AvailableIn(pool);
    // A pool with nothing starting or running gets one start even at the cap, so that one
    // function's burst cannot keep another's first invocation waiting.
    bool has_environment = false;
    for (const auto& [id, env] : environments) {
      if (env->pool == pool && env->phase != Environment::Phase::kDead) has_environment = true;
    }
    while (needed > 0 && (starting < max_starting || !has_environment)) {
      if (live >= options.max_environments) {
        // Make room by stopping an idle environment of another pool, if there is one.
        std::shared_ptr<Environment> victim;
        for (auto& [id, env] : environments) {
          if (env->phase == Environment::Phase::kIdle && env->pool != pool) victim = env;
        }
        if (!victim) break;
        StopEnvironment(*victim);
        --live;
      }
      auto env = std::make_shared<Environment>();
      env->id = NewUuid();
      env->pool = pool;
      env->spec = invocations.at(queue.front())->spec;
      env->since = std::chrono::steady_clock::now();
      env->log_path = host.work_dir / "environments" / (env->id + ".log");
      environments[env->id] = env;
      launches.push_back(env);
      ++live;
      ++starting;
      --needed;
      has_environment = true;
    }
  }
  if (launches.empty()) return;
  lock.unlock();
  std::vector<std::pair<std::shared_ptr<Environment>, std::string>> failures;
  for (auto& env : launches) {
    try {
      Launch(env);
    } catch (const std::exception& e) {
      failures.emplace_back(env, e.what());
    }
  }
  lock.lock();
  for (auto& [env, reason] : failures) {
    env->phase = Environment::Phase::kDead;
    env->exited = true;
    environments.erase(env->id);
    if (host.log) host.log("lambda: cannot start " + env->spec->name + ": " + reason);
    FailQueued(env->pool, "Runtime.InvalidEntrypoint", "Error: " + reason);
  }
}

void LambdaRuntime::State::EnforceDeadlines(SteadyTime now) {
  for (auto& [id, env] : environments) {
    if (env->phase != Environment::Phase::kBusy) continue;
    auto it = invocations.find(env->invocation);
    if (it == invocations.end()) continue;
    Invocation& invocation = *it->second;
    if (invocation.result || now < invocation.deadline) continue;
    std::string seconds =
        fmt::format("{:.2f}", static_cast<double>(invocation.spec->timeout_seconds));
    std::string extra = fmt::format(
        "{} {} Task timed out after {} seconds",
        FormatIso8601(
            std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch())
                .count()),
        invocation.id, seconds);
    InvocationResult result = ErrorResult(
        invocation, "Sandbox.Timedout",
        "RequestId: " + invocation.id + " Error: Task timed out after " + seconds + " seconds");
    // The log is read before the process dies so that its last words are in it.
    Complete(invocation, std::move(result), extra);
    StopEnvironment(*env);
  }
}

void LambdaRuntime::State::ReapEnvironments() {
  for (auto it = environments.begin(); it != environments.end();) {
    Environment& env = *it->second;
    std::string status;
    if (env.pid > 0 && !env.exited && ReapIfExited(env.pid, status)) {
      env.exited = true;
      if (env.phase != Environment::Phase::kDead) {
        // It died on its own.
        if (env.phase == Environment::Phase::kBusy) {
          if (auto inv = invocations.find(env.invocation); inv != invocations.end()) {
            Complete(*inv->second,
                     ErrorResult(*inv->second, "Runtime.ExitError",
                                 "RequestId: " + inv->first +
                                     " Error: Runtime exited with error: " + status),
                     "");
          }
        } else if (env.phase == Environment::Phase::kStarting && !env.init_failed) {
          FailQueued(env.pool, "Runtime.ExitError", "Error: Runtime exited with error: " + status);
        }
        StopEnvironment(env);
      }
    }
    if (env.exited && env.phase == Environment::Phase::kDead) {
      it = environments.erase(it);
    } else {
      ++it;
    }
  }
}

void LambdaRuntime::State::RetireIdle(SteadyTime now) {
  for (auto& [id, env] : environments) {
    if (env->phase == Environment::Phase::kIdle &&
        (env->retire || now - env->since > options.idle_timeout)) {
      StopEnvironment(*env);
    } else if (env->phase == Environment::Phase::kStarting && env->pid > 0 &&
               now - env->since > options.init_timeout) {
      FailQueued(env->pool, "Runtime.InitTimeout", "Error: the runtime did not start in time");
      StopEnvironment(*env);
    }
  }
}

void LambdaRuntime::State::StopEnvironment(Environment& env) {
  if (env.phase == Environment::Phase::kDead) return;
  env.phase = Environment::Phase::kDead;
  KillProcessGroup(env.pid);
  if (env.port != 0 && host.close_listener) host.close_listener(env.port);
  // Its parked /next request answers now.
  pending_notifications.push_back(PoolKey(env.pool));
  std::error_code ec;
  std::filesystem::remove(env.log_path, ec);
}

InvocationResult LambdaRuntime::State::ErrorResult(const Invocation& invocation,
                                                   const std::string& error_type,
                                                   const std::string& message) const {
  InvocationResult result;
  result.payload = nlohmann::json{{"errorType", error_type}, {"errorMessage", message}}.dump();
  result.function_error = "Unhandled";
  result.executed_version = invocation.spec->version;
  return result;
}

void LambdaRuntime::State::FailQueued(const std::string& pool, const std::string& error_type,
                                      const std::string& message) {
  auto queue = queues.find(pool);
  if (queue == queues.end() || queue->second.empty()) return;
  std::string id = queue->second.front();
  queue->second.pop_front();
  auto it = invocations.find(id);
  if (it == invocations.end()) return;
  std::string text =
      message.starts_with("RequestId") ? message : "RequestId: " + id + " " + message;
  Complete(*it->second, ErrorResult(*it->second, error_type, text), "");
}

std::string LambdaRuntime::State::ReadLogSince(const Environment& env, uint64_t offset) const {
  std::ifstream in(env.log_path, std::ios::binary);
  if (!in) return {};
  in.seekg(0, std::ios::end);
  auto end = static_cast<uint64_t>(in.tellg());
  if (end <= offset) return {};
  uint64_t start = std::max(offset, end > kMaxLogRead ? end - kMaxLogRead : 0);
  in.seekg(static_cast<std::streamoff>(start));
  std::string text(end - start, '\0');
  in.read(text.data(), static_cast<std::streamsize>(text.size()));
  text.resize(static_cast<size_t>(in.gcount()));
  return text;
}

void LambdaRuntime::State::Complete(Invocation& invocation, InvocationResult result,
                                    const std::string& extra_log) {
  auto now = std::chrono::steady_clock::now();
  InvocationLog log;
  log.request_id = invocation.id;
  log.version = invocation.spec->version;
  log.memory_mb = invocation.spec->memory_mb;
  log.extra_line = extra_log;
  if (auto env = environments.find(invocation.environment); env != environments.end()) {
    log.output = ReadLogSince(*env->second, invocation.log_offset);
    log.duration_ms =
        std::chrono::duration<double, std::milli>(now - invocation.started_at).count();
    if (env->second->invocation == invocation.id) {
      env->second->invocation.clear();
      if (env->second->phase == Environment::Phase::kBusy) {
        env->second->phase = Environment::Phase::kIdle;
        env->second->since = now;
      }
    }
  }
  result.log = FormatInvocationLog(log);
  result.executed_version = invocation.spec->version;
  invocation.environment.clear();

  if (invocation.kind == InvocationKind::kEvent) {
    bool failed = !result.function_error.empty();
    const FunctionSpec& spec = *invocation.spec;
    int max_retries =
        std::min(spec.async_max_retries, static_cast<int>(options.event_retry_delays.size()));
    bool too_old = now - invocation.queued_at > std::chrono::seconds(spec.async_max_age_seconds);
    if (failed && invocation.attempt < max_retries && !too_old) {
      retries.emplace_back(now + options.event_retry_delays[invocation.attempt], invocation.id);
      ++invocation.attempt;
      return;
    }
    if (failed && host.log) {
      host.log(fmt::format("lambda: asynchronous invocation {} of {} failed after {} attempts: {}",
                           invocation.id, spec.name, invocation.attempt + 1, result.payload));
    }
    bool wanted = failed ? !spec.on_failure_destination.empty() || !spec.dead_letter_target.empty()
                         : !spec.on_success_destination.empty();
    if (wanted) {
      pending_outcomes.push_back({invocation.spec, invocation.id, invocation.payload,
                                  std::move(result), invocation.attempt + 1, !failed,
                                  too_old ? "EventAgeExceeded" : "RetriesExhausted"});
      wake.notify_all();  // the supervisor delivers it (Complete may run on an io thread)
    }
    std::string id = invocation.id;  // erasing destroys `invocation`
    invocations.erase(id);
    return;
  }
  if (invocation.abandoned) {
    std::string id = invocation.id;
    invocations.erase(id);
    return;
  }
  std::string key = LambdaRuntime::ResultKey(invocation.id);
  invocation.result = std::move(result);
  pending_notifications.push_back(std::move(key));
  result_ready.notify_all();
}

}  // namespace terrarium::services::lambda
