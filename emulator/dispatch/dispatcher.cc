#include "emulator/dispatch/dispatcher.h"

#include <array>
#include <vector>

#include "emulator/core/aws_error.h"
#include "emulator/core/ids.h"
#include "emulator/core/router.h"
#include "emulator/core/url.h"
#include "emulator/dispatch/body_limits.h"
#include "emulator/dispatch/model_validation.h"
#include "emulator/protocols/codec.h"
#include "emulator/protocols/json_body.h"

namespace terrarium::dispatch {
namespace {

constexpr std::array<std::string_view, 4> kProtocols{"json", "query", "rest-xml", "rest-json"};

size_t ProtocolIndex(std::string_view protocol) {
  for (size_t i = 0; i < kProtocols.size(); ++i) {
    if (kProtocols[i] == protocol) return i;
  }
  throw std::invalid_argument("unknown protocol " + std::string(protocol));
}

bool IsKnownService(std::string_view service) {
  for (const auto& name : models::ServiceNames()) {
    if (name == service) return true;
  }
  return false;
}

// A request for a service Terrarium has no model of: answer in the JSON shape every SDK reads.
HttpResponse UnsupportedService(const std::string& service, const std::string& request_id) {
  nlohmann::json body = {{"__type", "NotImplemented"},
                         {"message", "Terrarium does not emulate the service " + service}};
  return HttpResponse{501,
                      {{"Content-Type", "application/x-amz-json-1.1"},
                       {"x-amzn-RequestId", request_id},
                       {"X-Amzn-ErrorType", "NotImplemented"}},
                      Body::FromString(body.dump())};
}

// The request's route: the one its head was given (BodyLimit) unless the body could change it.
Route RouteOnce(HttpRequest& request) {
  std::optional<Route> kept = std::move(request.route);
  request.route.reset();  // a re-run after a long poll routes afresh, as the first run did
  if (kept && !kept->read_form_body) return std::move(*kept);
  return RouteRequest(request);
}

}  // namespace

// One codec per (service, protocol), built on first use and immutable afterwards.
struct Dispatcher::Codecs {
  struct Slot {
    std::once_flag once;
    std::unique_ptr<protocols::Codec> codec;
  };
  std::vector<std::array<Slot, kProtocols.size()>> slots{models::ServiceNames().size()};

