#include "emulator/app/emulator_client.h"

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

namespace terrarium::app {
namespace {

namespace beast = boost::beast;
namespace http = beast::http;
using tcp = boost::asio::ip::tcp;
using nlohmann::json;

constexpr std::size_t kMaxAnswer = 256 * 1024 * 1024;

}  // namespace

std::string EndpointOr(const std::string& given) {
  if (!given.empty()) return given;
  const char* env = std::getenv("AWS_ENDPOINT_URL");
  return env != nullptr && *env != '\0' ? env : "http://localhost:4566";
}

Endpoint ParseEndpoint(const std::string& url) {
  std::string_view rest = url;
  if (rest.starts_with("https://")) {
    throw std::runtime_error("the emulator speaks plain HTTP; use an http:// endpoint, not " + url);
  }
  if (rest.starts_with("http://")) rest.remove_prefix(7);
  rest = rest.substr(0, rest.find('/'));
  if (rest.empty()) throw std::runtime_error("not an endpoint URL: '" + url + "'");
  Endpoint endpoint{url, std::string(rest)};
  std::size_t colon = rest.rfind(':');
  std::size_t bracket = rest.rfind(']');
  if (colon != std::string_view::npos && (bracket == std::string_view::npos || colon > bracket)) {
    endpoint.host = rest.substr(0, colon);
    endpoint.port = rest.substr(colon + 1);
  }
  if (endpoint.host.size() > 2 && endpoint.host.front() == '[') {
    endpoint.host = endpoint.host.substr(1, endpoint.host.size() - 2);
  }
  return endpoint;
}

HttpReply Send(const Endpoint& endpoint, const HttpCall& call) {
  http::request<http::string_body> request(http::string_to_verb(call.method), call.target, 11);
  bool ipv6 = endpoint.host.find(':') != std::string::npos;
  request.set(http::field::host,
              (ipv6 ? "[" + endpoint.host + "]" : endpoint.host) + ":" + endpoint.port);
  request.set(http::field::user_agent, "terrarium-cli/" TERRARIUM_VERSION);
  for (const auto& [name, value] : call.headers) request.set(name, value);
  request.body() = call.body;
  request.prepare_payload();
  try {
    boost::asio::io_context io;
    beast::tcp_stream stream(io);
    stream.expires_after(call.timeout);
    tcp::resolver resolver(io);
    stream.connect(resolver.resolve(endpoint.host, endpoint.port));
    http::write(stream, request);
    beast::flat_buffer buffer;
    http::response_parser<http::string_body> parser;
    parser.body_limit(kMaxAnswer);
    http::read(stream, buffer, parser);
    beast::error_code ignored;
    stream.socket().shutdown(tcp::socket::shutdown_both, ignored);
    auto& response = parser.get();
    return {static_cast<int>(response.result_int()),
            std::string(response[http::field::content_type]), std::move(response.body())};
  } catch (const std::exception& e) {
    throw std::runtime_error("cannot reach the emulator at " + endpoint.url + ": " + e.what());
  }
}

std::pair<int, json> PostJson(const std::string& endpoint_url, const std::string& path,
                              const json& body) {
  HttpCall call{"POST", path, body.dump(), {{"Content-Type", "application/json"}}};
  HttpReply reply = Send(ParseEndpoint(endpoint_url), call);
  json answer = json::parse(reply.body, nullptr, false);
  if (answer.is_discarded()) {
    throw std::runtime_error("the emulator answered " + std::to_string(reply.status) +
                             " with a body that is not JSON (does this build serve " + path + "?)");
  }
  return {reply.status, answer};
}

std::string ReadText(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read " + path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

}  // namespace terrarium::app
