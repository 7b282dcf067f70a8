#include "emulator/core/request_parser.h"

#include <boost/beast/core/string.hpp>
#include <boost/system/error_code.hpp>

namespace terrarium {

namespace http = boost::beast::http;

void RequestParser::on_request_impl(http::verb, string_view method, string_view target, int version,
                                    error_code&) {
  request_.method.assign(method.data(), method.size());
  request_.target.assign(target.data(), target.size());
  version_ = static_cast<unsigned>(version);
}

void RequestParser::on_field_impl(http::field name, string_view name_string, string_view value,
                                  error_code&) {
  if (name == http::field::expect && !seen_expect_) {
    seen_expect_ = true;
    expects_continue_ = boost::beast::iequals(value, "100-continue");
  }
  // Built in the map's node: no temporary strings to move from. Repeated fields are joined.
  auto [it, inserted] =
      request_.headers.emplace(std::string_view(name_string.data(), name_string.size()),
                               std::string_view(value.data(), value.size()));
  if (!inserted) it->second.append(", ").append(value.data(), value.size());
}

void RequestParser::on_body_init_impl(const boost::optional<std::uint64_t>& content_length,
                                      error_code&) {
  if (!consumer_ && content_length) body_.reserve(static_cast<size_t>(*content_length));
}

std::size_t RequestParser::on_body_impl(string_view body, error_code& ec) {
  if (!consumer_) {
    body_.append(body.data(), body.size());
    return body.size();
  }
  try {
    consumer_(std::string_view(body.data(), body.size()));
  } catch (...) {
    consumer_failure_ = std::current_exception();
    ec = boost::system::errc::make_error_code(boost::system::errc::io_error);
    return 0;
  }
  return body.size();
}

}  // namespace terrarium
