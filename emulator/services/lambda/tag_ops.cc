// Tags of functions (TagResource, UntagResource, ListTags).
// Parity notes: only function ARNs are taggable so far (event source mappings and code signing
// configs answer ResourceNotFoundException); a qualified ARN tags the function, as AWS does.
#include "emulator/core/aws_error.h"
#include "emulator/services/lambda/function_name.h"
#include "emulator/services/lambda/function_store.h"
#include "emulator/services/lambda/lambda_ops.h"

namespace terrarium::services::lambda {
namespace {

std::string FunctionOf(const RequestContext& ctx, const json& input) {
  std::string resource = input.at("Resource");
  FunctionRef ref = ResolveFunctionName(resource, ctx.scope);
  return ref.name;
}

}  // namespace

json TagResource(RequestContext& ctx, const json& input) {
  std::string name = FunctionOf(ctx, input);
  json record = RequireFunction(*ctx.store, ctx.scope, name);
  json tags = input.value("Tags", json::object());
  for (const auto& [key, value] : tags.items()) {
    record["Tags"][key] = value;
  }
  auto txn = ctx.store->BeginWrite();
  SaveFunction(*txn, ctx.scope, record);
  txn->Commit();
  return json::object();
}

json UntagResource(RequestContext& ctx, const json& input) {
  std::string name = FunctionOf(ctx, input);
  json record = RequireFunction(*ctx.store, ctx.scope, name);
  json keys = input.value("TagKeys", json::array());
  for (const auto& key : keys) {
    if (record.contains("Tags")) record["Tags"].erase(key.get<std::string>());
  }
  auto txn = ctx.store->BeginWrite();
  SaveFunction(*txn, ctx.scope, record);
  txn->Commit();
  return json::object();
}

json ListTags(RequestContext& ctx, const json& input) {
  std::string name = FunctionOf(ctx, input);
  json record = RequireFunction(*ctx.store, ctx.scope, name);
  return {{"Tags", record.value("Tags", json::object())}};
}

}  // namespace terrarium::services::lambda
