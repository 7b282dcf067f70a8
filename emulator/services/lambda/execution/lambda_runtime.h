// LambdaRuntime: runs functions as local processes behind the Lambda Runtime API.
//
// Design
// ------
// * One LambdaRuntime per emulator, owned by app/ (the composition root) and reached by the
//   Lambda handlers through the reference Register() captured. It holds only runtime state
//   (processes, queued invocations, results); function definitions stay in the store, and each
//   invocation carries a FunctionSpec snapshot of the configuration it runs with.
// * Execution environment = one child process (python3 / node running our embedded bootstrap,
//   or the package's own `bootstrap`) in its own process group, with AWS's environment
//   variables and AWS_LAMBDA_RUNTIME_API=127.0.0.1:<port>. Every environment gets its own
//   loopback listener (the Runtime API paths are fixed and carry no environment id), opened
//   through RuntimeHost::open_listener, i.e. an extra listener of the emulator's HTTP server,
//   sharing its io threads.
// * Pools: environments serve one "pool" = qualified function ARN + RevisionId, so an updated
//   function never runs old code or configuration. Invocations queue per pool.
// * Runtime API (HandleRuntimeApi, on io threads, never blocking):
//     GET  /2018-06-01/runtime/invocation/next      takes the pool's next queued invocation or
//                                                   long-polls on "lambda:pool:<pool>"
//     POST /2018-06-01/runtime/invocation/<id>/response|error, /2018-06-01/runtime/init/error
//   A result is stored and "lambda:invocation:<id>" notified.
// * Invoke (RequestResponse) submits and long-polls on "lambda:invocation:<id>" through
//   RequestContext::WaitFor; the re-run finds its id in ctx.poll_key and takes the result. No
//   thread waits. Event invocations are submitted with no waiter and retried twice on error.
// * One supervisor thread owned by the runtime does everything slow or periodic, so io threads
//   never fork, unzip or wait: it unpacks code (once per CodeSha256), spawns environments
//   (posix_spawn), enforces timeouts (SIGKILL to the process group; the invocation fails with
//   Sandbox.Timedout), reaps exited children with waitpid(WNOHANG) (no SIGCHLD handler), retires
//   environments that are idle too long or belong to an updated/deleted function, and re-queues
//   async retries. Shutdown() kills every process group and joins the thread.
// * Scheduling: an invocation is queued on its pool; when the pool has fewer available
//   (starting or idle) environments than queued invocations and the global limit allows, the
//   supervisor starts one more. Warm environments are reused: a second invoke starts nothing.
// * Logs: an environment's stdout and stderr go to a file; an invocation's log is what the file
//   gained between hand-out and result, framed with START/END/REPORT (LogType: Tail).
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "emulator/core/http_message.h"
#include "emulator/core/wait_hub.h"

namespace terrarium::services::lambda {

// What an execution environment needs to know about the function it runs.
struct FunctionSpec {
  std::string account;
  std::string region;
  std::string name;
  std::string version = "$LATEST";  // the version that runs (X-Amz-Executed-Version)
  std::string arn;                  // unqualified function ARN
  std::string invoked_arn;          // as invoked (qualified or not)
  std::string revision_id;
  std::string runtime;  // python3.12, nodejs20.x, provided.al2023, ...
  std::string handler;
  int timeout_seconds = 3;
  int memory_mb = 128;
  std::map<std::string, std::string> environment;  // the function's own variables
  std::string code_sha256_hex;                     // the package blob
  std::filesystem::path code_zip;                  // where the blob lives
  // The function's layers in order (later ones overwrite earlier ones, as in /opt on AWS).
  struct Layer {
    std::string sha256_hex;
    std::filesystem::path zip;
  };
  std::vector<Layer> layers;
  // PutFunctionConcurrency: at most this many invocations of the function at once; -1: none.
  int reserved_concurrency = -1;

