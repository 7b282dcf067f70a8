// Layers: PublishLayerVersion, GetLayerVersion, GetLayerVersionByArn, ListLayerVersions,
// ListLayers, DeleteLayerVersion, Add/RemoveLayerVersionPermission, GetLayerVersionPolicy.
// Parity notes: a function's layers are merged in order into one directory per combination
// that stands in for /opt (Terrarium runs no containers, so nothing is mounted at /opt itself):
// python gets <opt>/python and <opt>/python/lib/<runtime>/site-packages on sys.path, node
// <opt>/nodejs/node_modules and <opt>/nodejs/node<major>/node_modules on NODE_PATH, every
// runtime <opt>/bin on PATH and <opt>/lib on LD_LIBRARY_PATH; TERRARIUM_LAMBDA_OPT names the
// directory. Layer permissions are recorded, never enforced. Content.Location is a URL on the
// emulator (/_terrarium/lambda-code/<sha256>.zip). A deleted version stays stored (and its zip
// counted in lambda.blob_refs) for the functions that use it.
#include <algorithm>

#include "emulator/core/aws_error.h"
#include "emulator/core/ids.h"
#include "emulator/services/lambda/code_refs.h"
#include "emulator/services/lambda/function_config.h"
#include "emulator/services/lambda/lambda_ops.h"
#include "emulator/services/lambda/layer_store.h"
#include "emulator/services/lambda/package_store.h"
#include "emulator/services/lambda/paging.h"
#include "emulator/services/lambda/policy_statements.h"

