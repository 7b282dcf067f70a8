// Calls an operation of any service in process, the way a client would but without HTTP: S3
// notifying SQS or Lambda, Lambda reading its code from S3, an event source mapping polling a
// queue, the CloudFormation service applying a template. Handlers reach it through
// RequestContext::invoker; the dispatcher implements it, so core never depends on dispatch.
#pragma once

#include <string_view>

#include <nlohmann/json.hpp>

#include "emulator/core/http_message.h"
#include "emulator/core/scope.h"

namespace terrarium {

// Payload bytes that travel beside the JSON document of an in-process call.
struct InvokePayloads {
  Body request;              // e.g. PutObject's Body
  Body* response = nullptr;  // when set, receives e.g. GetObject's Body
};

class OperationInvoker {
 public:
  virtual ~OperationInvoker() = default;

  // Runs `operation` of `service` with `input` (its input shape) and returns the output shape;
  // throws AwsError exactly as the API would answer.
  virtual nlohmann::json Invoke(std::string_view service, std::string_view operation,
                                const nlohmann::json& input, const Scope& scope,
                                InvokePayloads payloads) = 0;
};

}  // namespace terrarium
