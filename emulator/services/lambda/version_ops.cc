// Versions and aliases: PublishVersion, ListVersionsByFunction, Create/Get/Update/Delete/
// ListAliases.
// Parity notes: an alias's RoutingConfig splits invocations between its two versions at random
// by weight (Invoke reports the version that ran in X-Amz-Executed-Version). Deleting a version
// that an alias points to is allowed.
#include <algorithm>

#include "emulator/core/aws_error.h"
#include "emulator/core/ids.h"
#include "emulator/services/lambda/function_name.h"
#include "emulator/services/lambda/function_store.h"
#include "emulator/services/lambda/function_versions.h"
#include "emulator/services/lambda/lambda_ops.h"
#include "emulator/services/lambda/paging.h"

namespace terrarium::services::lambda {
namespace {

json Load(RequestContext& ctx, const json& input) {
  FunctionRef ref = ResolveFunctionName(input.at("FunctionName").get<std::string>(), ctx.scope);
  return RequireFunction(*ctx.store, ctx.scope, ref.name);
}

FunctionEdit Edit(RequestContext& ctx, const json& input) {
  FunctionRef ref = ResolveFunctionName(input.at("FunctionName").get<std::string>(), ctx.scope);
  return FunctionEdit(*ctx.store, ctx.scope, ref.name);
}

json& AliasOf(RequestContext& ctx, json& record, const std::string& name) {
  json& aliases = record["Aliases"];
  if (aliases.is_null() || !aliases.contains(name)) {
    throw AwsError(
        "ResourceNotFoundException",
        "Alias not found: " +
            FunctionArn(ctx.scope, record["Configuration"]["FunctionName"].get<std::string>(),
                        name),
        404);
  }
  return aliases[name];
}

void CheckVersionExists(RequestContext& ctx, const json& record, const std::string& version) {
  if (version != "$LATEST") ResolveQualifier(ctx, record, version);
}

}  // namespace

json PublishVersion(RequestContext& ctx, const json& input) {
  FunctionEdit edit = Edit(ctx, input);
  json& record = edit.record();
  const json& latest = record["Configuration"];
  if (input.contains("CodeSha256") && input["CodeSha256"] != latest["CodeSha256"]) {
    throw AwsError("InvalidParameterValueException",
                   "CodeSHA256 (" + input["CodeSha256"].get<std::string>() +
                       ") is different from current CodeSHA256 in $LATEST (" +
                       latest["CodeSha256"].get<std::string>() + "). Please try again");
  }
  if (input.contains("RevisionId") && input["RevisionId"] != latest["RevisionId"]) {
    ThrowRevisionMismatch();
  }
  json config = PublishLatest(ctx, record, input.value("Description", ""));
  edit.Save();
  return config;
}

json ListVersionsByFunction(RequestContext& ctx, const json& input) {
  json record = Load(ctx, input);
  json versions = json::array({record["Configuration"]});
  std::vector<std::pair<int, json>> published;
  json stored = record.value("Versions", json::object());
  for (const auto& [number, version] : stored.items()) {
    published.emplace_back(std::stoi(number), version["Configuration"]);
  }
  std::sort(published.begin(), published.end(),
            [](const auto& a, const auto& b) { return a.first < b.first; });
  for (auto& [number, config] : published) versions.push_back(std::move(config));
  return PageByIndex(versions, input, "Versions");
}

json CreateAlias(RequestContext& ctx, const json& input) {
  FunctionEdit edit = Edit(ctx, input);
  json& record = edit.record();
  std::string name = input.at("Name");
  if (record.contains("Aliases") && record["Aliases"].contains(name)) {
    throw AwsError(
        "ResourceConflictException",
        "Alias already exists: " +
            FunctionArn(ctx.scope, record["Configuration"]["FunctionName"].get<std::string>(),
                        name),
        409);
  }
  std::string version = input.at("FunctionVersion");
  CheckVersionExists(ctx, record, version);
  if (input.contains("RoutingConfig")) {
    CheckRoutingConfig(ctx, record, version, input["RoutingConfig"]);
  }
  json alias = {
      {"AliasArn",
       FunctionArn(ctx.scope, record["Configuration"]["FunctionName"].get<std::string>(), name)},
      {"Name", name},
      {"FunctionVersion", version},
      {"Description", input.value("Description", "")},
      {"RevisionId", NewUuid()}};
  if (input.contains("RoutingConfig")) alias["RoutingConfig"] = input["RoutingConfig"];
  record["Aliases"][name] = alias;
  edit.Save();
  return alias;
}

json GetAlias(RequestContext& ctx, const json& input) {
  json record = Load(ctx, input);
  return AliasOf(ctx, record, input.at("Name"));
}

json UpdateAlias(RequestContext& ctx, const json& input) {
  FunctionEdit edit = Edit(ctx, input);
  json& record = edit.record();
  json& alias = AliasOf(ctx, record, input.at("Name"));
  if (input.contains("RevisionId") && input["RevisionId"] != alias["RevisionId"]) {
    ThrowRevisionMismatch();
  }
  if (input.contains("FunctionVersion")) {
    CheckVersionExists(ctx, record, input["FunctionVersion"]);
    alias["FunctionVersion"] = input["FunctionVersion"];
  }
  if (input.contains("Description")) alias["Description"] = input["Description"];
  if (input.contains("RoutingConfig")) alias["RoutingConfig"] = input["RoutingConfig"];
  if (alias.contains("RoutingConfig")) {
    CheckRoutingConfig(ctx, record, alias["FunctionVersion"], alias["RoutingConfig"]);
  }
  alias["RevisionId"] = NewUuid();
  json output = alias;
  edit.Save();
  return output;
}

json DeleteAlias(RequestContext& ctx, const json& input) {
  FunctionEdit edit = Edit(ctx, input);
  json& record = edit.record();
  AliasOf(ctx, record, input.at("Name"));
  record["Aliases"].erase(input.at("Name").get<std::string>());
  edit.Save();
  return json::object();
}

json ListAliases(RequestContext& ctx, const json& input) {
  json record = Load(ctx, input);
  json aliases = json::array();
  json stored = record.value("Aliases", json::object());
  for (const auto& [name, alias] : stored.items()) {
    if (!input.contains("FunctionVersion") ||
        alias["FunctionVersion"] == input["FunctionVersion"]) {
      aliases.push_back(alias);
    }
  }
  return PageByIndex(aliases, input, "Aliases");
}

}  // namespace terrarium::services::lambda
