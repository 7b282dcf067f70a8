#include "emulator/core/router.h"

#include <array>
#include <cctype>
#include <optional>

#include "emulator/core/ids.h"
#include "emulator/core/sigv4.h"
#include "emulator/core/url.h"

namespace terrarium {
namespace {

// Signing names and X-Amz-Target prefixes of the services Terrarium serves.
constexpr std::array<std::pair<std::string_view, std::string_view>, 7> kSigningNames{{
    {"s3", "s3"},
    {"dynamodb", "dynamodb"},
    {"sqs", "sqs"},
    {"lambda", "lambda"},
    {"iam", "iam"},
    {"sts", "sts"},
    {"cloudformation", "cloudformation"},
}};
constexpr std::array<std::pair<std::string_view, std::string_view>, 3> kTargetPrefixes{{
    {"DynamoDB_20120810", "dynamodb"},
    {"DynamoDBStreams_20120810", "dynamodbstreams"},
    {"AmazonSQS", "sqs"},
}};
// Query protocol services, told apart by the Version parameter their clients always send.
constexpr std::array<std::pair<std::string_view, std::string_view>, 4> kQueryVersions{{
    {"2012-11-05", "sqs"},
    {"2010-05-08", "iam"},
    {"2011-06-15", "sts"},
    {"2010-05-15", "cloudformation"},
}};
// First labels of hosts such as sqs.us-east-1.amazonaws.com.
constexpr std::array<std::pair<std::string_view, std::string_view>, 6> kHostPrefixes{{
    {"sqs", "sqs"},
    {"dynamodb", "dynamodb"},
    {"streams", "dynamodbstreams"},
    {"lambda", "lambda"},
    {"iam", "iam"},
    {"sts", "sts"},
}};

template <size_t N>
std::string_view Lookup(const std::array<std::pair<std::string_view, std::string_view>, N>& table,
                        std::string_view key) {
  for (const auto& [name, service] : table) {
    if (name == key) return service;
  }
  return {};
}

std::optional<CredentialScope> FindCredentials(const HttpRequest& request,
                                               const QueryParams& query) {
  if (auto auth = request.header("Authorization"); !auth.empty()) {
    if (auto scope = ParseAuthorizationHeader(auth)) return scope;
  }
  if (const auto* credential = FindParam(query, "X-Amz-Credential")) {
    if (auto scope = ParseCredential(*credential)) return scope;
  }
  if (const auto* key = FindParam(query, "AWSAccessKeyId")) {
    return CredentialScope{*key, "", "", ""};
  }
  return std::nullopt;
}

std::string_view TargetService(std::string_view target) {
  return Lookup(kTargetPrefixes, target.substr(0, target.find('.')));
}

bool IsFormPost(const HttpRequest& request) {
  return request.method == "POST" &&
         request.header("Content-Type").starts_with("application/x-www-form-urlencoded") &&
         !request.body.in_file();
}

std::string_view QueryService(const HttpRequest& request, const QueryParams& query,
                              bool& read_form_body) {
  const std::string* version = FindParam(query, "Version");
  const std::string* action = FindParam(query, "Action");
  QueryParams form;
  if ((version == nullptr || action == nullptr) && IsFormPost(request)) {
    read_form_body = true;
    form = ParseQuery(request.body.data());
    if (version == nullptr) version = FindParam(form, "Version");
    if (action == nullptr) action = FindParam(form, "Action");
  }
  if (action == nullptr || version == nullptr) return {};
  return Lookup(kQueryVersions, *version);
}

std::string_view HostWithoutPort(std::string_view host) {
  if (host.starts_with('[')) return host.substr(0, host.find(']') + 1);
  return host.substr(0, host.rfind(':') == std::string_view::npos ? host.size() : host.rfind(':'));
}

// "<bucket>.s3.<anything>" -> bucket, "s3.<anything>" -> "" (both S3); nullopt if not S3.
std::optional<std::string> S3HostBucket(std::string_view host) {
  if (host.starts_with("s3.") || host.starts_with("s3-")) return std::string{};
  auto pos = host.find(".s3.");
  if (pos == std::string_view::npos) pos = host.find(".s3-");
  if (pos == std::string_view::npos || pos == 0) return std::nullopt;
  return std::string(host.substr(0, pos));
}

bool IsLambdaPath(std::string_view path) {
  // /2015-03-31/functions..., /2020-06-30/functions/.../code-signing-config, /2018-10-31/layers...
  if (path.size() < 12 || path[0] != '/' || path[11] != '/') return false;
  for (size_t i : {1, 2, 3, 4, 6, 7, 9, 10}) {
    if (!std::isdigit(static_cast<unsigned char>(path[i]))) return false;
  }
  std::string_view rest = path.substr(12);
  for (std::string_view resource : {"functions", "event-source-mappings", "layers", "tags",
                                    "account-settings", "code-signing-configs"}) {
    if (rest.starts_with(resource)) return true;
  }
  return false;
}

}  // namespace

Route RouteRequest(const HttpRequest& request) {
  Route route;
  QueryParams query = ParseQuery(request.query);
  std::optional<CredentialScope> credentials = FindCredentials(request, query);
  if (credentials) {
    route.access_key = credentials->access_key;
    route.scope.account = AccountForAccessKey(credentials->access_key);
    if (!credentials->region.empty()) route.scope.region = credentials->region;
  }
  std::string_view host = HostWithoutPort(request.header("Host"));
  std::optional<std::string> host_bucket = S3HostBucket(host);
  std::string_view target = request.header("X-Amz-Target");

  std::string_view service;
  if (credentials) {
    service = Lookup(kSigningNames, credentials->service);
    if (service == "dynamodb" && TargetService(target) == "dynamodbstreams") {
      service = "dynamodbstreams";
    }
  }
  if (service.empty() && !target.empty()) service = TargetService(target);
  if (service.empty()) service = QueryService(request, query, route.read_form_body);
  if (service.empty() && host_bucket) service = "s3";
  if (service.empty()) service = Lookup(kHostPrefixes, host.substr(0, host.find('.')));
  if (service.empty() && IsLambdaPath(request.path)) service = "lambda";
  if (service.empty() && credentials && !credentials->service.empty()) {
    // Signed for a service Terrarium does not serve: say so rather than answer as S3.
    route.service = credentials->service;
    return route;
  }
  route.service = service.empty() ? "s3" : std::string(service);
  if (route.service == "s3" && host_bucket) route.host_bucket = *host_bucket;
  return route;
}

}  // namespace terrarium
