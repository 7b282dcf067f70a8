#include "emulator/app/http_exchange.h"

#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>

#include <stdexcept>

namespace terrarium::app {

namespace beast = boost::beast;
namespace http = beast::http;
using tcp = boost::asio::ip::tcp;

http::response<http::string_body> Exchange(const std::string& host, const std::string& port,
                                           const http::request<http::string_body>& request,
                                           std::chrono::seconds timeout) {
  try {
    boost::asio::io_context io;
    beast::tcp_stream stream(io);
    stream.expires_after(timeout);
    tcp::resolver resolver(io);
    stream.connect(resolver.resolve(host, port));
    http::write(stream, request);
    beast::flat_buffer buffer;
    http::response_parser<http::string_body> parser;
    parser.body_limit(256 * 1024 * 1024);
    http::read(stream, buffer, parser);
    beast::error_code ignored;
    stream.socket().shutdown(tcp::socket::shutdown_both, ignored);
    return parser.release();
  } catch (const std::exception& e) {
    throw std::runtime_error(e.what());
  }
}

}  // namespace terrarium::app
