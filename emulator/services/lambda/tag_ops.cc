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

// Changes the tags of the record a Resource ARN names, reading and writing it back in one write
// transaction so that a concurrent change to the same record is never lost.
template <typename Change>
void EditTags(RequestContext& ctx, const json& input, Change&& change) {
  std::string resource = input.at("Resource");
  if (auto uuid = MappingUuidOfArn(resource)) {
    auto txn = ctx.store->BeginWrite();
    auto record = LoadMapping(*txn, ctx.scope, *uuid);
    if (!record) {
      txn.reset();
      RequireMapping(*ctx.store, ctx.scope, *uuid);  // throws AWS's not-found error
    }
    change((*record)["Tags"]);
    SaveMapping(*txn, ctx.scope, *record);
    txn->Commit();
    return;
  }
  FunctionRef ref = ResolveFunctionName(resource, ctx.scope);
  FunctionEdit edit(*ctx.store, ctx.scope, ref.name);
  change(edit.record()["Tags"]);
  edit.Save();
}

}  // namespace

json TagResource(RequestContext& ctx, const json& input) {
  json tags = input.value("Tags", json::object());
  EditTags(ctx, input, [&](json& stored) {
    for (const auto& [key, value] : tags.items()) stored[key] = value;
  });
  return json::object();
}

json UntagResource(RequestContext& ctx, const json& input) {
  json keys = input.value("TagKeys", json::array());
  EditTags(ctx, input, [&](json& stored) {
    if (stored.is_null()) stored = json::object();
    for (const auto& key : keys) stored.erase(key.get<std::string>());
  });
  return json::object();
}

json ListTags(RequestContext& ctx, const json& input) {
  std::string resource = input.at("Resource");
  json record;
  if (auto uuid = MappingUuidOfArn(resource)) {
    record = RequireMapping(*ctx.store, ctx.scope, *uuid);
  } else {
    record = RequireFunction(*ctx.store, ctx.scope, ResolveFunctionName(resource, ctx.scope).name);
  }
  return {{"Tags", record.value("Tags", json::object())}};
}

}  // namespace terrarium::services::lambda
