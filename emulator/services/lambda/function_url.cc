// Serving function URLs: a request to http://<id>.lambda-url.<region>.localhost:<port>/<path>
// (Host routing) or to /_terrarium/lambda-url/<id>/<path> (path routing) invokes the function
// with the payload format 2.0 event and answers with what it returned, mapped as Lambda maps
// it: {statusCode, headers, cookies, body, isBase64Encoded}, or any other value as a 200
// application/json body. The invocation is awaited as Invoke does: a Deferral on the
// invocation's result key, no thread held.
// Parity notes: sourceIp is 127.0.0.1 (the HTTP layer does not pass the peer); AWS_IAM URLs
// accept any SigV4-signed request (signature and permissions are not checked); responses are
// buffered whatever the InvokeMode.
#include <algorithm>
#include <ctime>

#include <nlohmann/json.hpp>

#include "emulator/core/ascii.h"
#include "emulator/core/aws_error.h"
#include "emulator/core/encoding.h"
#include "emulator/core/ids.h"
#include "emulator/core/request_context.h"
#include "emulator/core/url.h"
#include "emulator/services/lambda/function_store.h"
#include "emulator/services/lambda/function_url_index.h"
#include "emulator/services/lambda/lambda.h"
#include "emulator/services/lambda/lambda_ops.h"

