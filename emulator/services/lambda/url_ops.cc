// Function URL configs: Create, Get, Update, Delete, ListFunctionUrlConfigs. The URL itself is
// served by HandleFunctionUrl (function_url.cc).
// Parity notes: URLs are http://<id>.lambda-url.<region>.localhost:<port>/ (and the path form
// http://localhost:<port>/_terrarium/lambda-url/<id>/, for clients that cannot resolve
// *.localhost); AWS_IAM URLs accept any SigV4-signed request without checking the signature
// or the caller's permissions; InvokeMode RESPONSE_STREAM answers buffered.
#include "emulator/core/aws_error.h"
#include "emulator/services/lambda/function_config.h"
#include "emulator/services/lambda/function_name.h"
#include "emulator/services/lambda/function_store.h"
#include "emulator/services/lambda/function_url_index.h"
#include "emulator/services/lambda/function_versions.h"
#include "emulator/services/lambda/lambda_ops.h"
#include "emulator/services/lambda/paging.h"

namespace terrarium::services::lambda {
namespace {

struct UrlOwner {
  FunctionRef ref;
  std::string slot;  // "$LATEST" or an alias
};

UrlOwner TargetOf(RequestContext& ctx, const json& input) {
  UrlOwner target{ResolveFunctionName(input.at("FunctionName").get<std::string>(), ctx.scope,
                                      input.value("Qualifier", "")),
                  ""};
  const std::string& qualifier = target.ref.qualifier;
  if (IsVersionNumber(qualifier) || qualifier == "$LATEST") {
    throw AwsError("InvalidParameterValueException",
                   "Function URLs can be attached to an alias or to the unqualified function, "
                   "not to version " +
                       qualifier);
  }
  target.slot = qualifier.empty() ? "$LATEST" : qualifier;
  return target;
}

void CheckUrlConfigMembers(const json& input) {
  if (input.contains("AuthType")) {
    std::string auth = input["AuthType"];
    if (auth != "NONE" && auth != "AWS_IAM") {
      throw ValidationError("1 validation error detected: Value '" + auth +
                            "' at 'authType' failed to satisfy constraint: Member must satisfy "
                            "enum value set: [NONE, AWS_IAM]");
    }
  }
  if (input.contains("InvokeMode")) {
    std::string mode = input["InvokeMode"];
    if (mode != "BUFFERED" && mode != "RESPONSE_STREAM") {
      throw ValidationError("1 validation error detected: Value '" + mode +
                            "' at 'invokeMode' failed to satisfy constraint: Member must satisfy "
                            "enum value set: [BUFFERED, RESPONSE_STREAM]");
    }
  }
}

// What the API shows of a stored config.
json PublicUrlConfig(json config) {
  config.erase("UrlId");
  return config;
}

[[noreturn]] void ThrowNoUrl() {
  throw AwsError("ResourceNotFoundException", "The resource you requested does not exist.", 404);
}

}  // namespace

json CreateFunctionUrlConfig(RequestContext& ctx, const json& input) {
  CheckUrlConfigMembers(input);
  UrlOwner target = TargetOf(ctx, input);
  FunctionEdit edit(*ctx.store, ctx.scope, target.ref.name);
  json& record = edit.record();
  if (target.slot != "$LATEST") ResolveQualifier(ctx, record, target.slot);  // must exist
  json& configs = record["UrlConfigs"];
  if (configs.is_null()) configs = json::object();
  std::string arn =
      FunctionArn(ctx.scope, target.ref.name, target.slot == "$LATEST" ? "" : target.slot);
  if (configs.contains(target.slot)) {
    throw AwsError("ResourceConflictException",
                   "Failed to create function url config for [functionArn = " + arn +
                       "]. Error message:  FunctionUrlConfig exists for this Lambda function",
                   409);
  }
  std::string id = NewUrlId();
  std::string now = LambdaTimestamp(ctx.clock->EpochSeconds());
  json config = {{"FunctionUrl", FunctionUrlOf(id, ctx.scope.region, ctx.host)},
                 {"FunctionArn", arn},
                 {"AuthType", input.at("AuthType")},
                 {"InvokeMode", input.value("InvokeMode", "BUFFERED")},
                 {"CreationTime", now},
                 {"LastModifiedTime", now},
                 {"UrlId", id}};
  if (input.contains("Cors")) config["Cors"] = input["Cors"];
  configs[target.slot] = config;
  SaveUrlTarget(edit.txn(), id,
                {ctx.scope, target.ref.name, target.slot == "$LATEST" ? "" : target.slot});
  edit.Save();
  ctx.response_status = 201;
  json output = PublicUrlConfig(config);
  output.erase("LastModifiedTime");
  return output;
}

json GetFunctionUrlConfig(RequestContext& ctx, const json& input) {
  UrlOwner target = TargetOf(ctx, input);
  json record = RequireFunction(*ctx.store, ctx.scope, target.ref.name);
  json configs = record.value("UrlConfigs", json::object());
  if (!configs.contains(target.slot)) ThrowNoUrl();
  return PublicUrlConfig(configs[target.slot]);
}

json UpdateFunctionUrlConfig(RequestContext& ctx, const json& input) {
  CheckUrlConfigMembers(input);
  UrlOwner target = TargetOf(ctx, input);
  FunctionEdit edit(*ctx.store, ctx.scope, target.ref.name);
  json& configs = edit.record()["UrlConfigs"];
  if (configs.is_null() || !configs.contains(target.slot)) ThrowNoUrl();
  json& config = configs[target.slot];
  for (const char* member : {"AuthType", "Cors", "InvokeMode"}) {
    if (input.contains(member)) config[member] = input[member];
  }
  config["LastModifiedTime"] = LambdaTimestamp(ctx.clock->EpochSeconds());
  json output = PublicUrlConfig(config);
  edit.Save();
  return output;
}

json DeleteFunctionUrlConfig(RequestContext& ctx, const json& input) {
  UrlOwner target = TargetOf(ctx, input);
  FunctionEdit edit(*ctx.store, ctx.scope, target.ref.name);
  json& configs = edit.record()["UrlConfigs"];
  if (configs.is_null() || !configs.contains(target.slot)) ThrowNoUrl();
  EraseUrlTarget(edit.txn(), configs[target.slot].value("UrlId", ""));
  configs.erase(target.slot);
  edit.Save();
  ctx.response_status = 204;
  return json::object();
}

json ListFunctionUrlConfigs(RequestContext& ctx, const json& input) {
  FunctionRef ref = ResolveFunctionName(input.at("FunctionName").get<std::string>(), ctx.scope);
  json record = RequireFunction(*ctx.store, ctx.scope, ref.name);
  json stored = record.value("UrlConfigs", json::object());
  json configs = json::array();
  for (const auto& [slot, config] : stored.items()) configs.push_back(PublicUrlConfig(config));
  return PageByIndex(configs, input, "FunctionUrlConfigs");
}

// The URL index entries of a function being deleted.
void EraseFunctionUrls(storage::WriteTxn& txn, const json& record) {
  json configs = record.value("UrlConfigs", json::object());
  for (const auto& [slot, config] : configs.items()) EraseUrlTarget(txn, config.value("UrlId", ""));
}

}  // namespace terrarium::services::lambda
