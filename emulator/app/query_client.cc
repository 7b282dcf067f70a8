#include "emulator/app/query_client.h"

#include <ctime>

#include "emulator/core/url.h"

namespace terrarium::app {
namespace {

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
  try {
    endpoint_ = ParseEndpoint(endpoint);
  } catch (const std::runtime_error& e) {
    throw QueryError("InvalidEndpoint", e.what());
  }
}

pugi::xml_document QueryClient::Call(const std::string& action,
                                     const std::map<std::string, std::string>& params) const {
  std::string body = "Action=" + PercentEncode(action) + "&Version=" + PercentEncode(version_);
  for (const auto& [k, v] : params) body += "&" + PercentEncode(k) + "=" + PercentEncode(v);

  HttpCall call{"POST", "/", body};
  call.headers["Content-Type"] = "application/x-www-form-urlencoded; charset=utf-8";
  // Unsigned, but with the credential scope the emulator reads account and region from.
  call.headers["Authorization"] = "AWS4-HMAC-SHA256 Credential=" + access_key_ + "/" + Today() +
                                  "/" + region_ + "/" + service_ +
                                  "/aws4_request, SignedHeaders=host, Signature=0";
  call.timeout = std::chrono::seconds(60);
  HttpReply response;
  try {
    response = Send(endpoint_, call);
  } catch (const std::runtime_error& e) {
    throw QueryError("ConnectionError", e.what());
  }

  pugi::xml_document doc;
  if (!doc.load_string(response.body.c_str())) {
    throw QueryError("InvalidResponse", "the emulator answered " + std::to_string(response.status) +
                                            " with a body that is not XML");
  }
  if (response.status >= 300) {
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
