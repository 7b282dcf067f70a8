// What the fuzz targets share: bytes -> an HttpRequest the way the server builds one (the same
// RequestParser and limits as emulator/core/http_server.cc), and decoding it with a service's
// codec. AwsError is every parser's documented way to refuse input; any other exception, crash
// or sanitizer report is a bug the fuzzer reports.
#pragma once

#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>

#include <boost/beast/http.hpp>

#include "emulator/core/aws_error.h"
#include "emulator/core/http_message.h"
#include "emulator/core/request_context.h"
#include "emulator/core/request_parser.h"
#include "emulator/models/service_model.h"
#include "emulator/protocols/codec.h"

namespace terrarium::fuzz {

inline std::string_view AsText(const uint8_t* data, size_t size) {
  return {reinterpret_cast<const char*>(data), size};
}

// Parses one HTTP/1.1 request (head and body) from `bytes`; nullopt when the parser refuses it (the
// server then answers 400 without going further).
inline std::optional<HttpRequest> ParseHttpRequest(std::string_view bytes) {
  HttpRequest request;
  RequestParser parser(request);  // the server's own parser (http_server.cc)
  parser.header_limit(64 << 10);  // HttpServerOptions::max_header_bytes
  parser.body_limit(1 << 20);     // bodies above the memory limit are spooled, not parsed here
  parser.eager(true);
  boost::beast::error_code ec;
  parser.put(boost::asio::buffer(bytes.data(), bytes.size()), ec);
  if (ec || !parser.is_done()) return std::nullopt;
  request.SplitTarget();
  request.headers.erase("Transfer-Encoding");
  request.body = Body::FromString(std::move(parser.body()));
  return request;
}

// Decodes `request` with the codec `service` speaks for it (as the dispatcher does).
inline void DecodeFor(std::string_view service, HttpRequest& request) {
  const models::ServiceModel& model = models::GetModel(service);
  auto codec = protocols::MakeCodec(protocols::ProtocolOf(request, model), model);
  RequestContext ctx;
  ctx.service = std::string(service);
  ctx.request_id = "fuzz";
  try {
    codec->Decode(request, ctx);
  } catch (const AwsError&) {
  }
}

// A fuzz input that is a raw HTTP request, decoded as a request to each of `services` (a fresh
// parse each time: decoding may move the body out).
inline void FuzzRequestTo(std::initializer_list<std::string_view> services, const uint8_t* data,
                          size_t size) {
  for (std::string_view service : services) {
    auto request = ParseHttpRequest(AsText(data, size));
    if (!request) return;
    DecodeFor(service, *request);
  }
}

}  // namespace terrarium::fuzz
