#include "emulator/services/lambda/package_store.h"

#include "emulator/core/aws_error.h"
#include "emulator/core/encoding.h"
#include "emulator/services/lambda/zip_package.h"
#include "emulator/storage/store.h"

namespace terrarium::services::lambda {
namespace {

using nlohmann::json;

// Reads the zip a Code structure names in S3 (S3Bucket, S3Key, S3ObjectVersion), through the
// S3 API so that a missing bucket, key or version answers as AWS does.
std::string ReadPackageFromS3(RequestContext& ctx, const json& code) {
  if (!code.contains("S3Bucket") || !code.contains("S3Key")) {
    throw AwsError("InvalidParameterValueException", "Please provide a source for function code.");
  }
  json request = {{"Bucket", code["S3Bucket"]}, {"Key", code["S3Key"]}};
  if (code.contains("S3ObjectVersion")) request["VersionId"] = code["S3ObjectVersion"];
  Body body;
  try {
    if (ctx.invoker == nullptr) throw InternalError("no in-process invoker");
    ctx.invoker->Invoke("s3", "GetObject", request, ctx.scope, {.request = {}, .response = &body});
  } catch (const AwsError& error) {
    throw AwsError("InvalidParameterValueException",
                   "Error occurred while GetObject. S3 Error Code: " + error.code +
                       ". S3 Error Message: " + error.message);
  }
  if (body.size() > kMaxUnzippedBytes) {
    throw AwsError(
        "InvalidParameterValueException",
        "Unzipped size must be smaller than " + std::to_string(kMaxUnzippedBytes) + " bytes");
  }
  return body.ReadAll();
}

}  // namespace

StoredPackage StorePackage(RequestContext& ctx, const json& code, std::string_view operation) {
  if (code.contains("ImageUri")) {
    throw AwsError("InvalidParameterValueException",
                   "Terrarium runs Zip packages only; container images are not supported");
  }
  std::string bytes;
  uint64_t arrived_bytes = 0;
  if (code.contains("ZipFile")) {
    std::string encoded = code["ZipFile"];
    auto decoded = Base64Decode(encoded);
    if (!decoded) {
      throw AwsError("InvalidParameterValueException", "Could not decode ZipFile as base64");
    }
    bytes = std::move(*decoded);
    arrived_bytes = encoded.size();
  } else {
    bytes = ReadPackageFromS3(ctx, code);
  }
  InspectPackage(bytes, arrived_bytes, operation);
  StoredPackage package;
  package.hex = ctx.store->Blobs().PutBytes(bytes);
  package.sha256_base64 = Base64Encode(Sha256(bytes));
  package.size = bytes.size();
  package.bytes = std::move(bytes);
  return package;
}

void KeepPackageStored(RequestContext& ctx, const StoredPackage& package) {
  if (!ctx.store->Blobs().Exists(package.hex)) ctx.store->Blobs().PutBytes(package.bytes);
}

}  // namespace terrarium::services::lambda