namespace terrarium::services::lambda {
namespace {

using nlohmann::json;

constexpr std::string_view kPathPrefix = "/_terrarium/lambda-url/";
constexpr std::string_view kHostMarker = ".lambda-url.";

// The URL id and the path the function sees, when the request is for a function URL.
struct UrlRequest {
  std::string id;
  std::string raw_path;  // still percent-encoded, as rawPath is
};

std::optional<UrlRequest> Match(const HttpRequest& request) {
  std::string_view host = request.header("Host");
  if (auto marker = host.find(kHostMarker); marker != std::string_view::npos) {
    std::string id(host.substr(0, marker));
    if (IsUrlId(id)) return UrlRequest{id, request.path.empty() ? "/" : request.path};
  }
  std::string_view path = request.path;
  if (!path.starts_with(kPathPrefix)) return std::nullopt;
  std::string_view rest = path.substr(kPathPrefix.size());
  auto slash = rest.find('/');
  std::string id(rest.substr(0, slash));
  std::string raw_path = slash == std::string_view::npos ? "/" : std::string(rest.substr(slash));
  return UrlRequest{id, raw_path};
}

HttpResponse Plain(int status, std::string_view message) {
  HttpResponse response;
  response.status = status;
  response.headers["Content-Type"] = "application/json";
  response.body = Body::FromString(json{{"Message", message}}.dump());
  return response;
}

bool IsTextual(std::string_view content_type) {
  std::string type = AsciiLower(std::string(content_type));
  return type.empty() || type.starts_with("text/") || type.find("json") != std::string::npos ||
         type.find("xml") != std::string::npos || type.find("javascript") != std::string::npos ||
         type.find("x-www-form-urlencoded") != std::string::npos;
}

bool IsSigned(const HttpRequest& request) {
  return request.header("Authorization").starts_with("AWS4-HMAC-SHA256") ||
         request.query.find("X-Amz-Signature=") != std::string::npos;
}

// The signer's access key, from the Authorization header or a presigned query.
std::string AccessKeyOf(const HttpRequest& request) {
  std::string_view auth = request.header("Authorization");
  if (auto at = auth.find("Credential="); at != std::string_view::npos) {
    std::string_view rest = auth.substr(at + 11);
    return std::string(rest.substr(0, rest.find('/')));
  }
  QueryParams params = ParseQuery(request.query);
  if (const std::string* credential = FindParam(params, "X-Amz-Credential")) {
    return credential->substr(0, credential->find('/'));
  }
  return {};
}

// requestContext.time: 12/Mar/2020:19:03:58 +0000.
std::string RequestTime(double epoch_seconds) {
  std::time_t seconds = static_cast<std::time_t>(epoch_seconds);
  std::tm utc{};
  gmtime_r(&seconds, &utc);
  char text[40];
  size_t size = std::strftime(text, sizeof text, "%d/%b/%Y:%H:%M:%S +0000", &utc);
  return std::string(text, size);
}

// The payload format 2.0 event.
json EventOf(const HttpRequest& request, const UrlRequest& url, const UrlTarget& target,
             const json& config, double now) {
  json headers = json::object();
  json cookies = json::array();
  for (const auto& [name, value] : request.headers) {
    std::string lower = AsciiLower(name);
    if (lower == "cookie") {
      std::string_view rest = value;
      while (!rest.empty()) {
        auto semi = rest.find(';');
        std::string_view cookie = rest.substr(0, semi);
        while (cookie.starts_with(' ')) cookie.remove_prefix(1);
        if (!cookie.empty()) cookies.push_back(std::string(cookie));
        if (semi == std::string_view::npos) break;
        rest = rest.substr(semi + 1);
      }
      continue;
    }
    headers[lower] = value;
  }
  std::string host(request.header("Host"));
  std::string domain = url.id + ".lambda-url." + target.scope.region + ".on.aws";
  json http = {{"method", request.method},
               {"path", PercentDecode(url.raw_path)},
               {"protocol", "HTTP/1.1"},
               {"sourceIp", "127.0.0.1"},
               {"userAgent", std::string(request.header("User-Agent"))}};
  double millis = now * 1000;
  json context = {{"accountId", "anonymous"},
                  {"apiId", url.id},
                  {"domainName", host.empty() ? domain : host},
                  {"domainPrefix", url.id},
                  {"http", http},
                  {"requestId", NewUuid()},
                  {"routeKey", "$default"},
                  {"stage", "$default"},
                  {"time", RequestTime(now)},
                  {"timeEpoch", static_cast<int64_t>(millis)}};
  if (config.value("AuthType", "NONE") == "AWS_IAM") {
    std::string key = AccessKeyOf(request);
    std::string account = AccountForAccessKey(key);
    context["accountId"] = account;
    context["authorizer"] = {{"iam",
                              {{"accessKey", key},
                               {"accountId", account},
                               {"callerId", key},
                               {"cognitoIdentity", nullptr},
                               {"principalOrgId", nullptr},
                               {"userArn", "arn:aws:iam::" + account + ":root"},
                               {"userId", key}}}};
  }
  json event = {{"version", "2.0"},        {"routeKey", "$default"},
                {"rawPath", url.raw_path}, {"rawQueryString", request.query},
                {"headers", headers},      {"requestContext", context},
                {"isBase64Encoded", false}};
  if (!cookies.empty()) event["cookies"] = cookies;
  if (!request.query.empty()) {
    json parameters = json::object();
    for (const auto& [name, value] : ParseQuery(request.query)) {
      if (parameters.contains(name)) {
        parameters[name] = parameters[name].get<std::string>() + "," + value;
      } else {
        parameters[name] = value;
      }
    }
    event["queryStringParameters"] = parameters;
  }
  std::string body = request.body.ReadAll();
  if (!body.empty()) {
    if (IsTextual(request.header("Content-Type"))) {
      event["body"] = body;
    } else {
      event["body"] = Base64Encode(body);
      event["isBase64Encoded"] = true;
    }
  }
  return event;
}

// CORS headers for a request from `origin` the config allows; none otherwise.
void AddCors(const json& config, std::string_view origin, bool preflight, HttpResponse& response) {
  if (!config.contains("Cors") || origin.empty()) return;
  const json& cors = config["Cors"];
  json origins = cors.value("AllowOrigins", json::array());
  bool any = std::find(origins.begin(), origins.end(), "*") != origins.end();
  bool listed = std::find(origins.begin(), origins.end(), std::string(origin)) != origins.end();
  if (!any && !listed) return;
  response.headers["Access-Control-Allow-Origin"] = listed ? std::string(origin) : "*";
  auto joined = [](const json& list) {
    std::string text;
    for (const auto& item : list) text += (text.empty() ? "" : ",") + item.get<std::string>();
    return text;
  };
  if (cors.value("AllowCredentials", false)) {
    response.headers["Access-Control-Allow-Credentials"] = "true";
  }
  if (preflight) {
    if (cors.contains("AllowMethods")) {
      response.headers["Access-Control-Allow-Methods"] = joined(cors["AllowMethods"]);
    }
    if (cors.contains("AllowHeaders")) {
      response.headers["Access-Control-Allow-Headers"] = joined(cors["AllowHeaders"]);
    }
    if (cors.contains("MaxAge")) {
      response.headers["Access-Control-Max-Age"] = std::to_string(cors["MaxAge"].get<int>());
    }
  } else if (cors.contains("ExposeHeaders")) {
    response.headers["Access-Control-Expose-Headers"] = joined(cors["ExposeHeaders"]);
  }
}

// The HTTP response for what the function returned.
HttpResponse ResponseOf(const InvocationResult& result) {
  if (!result.function_error.empty()) return Plain(502, "Internal Server Error");
  HttpResponse response;
  response.headers["Content-Type"] = "application/json";
  json value = json::parse(result.payload, nullptr, /*allow_exceptions=*/false);
  if (value.is_discarded()) {
    response.body = Body::FromString(result.payload);
    return response;
  }
  if (!value.is_object() || !value.contains("statusCode")) {
    response.body = Body::FromString(value.is_string() ? value.get<std::string>() : value.dump());
    return response;
  }
  const json& status = value["statusCode"];
  if (!status.is_number_integer() || status.get<int>() < 100 || status.get<int>() > 599) {
    return Plain(502, "Internal Server Error");
  }
  response.status = status.get<int>();
  if (value.contains("headers") && value["headers"].is_object()) {
    for (const auto& [name, header] : value["headers"].items()) {
      response.headers[name] = header.is_string() ? header.get<std::string>() : header.dump();
    }
  }
  if (value.contains("cookies") && value["cookies"].is_array()) {
    std::string cookies;
    for (const auto& cookie : value["cookies"]) {
      if (cookie.is_string()) cookies += (cookies.empty() ? "" : ", ") + cookie.get<std::string>();
    }
    if (!cookies.empty()) response.headers["Set-Cookie"] = cookies;
  }
  std::string body;
  if (value.contains("body")) {
    body = value["body"].is_string() ? value["body"].get<std::string>() : value["body"].dump();
  }
  if (value.value("isBase64Encoded", false)) {
    auto decoded = Base64Decode(body);
    if (!decoded) return Plain(502, "Internal Server Error");
    body = std::move(*decoded);
  }
  response.body = Body::FromString(std::move(body));
  return response;
}

HttpResponse Answer(const InvocationResult& result, const json& config, std::string_view origin,
                    const std::string& request_id) {
  HttpResponse response = ResponseOf(result);
  AddCors(config, origin, false, response);
  response.headers["x-amzn-RequestId"] = request_id;
  return response;
}

}  // namespace

std::optional<HttpResponse> HandleFunctionUrl(HttpRequest& request, const FunctionUrlHost& host) {
  auto url = Match(request);
  if (!url) return std::nullopt;
  std::optional<UrlTarget> target;
  if (IsUrlId(url->id)) target = LoadUrlTarget(*host.store.BeginRead(), url->id);
  if (!target) return Plain(404, "Not Found");
  auto record = LoadFunction(host.store, target->scope, target->function_name);
  std::string slot = target->qualifier.empty() ? "$LATEST" : target->qualifier;
  json config = record ? record->value("UrlConfigs", json::object()).value(slot, json::object())
                       : json::object();
  if (config.value("UrlId", "") != url->id) return Plain(404, "Not Found");
  std::string origin(request.header("Origin"));

  // A re-run after waiting: the key names the invocation this request started.
  if (request.poll_key.starts_with(kInvocationResultPrefix)) {
    std::string id = request.poll_key.substr(kInvocationResultPrefix.size());
    if (auto result = host.runtime.TakeResult(id)) return Answer(*result, config, origin, id);
    if (request.poll_deadline && *request.poll_deadline > host.clock.Now()) {
      HttpResponse response;
      response.deferral = Deferral{request.poll_key, *request.poll_deadline, host.waits.Epoch()};
      // Looked again after reading the epoch: a result that landed in between is not missed.
      if (auto result = host.runtime.TakeResult(id)) response = Answer(*result, config, origin, id);
      return response;
    }
    host.runtime.Abandon(id);
    return Plain(504, "Endpoint request timed out");
  }

  if (request.method == "OPTIONS" && !origin.empty() &&
      !request.header("Access-Control-Request-Method").empty() && config.contains("Cors")) {
    HttpResponse response;
    AddCors(config, origin, true, response);
    return response;
  }
  if (config.value("AuthType", "NONE") == "AWS_IAM" && !IsSigned(request)) {
    return Plain(403, "Forbidden");
  }

  RequestContext ctx;
  ctx.service = "lambda";
  ctx.operation = "Invoke";
  ctx.scope = target->scope;
  ctx.clock = &host.clock;
  ctx.store = &host.store;
  ctx.host = std::string(request.header("Host"));
  std::string id;
  uint64_t epoch = host.waits.Epoch();
  int timeout = 0;
  try {
    FunctionRef ref{target->function_name, target->qualifier, "", ""};
    FunctionSpec spec = SpecForInvoke(ctx, ref, *record);
    timeout = spec.timeout_seconds;
    std::string event = EventOf(request, *url, *target, config, host.clock.EpochSeconds()).dump();
    id = host.runtime.Submit(std::move(spec), std::move(event), InvocationKind::kRequestResponse);
  } catch (const AwsError& error) {
    if (error.code == "TooManyRequestsException") return Plain(429, "Rate Exceeded.");
    return Plain(error.status >= 500 ? 500 : 502, error.message);
  }
  HttpResponse response;
  response.deferral =
      Deferral{LambdaRuntime::ResultKey(id),
               host.clock.Now() + std::chrono::seconds(timeout) + kInvocationStartAllowance, epoch};
  return response;
}

}  // namespace terrarium::services::lambda
