// Deployment packages as they arrive (CreateFunction, UpdateFunctionCode, PublishLayerVersion):
// a base64 ZipFile or an S3 object, checked (zip_package.h) and kept as a content-addressed
// blob of the store.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "emulator/core/request_context.h"

namespace terrarium::services::lambda {

struct StoredPackage {
  std::string hex;            // the blob's sha256, hex
  std::string sha256_base64;  // CodeSha256 as Lambda reports it
  uint64_t size = 0;
  std::string bytes;  // kept to store the blob again (KeepPackageStored)
};

// Checks and stores the zip a Code structure (ZipFile, or S3Bucket/S3Key/S3ObjectVersion)
// names; throws AwsError (InvalidParameterValueException, AWS's wording) when it cannot.
StoredPackage StorePackage(RequestContext& ctx, const nlohmann::json& code,
                           std::string_view operation);

// Called holding the write transaction that saves the record naming the package. A snapshot
// load or reset removes, inside its own transaction, the blobs only the replaced state named:
// one may have taken an identical package between StorePackage and this transaction. Blobs go
// only inside write transactions, so once this returns the package stays until the record is
// saved.
void KeepPackageStored(RequestContext& ctx, const StoredPackage& package);

}  // namespace terrarium::services::lambda
