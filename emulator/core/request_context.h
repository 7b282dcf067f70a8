// What a handler knows about the request besides its input shape: who, where, when, and the
// payload bytes that travel beside the JSON document (S3 object bodies, Lambda payloads).
#pragma once

#include <string>

#include "emulator/core/clock.h"
#include "emulator/core/http_message.h"
#include "emulator/core/scope.h"

namespace terrarium {

namespace storage {
class Store;
}

struct RequestContext {
  std::string service;
  std::string operation;
  Scope scope;
  std::string access_key;
  std::string request_id;
  // The host the client addressed (for URLs handed back, e.g. SQS queue URLs); "localhost:4566"
  // for in-process calls.
  std::string host = "localhost:4566";
  const Clock* clock = nullptr;
  storage::Store* store = nullptr;

  // A blob payload member of the input (e.g. PutObject's Body), never copied into the document.
  Body request_payload;
  // A blob payload member of the output (e.g. GetObject's Body), set by the handler.
  Body response_payload;
  // Non-zero overrides the operation's HTTP status (e.g. 206 for a ranged GetObject).
  int response_status = 0;
};

}  // namespace terrarium
