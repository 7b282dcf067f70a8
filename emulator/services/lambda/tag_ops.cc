// Tags of functions and event source mappings (TagResource, UntagResource, ListTags).
// Parity notes: code signing configs are not taggable (ResourceNotFoundException); a qualified
// function ARN tags the function, as AWS does.
#include "emulator/core/aws_error.h"
#include "emulator/services/lambda/event_sources/mapping_store.h"
#include "emulator/services/lambda/function_name.h"
#include "emulator/services/lambda/function_store.h"
#include "emulator/services/lambda/lambda_ops.h"

namespace terrarium::services::lambda {
namespace {

// The record a Resource ARN names, and how to save it back.
struct Taggable {
  json record;
  std::optional<std::string> mapping_uuid;  // set for an event source mapping
};

Taggable Find(RequestContext& ctx, const json& input) {
  std::string resource = input.at("Resource");
  if (auto uuid = MappingUuidOfArn(resource)) {
    return {RequireMapping(*ctx.store, ctx.scope, *uuid), uuid};
  }
  FunctionRef ref = ResolveFunctionName(resource, ctx.scope);
  return {RequireFunction(*ctx.store, ctx.scope, ref.name), std::nullopt};
}

void Save(RequestContext& ctx, const Taggable& target) {
  auto txn = ctx.store->BeginWrite();
  if (target.mapping_uuid) {
    SaveMapping(*txn, ctx.scope, target.record);
  } else {
    SaveFunction(*txn, ctx.scope, target.record);
  }
  txn->Commit();
}

}  // namespace

json TagResource(RequestContext& ctx, const json& input) {
  Taggable target = Find(ctx, input);
  json tags = input.value("Tags", json::object());
  for (const auto& [key, value] : tags.items()) {
    target.record["Tags"][key] = value;
  }
  Save(ctx, target);
  return json::object();
}

json UntagResource(RequestContext& ctx, const json& input) {
  Taggable target = Find(ctx, input);
  json keys = input.value("TagKeys", json::array());
  for (const auto& key : keys) {
    if (target.record.contains("Tags")) target.record["Tags"].erase(key.get<std::string>());
  }
  Save(ctx, target);
  return json::object();
}

json ListTags(RequestContext& ctx, const json& input) {
  Taggable target = Find(ctx, input);
  return {{"Tags", target.record.value("Tags", json::object())}};
}

}  // namespace terrarium::services::lambda