namespace terrarium::services::lambda {
namespace {

// A LayerName member: a name or a layer ARN of the caller's account and region.
std::string LayerNameOf(const RequestContext& ctx, const json& input) {
  std::string name = input.at("LayerName");
  std::string prefix = LayerArn(ctx.scope, "");
  if (name.starts_with("arn:")) {
    if (!name.starts_with(prefix) || name.size() == prefix.size()) {
      throw AwsError("InvalidParameterValueException", "Invalid layer name: " + name);
    }
    name = name.substr(prefix.size());
  }
  return name;
}

std::string VersionOf(const json& input) {
  const json& number = input.at("VersionNumber");
  return number.is_string() ? number.get<std::string>() : std::to_string(number.get<int64_t>());
}

[[noreturn]] void ThrowNotFound() {
  throw AwsError("ResourceNotFoundException", "The resource you requested does not exist.", 404);
}

// The live (not deleted) version `number` of the layer, or not found.
json RequireVersion(const RequestContext& ctx, const std::string& name, const std::string& number) {
  auto layer = LoadLayer(*ctx.store->BeginRead(), ctx.scope, name);
  if (!layer) ThrowNotFound();
  json versions = layer->value("Versions", json::object());
  if (!versions.contains(number) || versions[number].value("Deleted", false)) ThrowNotFound();
  return versions[number];
}

// What the API shows of a stored version.
json PublicLayerVersion(json version) {
  for (const char* hidden : {"CodeHex", "Policy", "Deleted"}) version.erase(hidden);
  return version;
}

json ListItem(const json& version) {
  json item = PublicLayerVersion(version);
  item.erase("Content");
  item.erase("LayerArn");
  return item;
}

bool LayerVersionMatches(const json& version, const json& input) {
  if (input.contains("CompatibleRuntime")) {
    json runtimes = version.value("CompatibleRuntimes", json::array());
    if (std::find(runtimes.begin(), runtimes.end(), input["CompatibleRuntime"]) == runtimes.end())
      return false;
  }
  if (input.contains("CompatibleArchitecture")) {
    json architectures = version.value("CompatibleArchitectures", json::array());
    if (std::find(architectures.begin(), architectures.end(), input["CompatibleArchitecture"]) ==
        architectures.end())
      return false;
  }
  return true;
}

// The live versions of a layer record, newest first.
std::vector<json> LiveVersions(const json& layer) {
  std::vector<std::pair<int, json>> numbered;
  json versions = layer.value("Versions", json::object());
  for (const auto& [number, version] : versions.items()) {
    if (!version.value("Deleted", false)) numbered.emplace_back(std::stoi(number), version);
  }
  std::sort(numbered.begin(), numbered.end(),
            [](const auto& a, const auto& b) { return a.first > b.first; });
  std::vector<json> live;
  for (auto& [number, version] : numbered) live.push_back(std::move(version));
  return live;
}

// A change to one live version, read and written back in one write transaction.
template <typename Change>
json EditVersion(RequestContext& ctx, const json& input, Change&& change) {
  std::string name = LayerNameOf(ctx, input);
  std::string number = VersionOf(input);
  auto txn = ctx.store->BeginWrite();
  auto layer = LoadLayer(*txn, ctx.scope, name);
  if (!layer || !(*layer)["Versions"].contains(number) ||
      (*layer)["Versions"][number].value("Deleted", false)) {
    ThrowNotFound();
  }
  json output = change((*layer)["Versions"][number]);
  SaveLayer(*txn, ctx.scope, *layer);
  txn->Commit();
  return output;
}

json PolicyDocument(const json& version) { return version.value("Policy", EmptyPolicy()); }

}  // namespace

json PublishLayerVersion(RequestContext& ctx, const json& input) {
  std::string name = LayerNameOf(ctx, input);
  // Stored before the write transaction: storing writes blobs.
  StoredPackage package =
      StorePackage(ctx, input.value("Content", json::object()), "PublishLayerVersion");
  auto txn = ctx.store->BeginWrite();
  KeepPackageStored(ctx, package);
  json layer =
      LoadLayer(*txn, ctx.scope, name)
          .value_or(json{{"LayerName", name}, {"NextVersion", 1}, {"Versions", json::object()}});
  json before = layer;
  int number = layer.value("NextVersion", 1);
  std::string layer_arn = LayerArn(ctx.scope, name);
  json version = {
      {"LayerArn", layer_arn},
      {"LayerVersionArn", layer_arn + ":" + std::to_string(number)},
      {"Version", number},
      {"Description", input.value("Description", "")},
      {"CreatedDate", LambdaTimestamp(ctx.clock->EpochSeconds())},
      {"Content",
       {{"Location", "http://" + ctx.host + "/_terrarium/lambda-code/" + package.hex + ".zip"},
        {"CodeSha256", package.sha256_base64},
        {"CodeSize", package.size}}},
      {"CodeHex", package.hex}};
  for (const char* member : {"CompatibleRuntimes", "CompatibleArchitectures", "LicenseInfo"}) {
    if (input.contains(member)) version[member] = input[member];
  }
  layer["Versions"][std::to_string(number)] = version;
  layer["NextVersion"] = number + 1;
  // Counted like function packages (a layer record has the same "Versions"/"CodeHex" shape), so
  // deleting an S3 object or a function with the same bytes keeps the layer's zip.
  UpdateCodeRefs(*txn, ctx.store->Blobs(), &before, &layer);
  SaveLayer(*txn, ctx.scope, layer);
  txn->Commit();
  ctx.response_status = 201;
  return PublicLayerVersion(version);
}

json GetLayerVersion(RequestContext& ctx, const json& input) {
  return PublicLayerVersion(RequireVersion(ctx, LayerNameOf(ctx, input), VersionOf(input)));
}

json GetLayerVersionByArn(RequestContext& ctx, const json& input) {
  std::string arn = input.at("Arn");
  auto ref = ParseLayerVersionArn(arn);
  if (!ref) {
    throw ValidationError("1 validation error detected: Value '" + arn +
                          "' at 'arn' failed to satisfy constraint: Member must satisfy regular "
                          "expression pattern: "
                          "(arn:(aws[a-zA-Z-]*)?:lambda:[a-z]{2}((-gov)|(-iso([a-z]?)))?-[a-z]+-"
                          "\\d{1}:\\d{12}:layer:[a-zA-Z0-9-_]+:[0-9]+)|(arn:[a-zA-Z0-9-]+:lambda:::"
                          "awslayer:[a-zA-Z0-9-_]+)");
  }
  if (ref->scope.account != ctx.scope.account || ref->scope.region != ctx.scope.region) {
    ThrowNotFound();
  }
  return PublicLayerVersion(RequireVersion(ctx, ref->name, std::to_string(ref->version)));
}

json ListLayerVersions(RequestContext& ctx, const json& input) {
  std::string name = LayerNameOf(ctx, input);
  auto layer = LoadLayer(*ctx.store->BeginRead(), ctx.scope, name);
  std::vector<json> items;
  if (layer) {
    for (const auto& version : LiveVersions(*layer)) {
      if (LayerVersionMatches(version, input)) items.push_back(ListItem(version));
    }
  }
  return PageByIndex(json(items), input, "LayerVersions");
}

json ListLayers(RequestContext& ctx, const json& input) {
  std::vector<json> items;
  for (const auto& layer : AllLayers(*ctx.store, ctx.scope)) {
    for (const auto& version : LiveVersions(layer)) {
      if (!LayerVersionMatches(version, input)) continue;
      items.push_back({{"LayerName", layer["LayerName"]},
                       {"LayerArn", version["LayerArn"]},
                       {"LatestMatchingVersion", ListItem(version)}});
      break;
    }
  }
  return PageByIndex(json(items), input, "Layers");
}

json DeleteLayerVersion(RequestContext& ctx, const json& input) {
  // Deleting a missing version succeeds, as on AWS.
  std::string name = LayerNameOf(ctx, input);
  std::string number = VersionOf(input);
  auto txn = ctx.store->BeginWrite();
  auto layer = LoadLayer(*txn, ctx.scope, name);
  if (layer && (*layer)["Versions"].contains(number)) {
    (*layer)["Versions"][number]["Deleted"] = true;
    SaveLayer(*txn, ctx.scope, *layer);
    txn->Commit();
  }
  ctx.response_status = 204;
  return json::object();
}

json AddLayerVersionPermission(RequestContext& ctx, const json& input) {
  return EditVersion(ctx, input, [&](json& version) -> json {
    json policy = PolicyDocument(version);
    if (input.contains("RevisionId") && input["RevisionId"] != policy.value("RevisionId", "")) {
      throw AwsError("PreconditionFailedException",
                     "The Revision Id provided does not match the latest Revision Id. Call the "
                     "GetLayerVersionPolicy API to retrieve the latest Revision Id",
                     412);
    }
    std::string sid = input.at("StatementId");
    CheckNewStatementId(policy, sid);
    std::string principal = input.at("Principal");
    json statement = {{"Sid", sid},
                      {"Effect", "Allow"},
                      {"Principal", principal == "*" ? json("*") : json{{"AWS", principal}}},
                      {"Action", input.at("Action")},
                      {"Resource", version["LayerVersionArn"]}};
    if (input.contains("OrganizationId")) {
      statement["Condition"] = {
          {"StringEquals", {{"aws:PrincipalOrgID", input["OrganizationId"]}}}};
    }
    policy["Statement"].push_back(statement);
    policy["RevisionId"] = NewUuid();
    version["Policy"] = policy;
    ctx.response_status = 201;
    return {{"Statement", statement.dump()}, {"RevisionId", policy["RevisionId"]}};
  });
}

json RemoveLayerVersionPermission(RequestContext& ctx, const json& input) {
  EditVersion(ctx, input, [&](json& version) -> json {
    json policy = PolicyDocument(version);
    RemoveStatement(policy, input.at("StatementId"));
    policy["RevisionId"] = NewUuid();
    version["Policy"] = policy;
    return json::object();
  });
  ctx.response_status = 204;
  return json::object();
}

json GetLayerVersionPolicy(RequestContext& ctx, const json& input) {
  json policy = PolicyDocument(RequireVersion(ctx, LayerNameOf(ctx, input), VersionOf(input)));
  if (policy["Statement"].empty()) {
    throw AwsError("ResourceNotFoundException", "No policy is associated with the given resource.",
                   404);
  }
  std::string revision = policy.value("RevisionId", "");
  policy.erase("RevisionId");
  return {{"Policy", policy.dump()}, {"RevisionId", revision}};
}

}  // namespace terrarium::services::lambda
