#include "emulator/app/admin_json_client.h"

#include <boost/beast/http.hpp>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include "emulator/app/http_exchange.h"

namespace terrarium::app {

namespace http = boost::beast::http;
using nlohmann::json;

std::string EndpointOr(const std::string& given) {
  if (!given.empty()) return given;
  const char* env = std::getenv("AWS_ENDPOINT_URL");
  return env != nullptr ? env : "http://localhost:4566";
}

std::string ReadText(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read " + path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

namespace {

// (host, port) of an http:// endpoint.
std::pair<std::string, std::string> HostAndPort(const std::string& endpoint) {
  if (!endpoint.starts_with("http://")) {
    throw std::runtime_error("the endpoint must be an http:// URL: " + endpoint);
  }
  std::string rest = endpoint.substr(7);
  rest = rest.substr(0, rest.find('/'));
  if (rest.empty()) throw std::runtime_error("not an endpoint URL: " + endpoint);
  auto colon = rest.rfind(':');
  if (colon == std::string::npos) return {rest, "80"};
  return {rest.substr(0, colon), rest.substr(colon + 1)};
}

}  // namespace

std::pair<int, json> PostJson(const std::string& endpoint, const std::string& path,
                              const json& body) {
  auto [host, port] = HostAndPort(endpoint);
  http::request<http::string_body> request{http::verb::post, path, 11};
  request.set(http::field::host, host + ":" + port);
  request.set(http::field::content_type, "application/json");
  request.set(http::field::user_agent, "terrarium-drift");
  request.body() = body.dump();
  request.prepare_payload();
  http::response<http::string_body> response;
  try {
    response = Exchange(host, port, request, std::chrono::seconds(300));
  } catch (const std::exception& e) {
    throw std::runtime_error("cannot reach the emulator at " + endpoint + ": " + e.what());
  }
  json answer = json::parse(response.body(), nullptr, false);
  if (answer.is_discarded()) {
    throw std::runtime_error("the emulator answered " + std::to_string(response.result_int()) +
                             " with a body that is not JSON (does this build serve " + path + "?)");
  }
  return {response.result_int(), answer};
}

}  // namespace terrarium::app
