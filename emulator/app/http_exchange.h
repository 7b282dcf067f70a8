// One HTTP/1.1 request to a running emulator on a short-lived connection, for the commands that
// drive an emulator from outside (apply-template, drift).
#pragma once

#include <chrono>
#include <string>

#include <boost/beast/http.hpp>

namespace terrarium::app {

// Sends `request` to host:port and reads the answer (bodies up to 256 MiB). Throws
// std::runtime_error when the connection or the exchange fails.
boost::beast::http::response<boost::beast::http::string_body> Exchange(
    const std::string& host, const std::string& port,
    const boost::beast::http::request<boost::beast::http::string_body>& request,
    std::chrono::seconds timeout);

}  // namespace terrarium::app