  const protocols::Codec& Get(const models::ServiceModel& model, std::string_view protocol) {
    const auto& names = models::ServiceNames();
    size_t service_index = 0;
    while (names[service_index] != model.name) ++service_index;
    Slot& slot = slots[service_index][ProtocolIndex(protocol)];
    std::call_once(slot.once, [&] { slot.codec = protocols::MakeCodec(protocol, model); });
    return *slot.codec;
  }
};

Dispatcher::Dispatcher(const OperationTable& table, storage::Store& store, const Clock& clock,
                       WaitHub& waits, ResourceLimits limits)
    : table_(table),
      store_(store),
      clock_(clock),
      waits_(waits),
      limits_(limits),
      codecs_(std::make_unique<Codecs>()) {}

Dispatcher::~Dispatcher() = default;

HttpResponse Dispatcher::Handle(HttpRequest& request, RequestSummary& summary) {
  Route route = RouteOnce(request);
  summary.service = route.service;
  RequestContext ctx;
  ctx.request_id = NewUuid();
  if (!IsKnownService(route.service)) {
    HttpResponse response = UnsupportedService(route.service, ctx.request_id);
    summary.status = response.status;
    return response;
  }
  MarkUsed(route.service);
  if (!route.host_bucket.empty()) {
    request.path = "/" + PercentEncode(route.host_bucket) + request.path;
  }
  ctx.service = route.service;
  ctx.scope = route.scope;
  ctx.access_key = route.access_key;
  ctx.clock = &clock_;
  ctx.store = &store_;
  ctx.waits = &waits_;
  ctx.invoker = this;
  ctx.limits = &limits_;
  // A re-run after waiting holds its place; a fresh request may start waiting only below the
  // bound.
  bool resumed = request.poll_deadline.has_value();
  ctx.can_wait = resumed || PendingPolls() < limits_.max_pending_polls;
  ctx.wait_refused = !ctx.can_wait;
  ctx.poll_deadline = request.poll_deadline;
  ctx.poll_key = request.poll_key;
  uint64_t epoch = waits_.Epoch();
  if (auto host = request.header("Host"); !host.empty()) ctx.host = std::string(host);

  const models::ServiceModel& model = models::GetModel(route.service);
  const protocols::Codec& codec = codecs_->Get(model, protocols::ProtocolOf(request, model));
  const models::Operation* operation = nullptr;
  const HttpHooks* hooks = table_.Hooks(route.service);
  bool head = request.method == "HEAD";
  HttpResponse response;
  try {
    try {
      if (hooks != nullptr && hooks->before) hooks->before(request, ctx);
      protocols::DecodedRequest decoded = codec.Decode(request, ctx);
      operation = decoded.operation;
      ctx.operation = operation->name;
      summary.operation = operation->name;
      const Handler* handler = table_.Find(route.service, operation->name);
      if (handler == nullptr) throw NotImplementedError(route.service, operation->name);
      Validate(*operation, decoded.input, route.service);
      nlohmann::json output = (*handler)(ctx, decoded.input);
      if (ctx.wait_request) {
        response.deferral =
            Deferral{ctx.wait_request->first, ctx.wait_request->second, epoch, ctx.wake_at};
        if (!resumed) pending_polls_.fetch_add(1, std::memory_order_relaxed);
        return response;
      }
      response = codec.EncodeOutput(*operation, output, ctx);
    } catch (const AwsError&) {
      throw;
    } catch (const std::exception& e) {
      throw InternalError(std::string("internal error: ") + e.what());
    }
  } catch (const AwsError& error) {
    response = codec.EncodeError(error, operation, ctx, head);
  }
  if (resumed) pending_polls_.fetch_sub(1, std::memory_order_relaxed);
  if (hooks != nullptr && hooks->after) hooks->after(request, ctx, response);
  summary.status = response.status;
  return response;
}

uint64_t Dispatcher::BodyLimit(HttpRequest& head) const {
  head.route = RouteRequest(head);
  return BodyLimitFor(head.route->service, head, limits_.max_request_body).max_bytes;
}

std::shared_ptr<BodyObserver> Dispatcher::ObserveBody(const HttpRequest& head) const {
  const HttpHooks* hooks = table_.Hooks(RouteRequest(head).service);
  return hooks != nullptr && hooks->observe_body ? hooks->observe_body(head) : nullptr;
}

HttpResponse Dispatcher::BodyTooLarge(const HttpRequest& head, std::optional<uint64_t> size) const {
  Route route = RouteRequest(head);
  RequestContext ctx;
  ctx.request_id = NewUuid();
  ctx.service = route.service;
  ctx.scope = route.scope;
  AwsError error = BodyLimitFor(route.service, head, limits_.max_request_body).error(size);
  if (!IsKnownService(route.service)) {
    return HttpResponse{static_cast<int>(error.status),
                        {{"Content-Type", "text/plain"}, {"x-amzn-RequestId", ctx.request_id}},
                        Body::FromString(error.message + "\n")};
  }
  const models::ServiceModel& model = models::GetModel(route.service);
  const protocols::Codec& codec = codecs_->Get(model, protocols::ProtocolOf(head, model));
  return codec.EncodeError(error, nullptr, ctx, head.method == "HEAD");
}

nlohmann::json Dispatcher::Invoke(std::string_view service, std::string_view operation,
                                  const nlohmann::json& input, const Scope& scope) {
  return Invoke(service, operation, input, scope, InvokePayloads{});
}

nlohmann::json Dispatcher::Invoke(std::string_view service, std::string_view operation,
                                  const nlohmann::json& input, const Scope& scope,
                                  InvokePayloads payloads) {
  if (!IsKnownService(service)) {
    throw AwsError("NotImplemented",
                   "Terrarium does not emulate the service " + std::string(service), 501);
  }
  const models::ServiceModel& model = models::GetModel(service);
  const models::Operation* modelled = model.FindOperation(operation);
  if (modelled == nullptr) {
    throw AwsError(
        "InvalidAction",
        "The service " + std::string(service) + " has no operation " + std::string(operation), 400);
  }
  const Handler* handler = table_.Find(service, operation);
  if (handler == nullptr) throw NotImplementedError(std::string(service), std::string(operation));
  Validate(*modelled, input, service);
  RequestContext ctx;
  ctx.service = std::string(service);
  ctx.operation = std::string(operation);
  ctx.scope = scope;
  ctx.request_id = NewUuid();
  ctx.clock = &clock_;
  ctx.store = &store_;
  ctx.waits = &waits_;
  ctx.invoker = this;
  ctx.limits = &limits_;
  ctx.request_payload = std::move(payloads.request);
  MarkUsed(ctx.service);
  nlohmann::json output = (*handler)(ctx, input);
  if (payloads.response != nullptr) {
    *payloads.response = std::move(ctx.response_payload);
  } else if (model.protocol == "json" && !ctx.response_payload.empty() &&
             modelled->output != nullptr) {
    // The handler answered with the body already serialized (json_codec.cc): read it as a
    // client would.
    output = protocols::ReadJsonStructure(
        *modelled->output, protocols::ParseJsonBody(ctx.response_payload.data()), false);
  }
  return output;
}

void Dispatcher::Validate(const models::Operation& operation, const nlohmann::json& input,
                          std::string_view service) const {
  const std::string* code = table_.ValidationErrorCode(service);
  if (code == nullptr || operation.input == nullptr) return;
  std::string message = ValidationMessage(ConstraintViolations(*operation.input, input));
  if (!message.empty()) throw AwsError(*code, message, 400);
}

bool Dispatcher::Used(std::string_view service) const {
  std::lock_guard lock(used_mutex_);
  return used_.find(service) != used_.end();
}

void Dispatcher::MarkUsed(const std::string& service) {
  std::lock_guard lock(used_mutex_);
  used_.insert(service);
}

}  // namespace terrarium::dispatch
