// The Lambda Runtime API as an execution environment sees it (what the AWS runtime interface
// clients and custom `bootstrap` programs speak), one listener per environment.
#include <cstdio>

#include <nlohmann/json.hpp>

#include "emulator/core/ids.h"
#include "emulator/services/lambda/execution/runtime_state.h"

namespace terrarium::services::lambda {
namespace {

constexpr std::string_view kRuntimeApiPrefix = "/2018-06-01/runtime/";
// A parked /next answers after this long at the latest (the bootstrap just asks again).
constexpr auto kNextPollLimit = std::chrono::minutes(30);

HttpResponse Json(int status, const nlohmann::json& body) {
  HttpResponse response;
  response.status = status;
  response.headers["Content-Type"] = "application/json";
  response.body = Body::FromString(body.dump());
  return response;
}

HttpResponse RuntimeError(int status, const std::string& type, const std::string& message) {
  return Json(status, {{"errorType", type}, {"errorMessage", message}});
}

std::string TraceId() {
  auto seconds = std::chrono::duration_cast<std::chrono::seconds>(
                     std::chrono::system_clock::now().time_since_epoch())
                     .count();
  char epoch_hex[16];
  std::snprintf(epoch_hex, sizeof epoch_hex, "%08llx", static_cast<unsigned long long>(seconds));
  return std::string("Root=1-") + epoch_hex + "-" + RandomString(24, "0123456789abcdef") +
         ";Parent=" + RandomString(16, "0123456789abcdef") + ";Sampled=0";
}

uint64_t FileSize(const std::filesystem::path& path) {
  std::error_code ec;
  auto size = std::filesystem::file_size(path, ec);
  return ec ? 0 : size;
}

// The error document a runtime posted, in the shape Invoke returns (errorMessage, errorType,
// stackTrace); a body that is not a JSON object is wrapped.
std::string ErrorDocument(const HttpRequest& request) {
  std::string text = request.body.ReadAll();
  auto parsed = nlohmann::json::parse(text, nullptr, false);
  if (parsed.is_object()) {
    parsed.erase("requestId");
    return parsed.dump();
  }
  std::string type(request.header("Lambda-Runtime-Function-Error-Type"));
  return nlohmann::json{{"errorType", type.empty() ? "Runtime.Unknown" : type},
                        {"errorMessage", text}}
      .dump();
}

}  // namespace

HttpResponse LambdaRuntime::State::HandleRuntimeApi(const std::string& env_id,
                                                    HttpRequest& request) {
  uint64_t epoch = waits->Epoch();  // before looking, so that no submission is missed
  std::string_view path = request.path;
  if (!path.starts_with(kRuntimeApiPrefix)) {
    return RuntimeError(404, "InvalidRequest", "not a Runtime API path");
  }
  path.remove_prefix(kRuntimeApiPrefix.size());
  auto now = std::chrono::steady_clock::now();

  std::unique_lock lock(mutex);
  auto env_it = environments.find(env_id);
  if (env_it == environments.end() || env_it->second->phase == Environment::Phase::kDead) {
    return RuntimeError(410, "EnvironmentStopped", "this execution environment was stopped");
  }
  Environment& env = *env_it->second;
  HttpResponse response;

  if (request.method == "GET" && path == "invocation/next") {
    auto& queue = queues[env.pool];
    if (queue.empty() || env.retire || stopping) {
      if (env.phase != Environment::Phase::kIdle) {
        env.phase = Environment::Phase::kIdle;
        env.since = now;
      }
      if (request.poll_deadline && *request.poll_deadline <= std::chrono::system_clock::now()) {
        return RuntimeError(503, "NoInvocation", "no invocation arrived; ask again");
      }
      response.deferral = Deferral{"lambda:pool:" + env.pool,
                                   std::chrono::system_clock::now() + kNextPollLimit, epoch};
      return response;
    }
    std::string id = queue.front();
    queue.pop_front();
    Invocation& invocation = *invocations.at(id);
    invocation.environment = env.id;
    invocation.started_at = now;
    invocation.deadline = now + std::chrono::seconds(invocation.spec->timeout_seconds);
    invocation.log_offset = FileSize(env.log_path);
    env.phase = Environment::Phase::kBusy;
    env.invocation = id;
    env.since = now;
    auto deadline_ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                           (std::chrono::system_clock::now() +
                            std::chrono::seconds(invocation.spec->timeout_seconds))
                               .time_since_epoch())
                           .count();
    response.status = 200;
    response.headers["Content-Type"] = "application/json";
    response.headers["Lambda-Runtime-Aws-Request-Id"] = id;
    response.headers["Lambda-Runtime-Deadline-Ms"] = std::to_string(deadline_ms);
    response.headers["Lambda-Runtime-Invoked-Function-Arn"] = invocation.spec->invoked_arn;
    response.headers["Lambda-Runtime-Trace-Id"] = TraceId();
    response.body = Body::FromString(invocation.payload);
    return response;
  }

  if (request.method == "POST" && path == "init/error") {
    std::string document = ErrorDocument(request);
    env.init_failed = true;
    env.retire = true;
    auto queue = queues.find(env.pool);
    if (queue != queues.end() && !queue->second.empty()) {
      std::string id = queue->second.front();
      queue->second.pop_front();
      Invocation& invocation = *invocations.at(id);
      invocation.environment = env.id;  // so that its log (the init traceback) is included
      invocation.started_at = env.since;
      invocation.log_offset = 0;
      InvocationResult result;
      result.payload = document;
      result.function_error = "Unhandled";
      Complete(invocation, std::move(result), "");
    }
    FlushNotifications(lock);
    return Json(202, {{"status", "OK"}});
  }

  // invocation/<id>/response and invocation/<id>/error
  constexpr std::string_view kInvocation = "invocation/";
  if (request.method == "POST" && path.starts_with(kInvocation)) {
    std::string_view rest = path.substr(kInvocation.size());
    auto slash = rest.find('/');
    std::string id(rest.substr(0, slash));
    std::string_view what = slash == std::string_view::npos ? "" : rest.substr(slash + 1);
    auto it = invocations.find(id);
    if (it == invocations.end() || it->second->environment != env.id) {
      return RuntimeError(400, "InvalidRequestID", "Invalid request ID");
    }
    InvocationResult result;
    if (what == "response") {
      result.payload = request.body.ReadAll();
    } else if (what == "error") {
      result.payload = ErrorDocument(request);
      result.function_error = "Unhandled";
    } else {
      return RuntimeError(404, "InvalidRequest", "unknown Runtime API path");
    }
    Complete(*it->second, std::move(result), "");
    FlushNotifications(lock);
    return Json(202, {{"status", "OK"}});
  }
  return RuntimeError(404, "InvalidRequest", "unknown Runtime API path");
}

}  // namespace terrarium::services::lambda
