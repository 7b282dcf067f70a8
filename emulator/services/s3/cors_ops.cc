// S3 CORS preflight: OPTIONS on a bucket or object, answered from the bucket's CORS rules.
// The Access-Control-* headers of ordinary answers are added by cors_headers.cc.
#include <string>

#include "emulator/services/s3/cors_rules.h"
#include "emulator/services/s3/errors.h"
#include "emulator/services/s3/operations.h"
#include "emulator/services/s3/s3_store.h"
#include "emulator/storage/json_table.h"

namespace terrarium::services::s3 {
namespace {

using nlohmann::json;

AwsError NotAllowed() {
  return AwsError("AccessForbidden",
                  "CORSResponse: This CORS request is not allowed. This is usually because the "
                  "evalution of Origin, request method / Access-Control-Request-Method or "
                  "Access-Control-Request-Headers are not whitelisted by the resource's CORS "
                  "spec.",
                  403);
}

json Preflight(RequestContext& ctx, const json& input) {
  std::string origin = input.value("Origin", "");
  std::string method = input.value("AccessControlRequestMethod", "");
  if (origin.empty() || method.empty()) {
    throw AwsError("BadRequest", "Insufficient information. Origin request header needed.", 400);
  }
  auto txn = ctx.store->BeginRead();
  json bucket = RequireInputBucket(*txn, input);
  auto cors = storage::GetJson(*txn, kConfigTable, ConfigRow(bucket, "cors"));
  if (!cors) {
    throw AwsError("AccessForbidden", "CORSResponse: CORS is not enabled for this bucket.", 403)
        .With("Method", method)
        .With("ResourceType", input.contains("Key") ? "OBJECT" : "BUCKET");
  }
  auto grant = MatchCorsRule(*cors, origin, method, input.value("AccessControlRequestHeaders", ""));
  if (!grant) throw NotAllowed();
  json output = {{"AccessControlAllowOrigin", grant->allow_origin},
                 {"AccessControlAllowMethods", grant->allow_methods},
                 {"Vary", kCorsVary}};
  if (grant->allow_credentials) output["AccessControlAllowCredentials"] = "true";
  if (!grant->allow_headers.empty()) output["AccessControlAllowHeaders"] = grant->allow_headers;
  if (!grant->expose_headers.empty()) output["AccessControlExposeHeaders"] = grant->expose_headers;
  if (!grant->max_age.empty()) output["AccessControlMaxAge"] = grant->max_age;
  return output;
}

}  // namespace

json OptionsBucket(RequestContext& ctx, const json& input) { return Preflight(ctx, input); }
json OptionsObject(RequestContext& ctx, const json& input) { return Preflight(ctx, input); }

}  // namespace terrarium::services::s3
