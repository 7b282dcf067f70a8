// The HTTP client the CLI's client commands (`terrarium state ...`) use to call a running
// emulator's admin API. Plain HTTP, one request per connection.
#pragma once

#include <string>

namespace terrarium::app {

// AWS_ENDPOINT_URL when set, else http://localhost:4566.
std::string DefaultEndpoint();

struct AdminReply {
  int status = 0;
  std::string content_type;
  std::string body;
};

// Sends `method target` with `body` to `endpoint` ("http://host[:port]"). Throws
// std::runtime_error when the endpoint is malformed or unreachable.
AdminReply CallAdmin(const std::string& endpoint, const std::string& method,
                     const std::string& target, const std::string& body = "",
                     const std::string& content_type = "application/json");

}  // namespace terrarium::app
