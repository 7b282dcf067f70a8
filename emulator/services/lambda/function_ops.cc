// Functions: create, read, update, delete, list.
// Parity notes: a function is Active and its update Successful as soon as the call returns
// (AWS passes through Pending/InProgress; waiters accept either). Code comes as ZipFile or from
// S3 (S3Bucket/S3Key/S3ObjectVersion, read through the S3 API); container images answer
// InvalidParameterValueException. Code.Location is
// a URL on the emulator itself (/_terrarium/lambda-code/<sha256>.zip), not a presigned S3 URL.
// Layers must exist (PublishLayerVersion) and are unpacked for the environments (see
// layer_ops.cc for where).
#include <nlohmann/json.hpp>

#include "emulator/core/aws_error.h"
#include "emulator/core/encoding.h"
#include "emulator/services/lambda/code_refs.h"
#include "emulator/services/lambda/function_config.h"
#include "emulator/services/lambda/function_name.h"
#include "emulator/services/lambda/function_store.h"
#include "emulator/services/lambda/function_versions.h"
#include "emulator/services/lambda/lambda_ops.h"
#include "emulator/services/lambda/package_store.h"

namespace terrarium::services::lambda {
namespace {

constexpr size_t kDefaultFunctionListItems = 50;

void SetCode(json& record, const StoredPackage& package) {
  record["CodeHex"] = package.hex;
  record["Configuration"]["CodeSha256"] = package.sha256_base64;
  record["Configuration"]["CodeSize"] = package.size;
}

void CheckRevision(const json& config, const json& input) {
  if (input.contains("RevisionId") && input["RevisionId"] != config["RevisionId"]) {
    ThrowRevisionMismatch();
  }
}

std::string CodeLocation(const RequestContext& ctx, const std::string& hex) {
  return "http://" + ctx.host + "/_terrarium/lambda-code/" + hex + ".zip";
}

}  // namespace

json CreateFunction(RequestContext& ctx, const json& input) {
  FunctionRef ref = ResolveFunctionName(input.at("FunctionName").get<std::string>(), ctx.scope);
  if (!ref.qualifier.empty()) {
    throw AwsError("InvalidParameterValueException", "Unsupported function name with qualifier");
  }
  if (input.value("PackageType", "Zip") == "Image") {
    throw AwsError("InvalidParameterValueException",
                   "Terrarium runs Zip packages only; container images are not supported");
  }
  json record = {{"Configuration", NewConfiguration(ctx, ref.name, input)},
                 {"Tags", input.value("Tags", json::object())}};
  if (LoadFunction(*ctx.store, ctx.scope, ref.name)) {
    throw AwsError("ResourceConflictException", "Function already exist: " + ref.name, 409);
  }
  StoredPackage package = StorePackage(ctx, input.value("Code", json::object()), "CreateFunction");
  SetCode(record, package);
  if (input.value("Publish", false)) PublishLatest(ctx, record, "");
  auto txn = ctx.store->BeginWrite();
  if (LoadFunction(*txn, ctx.scope, ref.name)) {
    throw AwsError("ResourceConflictException", "Function already exist: " + ref.name, 409);
  }
  KeepPackageStored(ctx, package);
  UpdateCodeRefs(*txn, ctx.store->Blobs(), nullptr, &record);
  SaveFunction(*txn, ctx.scope, record);
  txn->Commit();
  return record["Configuration"];
}

json GetFunction(RequestContext& ctx, const json& input) {
  FunctionRef ref = ResolveFunctionName(input.at("FunctionName").get<std::string>(), ctx.scope,
                                        input.value("Qualifier", ""));
  json record = RequireFunction(*ctx.store, ctx.scope, ref.name);
  ResolvedFunction resolved = ResolveQualifier(ctx, record, ref.qualifier);
  json output = {
      {"Configuration", resolved.config},
      {"Code", {{"RepositoryType", "S3"}, {"Location", CodeLocation(ctx, resolved.code_hex)}}}};
  if (!record.value("Tags", json::object()).empty()) output["Tags"] = record["Tags"];
  if (int reserved = ReservedConcurrencyOf(record); reserved >= 0) {
    output["Concurrency"] = {{"ReservedConcurrentExecutions", reserved}};
  }
  return output;
}

json GetFunctionConfiguration(RequestContext& ctx, const json& input) {
  FunctionRef ref = ResolveFunctionName(input.at("FunctionName").get<std::string>(), ctx.scope,
                                        input.value("Qualifier", ""));
  json record = RequireFunction(*ctx.store, ctx.scope, ref.name);
  return ResolveQualifier(ctx, record, ref.qualifier).config;
}

json UpdateFunctionCode(RequestContext& ctx, const json& input, LambdaRuntime& runtime) {
  FunctionRef ref = ResolveFunctionName(input.at("FunctionName").get<std::string>(), ctx.scope);
  CheckRevision(RequireFunction(*ctx.store, ctx.scope, ref.name)["Configuration"], input);
  // Stored before the edit: storing may write (blobs) and the edit holds the write transaction.
  StoredPackage package = StorePackage(ctx, input, "UpdateFunctionCode");
  FunctionEdit edit(*ctx.store, ctx.scope, ref.name);
  json& record = edit.record();
  CheckRevision(record["Configuration"], input);
  KeepPackageStored(ctx, package);
  SetCode(record, package);
  if (input.contains("Architectures"))
    record["Configuration"]["Architectures"] = input["Architectures"];
  Touch(record["Configuration"], ctx.clock->EpochSeconds());
  if (input.value("DryRun", false)) return record["Configuration"];
  json output = record["Configuration"];
  if (input.value("Publish", false)) output = PublishLatest(ctx, record, "");
  edit.Save();
  runtime.Retire(record["Configuration"]["FunctionArn"]);
  return output;
}

json UpdateFunctionConfiguration(RequestContext& ctx, const json& input, LambdaRuntime& runtime) {
  FunctionRef ref = ResolveFunctionName(input.at("FunctionName").get<std::string>(), ctx.scope);
  FunctionEdit edit(*ctx.store, ctx.scope, ref.name);
  json& record = edit.record();
  CheckRevision(record["Configuration"], input);
  ApplyConfigurationUpdate(ctx, record["Configuration"], input);
  Touch(record["Configuration"], ctx.clock->EpochSeconds());
  edit.Save();
  runtime.Retire(record["Configuration"]["FunctionArn"]);
  return record["Configuration"];
}

json DeleteFunction(RequestContext& ctx, const json& input, LambdaRuntime& runtime) {
  FunctionRef ref = ResolveFunctionName(input.at("FunctionName").get<std::string>(), ctx.scope,
                                        input.value("Qualifier", ""));
  auto txn = ctx.store->BeginWrite();
  auto record = LoadFunction(*txn, ctx.scope, ref.name);
  if (!record) {
    ThrowFunctionNotFound(ctx.scope, ref.name);
  }
  if (IsVersionNumber(ref.qualifier)) {
    // Deleting one published version keeps the function.
    if (!record->contains("Versions") || !(*record)["Versions"].contains(ref.qualifier)) {
      ThrowFunctionNotFound(ctx.scope, ref.name, ref.qualifier);
    }
    json before = *record;
    (*record)["Versions"].erase(ref.qualifier);
    UpdateCodeRefs(*txn, ctx.store->Blobs(), &before, &*record);
    SaveFunction(*txn, ctx.scope, *record);
  } else if (!ref.qualifier.empty() && ref.qualifier != "$LATEST") {
    throw AwsError("InvalidParameterValueException",
                   "Deletion of aliases is not supported by DeleteFunction; use DeleteAlias");
  } else {
    EraseFunctionUrls(*txn, *record);
    UpdateCodeRefs(*txn, ctx.store->Blobs(), &*record, nullptr);
    EraseFunction(*txn, ctx.scope, ref.name);
  }
  txn->Commit();
  runtime.Retire(FunctionArn(ctx.scope, ref.name));
  ctx.response_status = 204;
  return json::object();
}

json ListFunctions(RequestContext& ctx, const json& input) {
  size_t limit = kDefaultFunctionListItems;
  if (input.contains("MaxItems")) limit = static_cast<size_t>(input["MaxItems"].get<int>());
  std::string marker = input.value("Marker", "");
  // One more than asked, to know whether there is a next page.
  auto records = ListFunctionRecords(*ctx.store, ctx.scope, marker, limit + 1);
  json output = {{"Functions", json::array()}};
  for (size_t i = 0; i < records.size() && i < limit; ++i) {
    output["Functions"].push_back(records[i]["Configuration"]);
  }
  if (records.size() > limit) {
    output["NextMarker"] = records[limit - 1]["Configuration"]["FunctionName"];
  }
  return output;
}

json GetFunctionCodeSigningConfig(RequestContext& ctx, const json& input) {
  FunctionRef ref = ResolveFunctionName(input.at("FunctionName").get<std::string>(), ctx.scope);
  RequireFunction(*ctx.store, ctx.scope, ref.name);
  return {{"CodeSigningConfigArn", ""}, {"FunctionName", ref.name}};
}

}  // namespace terrarium::services::lambda
