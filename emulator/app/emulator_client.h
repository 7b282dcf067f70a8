// The one HTTP client of the CLI's client commands (state, import, drift, apply-template): plain
// HTTP/1.1 to a running emulator, one short-lived connection per request. The admin API
// (/_terrarium/*) and the query-protocol client (query_client.h) both go through Send.
#pragma once

#include <chrono>
#include <map>
#include <string>
#include <utility>

#include <nlohmann/json.hpp>

namespace terrarium::app {

// `given`, else AWS_ENDPOINT_URL, else http://localhost:4566.
std::string EndpointOr(const std::string& given = "");

// Where an http://host[:port] endpoint URL points (an IPv6 host without its brackets).
struct Endpoint {
  std::string url;
  std::string host;
  std::string port = "80";
};
// Throws std::runtime_error for https:// (the emulator is plain HTTP) or a URL with no host.
Endpoint ParseEndpoint(const std::string& url);

struct HttpReply {
  int status = 0;
  std::string content_type;
  std::string body = {};
};

struct HttpCall {
  std::string method = "GET";
  std::string target = "/";  // path and query
  std::string body = {};
  std::map<std::string, std::string> headers = {};  // besides Host, User-Agent and Content-Length
  std::chrono::seconds timeout{300};
};

// Sends `call` and reads the answer (bodies up to 256 MiB). Throws std::runtime_error "cannot
// reach the emulator at URL: ..." when the connection or the exchange fails.
HttpReply Send(const Endpoint& endpoint, const HttpCall& call);

// POSTs `body` as JSON to `path`; returns (status, answer). Throws std::runtime_error when
// nothing answers or the answer is not JSON.
std::pair<int, nlohmann::json> PostJson(const std::string& endpoint_url, const std::string& path,
                                        const nlohmann::json& body);

// The whole file; throws std::runtime_error "cannot read PATH".
std::string ReadText(const std::string& path);

}  // namespace terrarium::app