  // Asynchronous (Event) invocations: the function's event invoke config and dead-letter queue.
  int async_max_retries = 2;
  int async_max_age_seconds = 21600;
  std::string on_success_destination;  // ARNs, empty when unset
  std::string on_failure_destination;
  std::string dead_letter_target;
};

struct InvocationResult {
  std::string payload;         // the function's response, or the error document
  std::string function_error;  // empty, or "Unhandled"
  std::string log;             // the invocation's log (START ... REPORT)
  std::string executed_version;
};

enum class InvocationKind { kRequestResponse, kEvent };

// How an Event invocation ended, for its destinations (FunctionSpec names them).
struct AsyncOutcome {
  std::shared_ptr<const FunctionSpec> spec;
  std::string request_id;
  std::string payload;  // the event
  InvocationResult result;
  int attempts = 1;
  bool succeeded = false;
  std::string condition;  // on failure: RetriesExhausted or EventAgeExceeded
};

struct RuntimeOptions {
  std::string python = "python3";
  std::string node = "node";
  // Live environments (processes); invocations beyond them wait in their pool's queue.
  int max_environments = 32;
  // Concurrency, as AWS counts it (its default account limit): running invocations plus
  // synchronous ones waiting for an environment. A RequestResponse Submit at the bound is
  // throttled (TooManyRequestsException, ConcurrentInvocationLimitExceeded); so is an Event
  // Submit when max_queued_events Event invocations are waiting (queued or between retries).
  size_t max_concurrency = 1000;
  size_t max_queued_events = 10000;
  // Environments starting at once: a burst of cold starts on a small machine would otherwise
  // share its cores until every one of them misses init_timeout. Queued invocations wait for
  // the first environments to be ready instead. 0: the number of cores, at least 2.
  int max_starting = 0;
  std::chrono::seconds idle_timeout{600};
  std::chrono::seconds init_timeout{10};  // time an environment has to ask for its first event
  std::vector<std::chrono::milliseconds> event_retry_delays{std::chrono::seconds(1),
                                                            std::chrono::seconds(2)};
};

// What the composition root provides: listeners on the emulator's HTTP server and its URL.
struct RuntimeHost {
  using Handler = std::function<HttpResponse(HttpRequest&)>;
  std::function<uint16_t(Handler)> open_listener;  // a new loopback listener, returns its port
  std::function<void(uint16_t)> close_listener;
  std::string endpoint_url;        // AWS_ENDPOINT_URL for functions
  std::filesystem::path work_dir;  // unpacked code, bootstraps, logs (created, removed)
  std::function<void(const std::string&)> log;  // the emulator's log (info level)
  // Delivers an Event invocation's outcome to its destinations; called on the supervisor
  // thread, outside the runtime's lock, only when the spec names a destination. May be empty.
  std::function<void(const AsyncOutcome&)> async_outcome;
};

class LambdaRuntime {
 public:
  explicit LambdaRuntime(RuntimeOptions options = {});
  ~LambdaRuntime();
  LambdaRuntime(const LambdaRuntime&) = delete;
  LambdaRuntime& operator=(const LambdaRuntime&) = delete;

  // Sets RuntimeOptions' bounds (before Start).
  void SetLimits(int max_environments, size_t max_concurrency, size_t max_queued_events);
  // Starts the supervisor thread; Submit fails until this is called.
  void Start(RuntimeHost host, WaitHub& waits);
  // Kills every environment and stops the supervisor. Idempotent; the destructor calls it.
  void Shutdown();
  bool started() const;

  // Queues an invocation; returns its request id. Throws AwsError: ServiceException when the
  // runtime is not running, TooManyRequestsException at the bounds of RuntimeOptions and when a
  // RequestResponse invocation would exceed the function's reserved concurrency (an Event
  // invocation over it goes straight to its failure destinations: AWS retries throttled events
  // until their maximum age first).
  std::string Submit(FunctionSpec spec, std::string payload, InvocationKind kind);
  // The result of a finished RequestResponse invocation (removed on the way out).
  std::optional<InvocationResult> TakeResult(const std::string& id);
  // Blocks until the invocation finishes or `deadline`; for in-process callers that cannot
  // long-poll.
  std::optional<InvocationResult> WaitResult(const std::string& id,
                                             std::chrono::steady_clock::time_point deadline);
  // Forgets an invocation whose caller gave up (its process is left to finish or time out).
  void Abandon(const std::string& id);
  // Retires the environments of a function (code or configuration changed, or deleted): idle
  // ones stop now, busy ones when their invocation ends.
  void Retire(const std::string& function_arn);
  // Retires every environment (the store was replaced by a snapshot load or a reset).
  void RetireAll();

  // Number of live environments of a function (any version), for tests and diagnostics.
  int EnvironmentCount(const std::string& function_arn) const;

  static std::string ResultKey(const std::string& id) { return "lambda:invocation:" + id; }

 private:
  struct Invocation;
  struct Environment;
  struct State;
  std::unique_ptr<State> state_;
};

}  // namespace terrarium::services::lambda
