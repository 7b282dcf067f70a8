// The event sources a mapping can read: what an EventSourceArn names, and how to reach it.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "emulator/core/scope.h"

namespace terrarium::services::lambda {

enum class SourceKind { kSqs, kDynamoDbStream };

struct EventSource {
  SourceKind kind;
  std::string arn;
  Scope scope;       // the source's account and region, from its ARN
  std::string name;  // the queue name, or the table name of a stream
  // The queue URL the in-process SQS calls take (the host is irrelevant to them).
  std::string QueueUrl() const;
};

// Parses an EventSourceArn; throws InvalidParameterValueException for sources Terrarium cannot
// read (Kinesis, Kafka, MQ, DocumentDB) or ARNs that name no event source.
EventSource ParseEventSource(std::string_view arn);

}  // namespace terrarium::services::lambda
