// Beast's HTTP/1.1 request parser writing straight into an HttpRequest: the head's fields go
// into HttpRequest::headers as they are parsed (Beast's request_parser builds a list of its own
// first, a node and an allocation per field, which was then copied), and the body into a string
// or, for a large one, to a consumer that spools it.
#pragma once

#include <exception>
#include <functional>
#include <string>
#include <string_view>

#include <boost/beast/http/basic_parser.hpp>

#include "emulator/core/http_message.h"

namespace terrarium {

class RequestParser : public boost::beast::http::basic_parser<true> {
 public:
  // Fills `request`'s method, target and headers (not path and query: SplitTarget).
  explicit RequestParser(HttpRequest& request) : request_(request) {}

  // 10 or 11 once the request line is read; 11 before (what an error answer uses).
  unsigned version() const { return version_; }
  // Whether the first Expect field is "100-continue" (any case).
  bool expects_continue() const { return expects_continue_; }

  // The body read so far when there is no consumer.
  std::string& body() { return body_; }
  // Hands every further piece of the body to `consumer` instead of keeping it. When the
  // consumer throws, the read fails and RethrowConsumerFailure throws its exception.
  void SendBodyTo(std::function<void(std::string_view)> consumer) {
    consumer_ = std::move(consumer);
  }
  void RethrowConsumerFailure() const {
    if (consumer_failure_) std::rethrow_exception(consumer_failure_);
  }

 private:
  using error_code = boost::beast::error_code;
  using string_view = boost::beast::string_view;

  void on_request_impl(boost::beast::http::verb, string_view method, string_view target,
                       int version, error_code&) override;
  void on_response_impl(int, string_view, int, error_code&) override {}
  void on_field_impl(boost::beast::http::field name, string_view name_string, string_view value,
                     error_code&) override;
  void on_header_impl(error_code&) override {}
  void on_body_init_impl(const boost::optional<std::uint64_t>& content_length,
                         error_code&) override;
  std::size_t on_body_impl(string_view body, error_code& ec) override;
  void on_chunk_header_impl(std::uint64_t, string_view, error_code&) override {}
  std::size_t on_chunk_body_impl(std::uint64_t, string_view body, error_code& ec) override {
    return on_body_impl(body, ec);
  }
  void on_finish_impl(error_code&) override {}

  HttpRequest& request_;
  unsigned version_ = 11;
  bool expects_continue_ = false;
  bool seen_expect_ = false;
  std::string body_;
  std::function<void(std::string_view)> consumer_;
  std::exception_ptr consumer_failure_;
};

}  // namespace terrarium
