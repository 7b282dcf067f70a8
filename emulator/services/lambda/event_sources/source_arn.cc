#include "emulator/services/lambda/event_sources/source_arn.h"

#include <vector>

#include "emulator/core/aws_error.h"

namespace terrarium::services::lambda {
namespace {

std::vector<std::string> SplitArn(std::string_view arn) {
  std::vector<std::string> parts;
  size_t start = 0;
  // arn:partition:service:region:account:resource (the resource may hold more colons).
  for (int i = 0; i < 5; ++i) {
    size_t colon = arn.find(':', start);
    if (colon == std::string_view::npos) return {};
    parts.emplace_back(arn.substr(start, colon - start));
    start = colon + 1;
  }
  parts.emplace_back(arn.substr(start));
  return parts;
}

[[noreturn]] void Unrecognized(std::string_view arn) {
  throw AwsError("InvalidParameterValueException",
                 "Unrecognized event source, must be kinesis, dynamodb stream, sqs, msk, "
                 "self-managed kafka, mq, or documentdb: " +
                     std::string(arn));
}

}  // namespace

std::string EventSource::QueueUrl() const {
  return "http://localhost:4566/" + scope.account + "/" + name;
}

EventSource ParseEventSource(std::string_view arn) {
  auto parts = SplitArn(arn);
  if (parts.size() != 6 || parts[0] != "arn" || parts[3].empty() || parts[4].empty()) {
    Unrecognized(arn);
  }
  EventSource source{SourceKind::kSqs, std::string(arn), Scope{parts[4], parts[3]}, ""};
  const std::string& service = parts[2];
  const std::string& resource = parts[5];
  if (service == "sqs") {
    if (resource.empty() || resource.find('/') != std::string::npos) Unrecognized(arn);
    source.name = resource;
    return source;
  }
  if (service == "dynamodb") {
    // table/<name>/stream/<label>
    auto stream = resource.find("/stream/");
    if (!resource.starts_with("table/") || stream == std::string::npos) Unrecognized(arn);
    source.kind = SourceKind::kDynamoDbStream;
    source.name = resource.substr(6, stream - 6);
    return source;
  }
  if (service == "kinesis" || service == "kafka" || service == "mq" || service == "rds") {
    throw AwsError("InvalidParameterValueException",
                   "Terrarium reads SQS queues and DynamoDB streams only; " + service +
                       " event sources are not emulated");
  }
  Unrecognized(arn);
}

}  // namespace terrarium::services::lambda
