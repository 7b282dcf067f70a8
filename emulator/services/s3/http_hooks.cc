#include "emulator/services/s3/http_hooks.h"

#include "emulator/core/url.h"
#include "emulator/services/s3/arriving_body.h"
#include "emulator/services/s3/cors_rules.h"
#include "emulator/services/s3/presigned_url.h"
#include "emulator/services/s3/s3_store.h"
#include "emulator/storage/json_table.h"

namespace terrarium::services::s3 {
namespace {

void CheckPresigned(const HttpRequest& request, const RequestContext& ctx) {
  if (!MayBePresigned(request.query)) return;
  CheckPresignedUrl(ParseQuery(request.query), ctx.clock->EpochSeconds());
}

// The bucket a path-style path names (virtual-hosted requests were rewritten to it).
std::string BucketOfPath(std::string_view path) {
  if (path.size() < 2 || path[0] != '/') return {};
  path.remove_prefix(1);
  return PercentDecode(path.substr(0, path.find('/')));
}

// As AWS: an ordinary request (not a preflight, which its operation answers) carrying Origin
// gets the Access-Control-* headers of the first CORS rule allowing its origin and method,
// on success and error alike.
void AddCorsHeaders(const HttpRequest& request, const RequestContext& ctx, HttpResponse& response) {
  std::string_view origin = request.header("Origin");
  if (origin.empty() || request.method == "OPTIONS") return;
  std::string bucket_name = BucketOfPath(request.path);
  if (bucket_name.empty()) return;
  try {
    auto txn = ctx.store->BeginRead();
    auto bucket = FindBucket(*txn, bucket_name);
    if (!bucket) return;
    auto cors = storage::GetJson(*txn, kConfigTable, ConfigRow(*bucket, "cors"));
    if (!cors) return;
    auto grant = MatchCorsRule(*cors, std::string(origin), request.method, "");
    if (!grant) return;
    Headers& headers = response.headers;
    headers["Access-Control-Allow-Origin"] = grant->allow_origin;
    headers["Access-Control-Allow-Methods"] = grant->allow_methods;
    headers["Vary"] = kCorsVary;
    if (grant->allow_credentials) headers["Access-Control-Allow-Credentials"] = "true";
    if (!grant->expose_headers.empty()) {
      headers["Access-Control-Expose-Headers"] = grant->expose_headers;
    }
    if (!grant->max_age.empty()) headers["Access-Control-Max-Age"] = grant->max_age;
  } catch (const std::exception&) {
    // The store failed to read: the answer stands without CORS headers, which a browser then
    // refuses visibly; the answer itself must not be lost to a header.
  }
}

}  // namespace

dispatch::HttpHooks MakeHttpHooks() { return {&CheckPresigned, &AddCorsHeaders, &ObserveUpload}; }

}  // namespace terrarium::services::s3
