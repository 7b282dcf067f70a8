// Invoke: RequestResponse (long-polls for the result, holding no thread), Event (202, queued,
// retried twice on error), DryRun (204).
// Parity notes: ClientContext is not passed to the function. Event invocations that fail after
// their retries go to the OnFailure destination and the dead-letter queue (SQS and Lambda
// targets only; see async_destinations.h); the retry delays are 1 and 2 seconds. An
// in-process Invoke (IaC) blocks its caller until the result. Payloads must be JSON. Past the
// runtime's concurrency or Event queue bound, or the server's pending-poll bound, an Invoke gets
// TooManyRequestsException (docs/cli.md, "Resource limits").
#include <random>

#include <nlohmann/json.hpp>

#include "emulator/core/aws_error.h"
#include "emulator/core/encoding.h"
#include "emulator/services/lambda/function_config.h"
#include "emulator/services/lambda/function_name.h"
#include "emulator/services/lambda/function_store.h"
#include "emulator/services/lambda/function_versions.h"
#include "emulator/services/lambda/lambda_ops.h"
#include "emulator/services/lambda/log_tail.h"
#include "emulator/services/lambda/throttling.h"

namespace terrarium::services::lambda {
namespace {

constexpr size_t kMaxSyncPayload = 6 * 1024 * 1024;
constexpr size_t kMaxAsyncPayload = 1024 * 1024;

// A weighted alias's coin.
double UniformDraw() {
  std::random_device device;
  return std::uniform_real_distribution<double>(0.0, 1.0)(device);
}

json Output(RequestContext& ctx, InvocationResult result, bool tail) {
  json output = {{"StatusCode", 200}, {"ExecutedVersion", result.executed_version}};
  if (!result.function_error.empty()) output["FunctionError"] = result.function_error;
  if (tail) output["LogResult"] = Base64Encode(LogTail(result.log));
  ctx.response_payload = Body::FromString(std::move(result.payload));
  return output;
}

}  // namespace

FunctionSpec SpecForInvoke(RequestContext& ctx, const FunctionRef& ref, const json& record) {
  ResolvedFunction resolved =
      ResolveQualifier(ctx, record, RouteAlias(record, ref.qualifier, UniformDraw()));
  FunctionSpec spec = MakeSpec(ctx, resolved.config, resolved.code_hex,
                               FunctionArn(ctx.scope, ref.name, ref.qualifier));
  ApplyAsyncSettings(record, ref.qualifier, resolved.config, spec);
  spec.reserved_concurrency = ReservedConcurrencyOf(record);
  return spec;
}

json Invoke(RequestContext& ctx, const json& input, LambdaRuntime& runtime) {
  bool tail = input.value("LogType", "None") == "Tail";
  // A re-run after waiting: the key names the invocation this request started.
  if (ctx.poll_key.starts_with(kInvocationResultPrefix)) {
    std::string id = ctx.poll_key.substr(kInvocationResultPrefix.size());
    if (auto result = runtime.TakeResult(id)) return Output(ctx, std::move(*result), tail);
    if (ctx.poll_deadline && *ctx.poll_deadline > ctx.clock->Now()) {
      ctx.WaitFor(ctx.poll_key, *ctx.poll_deadline);
      return json::object();
    }
    runtime.Abandon(id);
    AwsError error("ServiceException", "The function did not answer in time (request " + id + ")",
                   500);
    error.sender_fault = false;
    throw error;
  }

  FunctionRef ref = ResolveFunctionName(input.at("FunctionName").get<std::string>(), ctx.scope,
                                        input.value("Qualifier", ""));
  json record = RequireFunction(*ctx.store, ctx.scope, ref.name);
  FunctionSpec spec = SpecForInvoke(ctx, ref, record);
  std::string type = input.value("InvocationType", "RequestResponse");

  std::string payload = ctx.request_payload.ReadAll();
  if (payload.empty()) payload = "{}";
  size_t limit = type == "Event" ? kMaxAsyncPayload : kMaxSyncPayload;
  if (payload.size() > limit) {
    throw AwsError("RequestTooLargeException",
                   std::to_string(payload.size()) + " byte payload is too large for the " + type +
                       " invocation type (limit " + std::to_string(limit) + " bytes)",
                   413);
  }
  if (!json::accept(payload)) {
    throw AwsError("InvalidRequestContentException",
                   "Could not parse request body into json: Could not parse payload into json",
                   400);
  }
  if (type == "DryRun") {
    ctx.response_status = 204;
    return json::object();
  }
  int timeout = spec.timeout_seconds;
  if (type == "Event") {
    runtime.Submit(std::move(spec), std::move(payload), InvocationKind::kEvent);
    ctx.response_status = 202;
    return {{"StatusCode", 202}};
  }
  // The server holds as many waiting requests as ResourceLimits::max_pending_polls allows.
  if (ctx.wait_refused) throw TooManyRequests("ConcurrentInvocationLimitExceeded");
  std::string id =
      runtime.Submit(std::move(spec), std::move(payload), InvocationKind::kRequestResponse);
  auto deadline = ctx.clock->Now() + std::chrono::seconds(timeout) + kInvocationStartAllowance;
  if (ctx.can_wait) {
    ctx.WaitFor(LambdaRuntime::ResultKey(id), deadline);
    return json::object();
  }
  auto result =
      runtime.WaitResult(id, std::chrono::steady_clock::now() + std::chrono::seconds(timeout) +
                                 kInvocationStartAllowance);
  if (!result) {
    runtime.Abandon(id);
    throw AwsError("ServiceException", "The function did not answer in time", 500);
  }
  return Output(ctx, std::move(*result), tail);
}

}  // namespace terrarium::services::lambda
