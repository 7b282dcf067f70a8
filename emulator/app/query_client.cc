#include "emulator/app/query_client.h"

#include <boost/beast/http.hpp>

#include <chrono>
#include <ctime>

#include "emulator/app/http_exchange.h"
#include "emulator/core/url.h"

namespace terrarium::app {
namespace {

namespace beast = boost::beast;
namespace http = beast::http;

std::string Today() {
  std::time_t now = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&now, &tm);
  char buf[16];
  std::strftime(buf, sizeof buf, "%Y%m%d", &tm);
  return buf;
}

}  // namespace

QueryClient::QueryClient(const std::string& endpoint, std::string service, std::string version,
                         std::string region, std::string access_key)
    : service_(std::move(service)),
      version_(std::move(version)),
      region_(std::move(region)),
      access_key_(std::move(access_key)) {
  std::string rest = endpoint;
  if (rest.starts_with("https://")) {
    throw QueryError("InvalidEndpoint", "https endpoints are not supported: " + endpoint);
  }
  if (!rest.starts_with("http://")) {
    throw QueryError("InvalidEndpoint", "the endpoint must be an http:// URL: " + endpoint);
  }
  rest = rest.substr(7);
  rest = rest.substr(0, rest.find('/'));
  auto colon = rest.rfind(':');
  if (rest.empty()) throw QueryError("InvalidEndpoint", "not an endpoint URL: " + endpoint);
  host_ = colon == std::string::npos ? rest : rest.substr(0, colon);
  port_ = colon == std::string::npos ? "80" : rest.substr(colon + 1);
}

pugi::xml_document QueryClient::Call(const std::string& action,
                                     const std::map<std::string, std::string>& params) const {
  std::string body = "Action=" + PercentEncode(action) + "&Version=" + PercentEncode(version_);
  for (const auto& [k, v] : params) body += "&" + PercentEncode(k) + "=" + PercentEncode(v);

  http::request<http::string_body> request{http::verb::post, "/", 11};
  request.set(http::field::host, host_ + ":" + port_);
  request.set(http::field::content_type, "application/x-www-form-urlencoded; charset=utf-8");
  request.set(http::field::user_agent, "terrarium-apply-template");
  // Unsigned, but with the credential scope the emulator reads account and region from.
  request.set(http::field::authorization, "AWS4-HMAC-SHA256 Credential=" + access_key_ + "/" +
                                              Today() + "/" + region_ + "/" + service_ +
                                              "/aws4_request, SignedHeaders=host, Signature=0");
  request.body() = body;
  request.prepare_payload();

  http::response<http::string_body> response;
  try {
    response = Exchange(host_, port_, request, std::chrono::seconds(60));
  } catch (const std::exception& e) {
    throw QueryError("ConnectionError", "cannot reach the emulator at http://" + host_ + ":" +
                                            port_ + ": " + e.what());
  }

  pugi::xml_document doc;
  if (!doc.load_string(response.body().c_str())) {
    throw QueryError("InvalidResponse", "the emulator answered " +
                                            std::to_string(response.result_int()) +
                                            " with a body that is not XML");
  }
  if (response.result_int() >= 300) {
    pugi::xml_node error = doc.child("ErrorResponse").child("Error");
    throw QueryError(TextAt(error, "Code"), TextAt(error, "Message"));
  }
  return doc;
}

std::string TextAt(const pugi::xml_node& node, const char* path) {
  pugi::xml_node found = node.first_element_by_path(path);
  return found ? found.text().as_string() : std::string();
}

}  // namespace terrarium::app
