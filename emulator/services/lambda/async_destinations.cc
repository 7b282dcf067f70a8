#include "emulator/services/lambda/async_destinations.h"

#include <optional>
#include <vector>

#include "emulator/core/aws_error.h"
#include "emulator/core/timestamp.h"

namespace terrarium::services::lambda {
namespace {

using nlohmann::json;

struct Destination {
  std::string service;  // sqs, lambda, sns, events
  Scope scope;
  std::string resource;
};

std::optional<Destination> ParseDestination(const std::string& arn) {
  std::vector<std::string> parts;
  size_t at = 0;
  for (int i = 0; i < 5; ++i) {
    size_t colon = arn.find(':', at);
    if (colon == std::string::npos) return std::nullopt;
    parts.push_back(arn.substr(at, colon - at));
    at = colon + 1;
  }
  return Destination{parts[2], Scope{parts[4], parts[3]}, arn.substr(at)};
}

void SendToQueue(OperationInvoker& invoker, const Destination& queue, const std::string& body,
                 json attributes = json::object()) {
  json input = {{"QueueUrl", "http://localhost:4566/" + queue.scope.account + "/" + queue.resource},
                {"MessageBody", body}};
  if (!attributes.empty()) input["MessageAttributes"] = std::move(attributes);
  invoker.Invoke("sqs", "SendMessage", input, queue.scope, {});
}

void Send(OperationInvoker& invoker, const std::string& arn, const std::string& body,
          const std::function<void(const std::string&)>& log) {
  auto destination = ParseDestination(arn);
  try {
    if (destination && destination->service == "sqs") {
      SendToQueue(invoker, *destination, body);
      return;
    }
    if (destination && destination->service == "lambda") {
      invoker.Invoke("lambda", "Invoke", {{"FunctionName", arn}, {"InvocationType", "Event"}},
                     destination->scope, {.request = Body::FromString(body), .response = nullptr});
      return;
    }
    if (log) log("lambda: destination " + arn + " is not emulated (SQS and Lambda are)");
  } catch (const AwsError& error) {
    if (log) log("lambda: destination " + arn + " unreachable: " + error.message);
  }
}

}  // namespace

json DestinationRecord(const AsyncOutcome& outcome, double now) {
  json request_payload = json::parse(outcome.payload, nullptr, false);
  json response_payload = json::parse(outcome.result.payload, nullptr, false);
  json response_context = {{"statusCode", 200},
                           {"executedVersion", outcome.result.executed_version.empty()
                                                   ? outcome.spec->version
                                                   : outcome.result.executed_version}};
  if (!outcome.result.function_error.empty()) {
    response_context["functionError"] = outcome.result.function_error;
  }
  return {
      {"version", "1.0"},
      {"timestamp", FormatIso8601(now)},
      {"requestContext",
       {{"requestId", outcome.request_id},
        {"functionArn", outcome.spec->arn + ":" + outcome.spec->version},
        {"condition", outcome.succeeded ? "Success" : outcome.condition},
        {"approximateInvokeCount", outcome.attempts}}},
      {"requestPayload", request_payload.is_discarded() ? json(outcome.payload) : request_payload},
      {"responseContext", response_context},
      {"responsePayload",
       response_payload.is_discarded() ? json(outcome.result.payload) : response_payload}};
}

void DeliverAsyncOutcome(OperationInvoker& invoker, const AsyncOutcome& outcome, double now,
                         const std::function<void(const std::string&)>& log) {
  const FunctionSpec& spec = *outcome.spec;
  std::string destination =
      outcome.succeeded ? spec.on_success_destination : spec.on_failure_destination;
  if (!destination.empty()) Send(invoker, destination, DestinationRecord(outcome, now).dump(), log);
  if (outcome.succeeded || spec.dead_letter_target.empty()) return;
  // The dead-letter queue gets the event itself, with the error in message attributes.
  auto queue = ParseDestination(spec.dead_letter_target);
  if (!queue || queue->service != "sqs") {
    if (log) log("lambda: dead-letter target " + spec.dead_letter_target + " is not an SQS queue");
    return;
  }
  json error = json::parse(outcome.result.payload, nullptr, false);
  std::string message = error.is_object() ? error.value("errorMessage", "") : "";
  json attributes = {
      {"RequestID", {{"DataType", "String"}, {"StringValue", outcome.request_id}}},
      {"ErrorCode", {{"DataType", "Number"}, {"StringValue", "200"}}},
      {"ErrorMessage",
       {{"DataType", "String"}, {"StringValue", message.empty() ? "Unhandled" : message}}}};
  try {
    SendToQueue(invoker, *queue, outcome.payload, attributes);
  } catch (const AwsError& e) {
    if (log)
      log("lambda: dead-letter queue " + spec.dead_letter_target + " unreachable: " + e.message);
  }
}

}  // namespace terrarium::services::lambda
