#include "emulator/app/admin_client.h"

#include <cstdlib>
#include <stdexcept>

#include <fmt/format.h>
#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

namespace terrarium::app {
namespace {

namespace beast = boost::beast;
namespace http = beast::http;
using tcp = boost::asio::ip::tcp;

struct Endpoint {
  std::string host;
  std::string port;
};

Endpoint ParseEndpoint(const std::string& url) {
  std::string_view rest = url;
  if (rest.starts_with("https://")) {
    throw std::runtime_error("the admin API is plain HTTP; use an http:// endpoint");
  }
  if (rest.starts_with("http://")) rest.remove_prefix(7);
  rest = rest.substr(0, rest.find('/'));
  if (rest.empty()) throw std::runtime_error(fmt::format("bad endpoint '{}'", url));
  Endpoint endpoint{std::string(rest), "80"};
  size_t colon = rest.rfind(':');
  size_t bracket = rest.rfind(']');
  if (colon != std::string_view::npos && (bracket == std::string_view::npos || colon > bracket)) {
    endpoint.host = rest.substr(0, colon);
    endpoint.port = rest.substr(colon + 1);
  }
  if (endpoint.host.size() > 2 && endpoint.host.front() == '[') {
    endpoint.host = endpoint.host.substr(1, endpoint.host.size() - 2);
  }
  return endpoint;
}

}  // namespace

std::string DefaultEndpoint() {
  const char* env = std::getenv("AWS_ENDPOINT_URL");
  return env != nullptr && *env != '\0' ? env : "http://localhost:4566";
}

AdminReply CallAdmin(const std::string& endpoint_url, const std::string& method,
                     const std::string& target, const std::string& body,
                     const std::string& content_type) {
  Endpoint endpoint = ParseEndpoint(endpoint_url);
  try {
    boost::asio::io_context io;
    tcp::resolver resolver(io);
    tcp::socket socket(io);
    boost::asio::connect(socket, resolver.resolve(endpoint.host, endpoint.port));
    http::request<http::string_body> request(http::string_to_verb(method), target, 11);
    request.set(http::field::host, endpoint.host + ":" + endpoint.port);
    request.set(http::field::user_agent, "terrarium-cli/" TERRARIUM_VERSION);
    if (!body.empty()) request.set(http::field::content_type, content_type);
    request.body() = body;
    request.prepare_payload();
    http::write(socket, request);
    beast::flat_buffer buffer;
    http::response_parser<http::string_body> parser;
    parser.body_limit(boost::none);
    http::read(socket, buffer, parser);
    auto& response = parser.get();
    beast::error_code ignored;
    socket.shutdown(tcp::socket::shutdown_both, ignored);
    return {static_cast<int>(response.result_int()),
            std::string(response[http::field::content_type]), std::move(response.body())};
  } catch (const beast::system_error& e) {
    throw std::runtime_error(
        fmt::format("cannot reach the emulator at {}: {}", endpoint_url, e.code().message()));
  }
}

}  // namespace terrarium::app
