// Managed policies: customer managed policies with up to five versions, AWS managed policies
// (read-only, in every account), tags, and who a policy is attached to.
// Parity notes: documents are checked for well-formed JSON with a Statement, not against the full
// grammar. PolicyUsageFilter and permissions-boundary usage counts are not tracked
// (PermissionsBoundaryUsageCount is 0). ListEntitiesForPolicy answers in one page.
#include <fmt/format.h>

#include "emulator/services/iam/attached_policies.h"
#include "emulator/services/iam/entity_common.h"
#include "emulator/services/iam/iam_ids.h"
#include "emulator/services/iam/iam_ops.h"
#include "emulator/services/iam/managed_policies.h"
#include "emulator/services/iam/pagination.h"
#include "emulator/services/iam/policy_document.h"
#include "emulator/services/iam/policy_store.h"
#include "emulator/services/iam/records.h"
#include "emulator/services/iam/tags.h"

namespace terrarium::services::iam {
namespace {

using nlohmann::json;

constexpr size_t kMaxVersions = 5;
constexpr size_t kMaxPolicySize = 6144;

std::string ArnOf(const json& input) { return input.value("PolicyArn", ""); }

AwsError VersionNotFound(const std::string& arn, const std::string& version) {
  return NoSuchEntity("Policy " + arn + " version " + version +
                      " does not exist or is not attachable.");
}

// Loads the customer managed policy `arn`, lets `change` modify it, saves and commits.
json ModifyPolicy(RequestContext& ctx, const std::string& arn,
                  const std::function<void(json& policy, storage::WriteTxn& txn)>& change) {
  auto txn = ctx.store->BeginWrite();
  json policy = LoadCustomerPolicy(*txn, ctx.scope.account, arn);
  change(policy, *txn);
  SavePolicy(*txn, ctx.scope.account, policy);
  txn->Commit();
  return policy;
}

json NewVersion(RequestContext& ctx, json& policy, const std::string& document) {
  int number = policy["NextVersion"].get<int>();
  policy["NextVersion"] = number + 1;
  json version = {{"VersionId", "v" + std::to_string(number)},
                  {"Document", document},
                  {"CreateDate", ctx.clock->EpochSeconds()}};
  policy["Versions"].push_back(version);
  return version;
}

}  // namespace

json CreatePolicy(RequestContext& ctx, const json& input) {
  std::string name = input.value("PolicyName", "");
  CheckName(name, "policyName");
  std::string path = input.value("Path", "/");
  CheckPath(path, "path");
  std::string document = input.value("PolicyDocument", "");
  CheckPolicyDocument(document, DocumentKind::kPermissions);
  CheckPolicySize(document, "PolicySize", kMaxPolicySize);
  auto txn = ctx.store->BeginWrite();
  if (FindPolicyByName(*txn, ctx.scope.account, name)) {
    throw EntityAlreadyExists("A policy called " + name +
                              " already exists. Duplicate names are not allowed.");
  }
  double now = ctx.clock->EpochSeconds();
  json policy = {{"PolicyName", name},
                 {"PolicyId", NewUniqueId("ANPA")},
                 {"Arn", IamArn(ctx.scope.account, "policy", path, name)},
                 {"Path", path},
                 {"DefaultVersionId", "v1"},
                 {"CreateDate", now},
                 {"UpdateDate", now},
                 {"Tags", json::array()},
                 {"NextVersion", 1},
                 {"Versions", json::array()}};
  if (input.contains("Description")) policy["Description"] = input["Description"];
  if (input.contains("Tags")) MergeTags(policy, input["Tags"]);
  NewVersion(ctx, policy, document);
  SavePolicy(*txn, ctx.scope.account, policy);
  txn->Commit();
  return {{"Policy", PolicyOutput(policy, 0, View::kCreate)}};
}

json GetPolicy(RequestContext& ctx, const json& input) {
  std::string arn = ArnOf(input);
  auto txn = ctx.store->BeginRead();
  json policy = LoadPolicy(*txn, ctx.scope.account, arn);
  int count = AttachmentCounts(*txn, ctx.scope.account)[arn];
  return {{"Policy", PolicyOutput(policy, count, View::kFull)}};
}

json DeletePolicy(RequestContext& ctx, const json& input) {
  std::string arn = ArnOf(input);
  auto txn = ctx.store->BeginWrite();
  json policy = LoadCustomerPolicy(*txn, ctx.scope.account, arn);
  if (AttachmentCounts(*txn, ctx.scope.account)[arn] > 0) {
    throw DeleteConflict("Cannot delete a policy attached to entities.");
  }
  if (policy["Versions"].size() > 1) {
    throw DeleteConflict(
        "This policy has more than one version. Before you delete a policy, you must delete the "
        "policy's versions. The default version is deleted with the policy.");
  }
  ErasePolicy(*txn, ctx.scope.account, policy["PolicyName"].get<std::string>());
  txn->Commit();
  return json::object();
}

json ListPolicies(RequestContext& ctx, const json& input) {
  std::string scope = input.value("Scope", "All");
  std::string prefix = input.value("PathPrefix", "/");
  bool only_attached = input.value("OnlyAttached", false);
  auto txn = ctx.store->BeginRead();
  std::map<std::string, int> counts = AttachmentCounts(*txn, ctx.scope.account);
  std::vector<json> candidates;
  if (scope != "Local") candidates = AwsManagedPolicies();
  if (scope != "AWS") {
    for (auto& policy : CustomerPolicies(*txn, ctx.scope.account)) {
      candidates.push_back(std::move(policy));
    }
  }
  KeyedItems items;
  for (const auto& policy : candidates) {
    const std::string& arn = policy["Arn"].get_ref<const std::string&>();
    int count = counts.count(arn) ? counts[arn] : 0;
    if (only_attached && count == 0) continue;
    if (!policy["Path"].get<std::string>().starts_with(prefix)) continue;
    items.emplace_back(Lower(policy["PolicyName"].get<std::string>()) + "\n" + arn,
                       PolicyOutput(policy, count, View::kList));
  }
  return PageOf(std::move(items), input, "Policies");
}

json CreatePolicyVersion(RequestContext& ctx, const json& input) {
  std::string document = input.value("PolicyDocument", "");
  CheckPolicyDocument(document, DocumentKind::kPermissions);
  CheckPolicySize(document, "PolicySize", kMaxPolicySize);
  json version;
  json policy = ModifyPolicy(ctx, ArnOf(input), [&](json& p, storage::WriteTxn&) {
    if (p["Versions"].size() >= kMaxVersions) {
      throw LimitExceeded(fmt::format(
          "A managed policy can have up to {} versions. Before you create a new version, you "
          "must delete an existing version.",
          kMaxVersions));
    }
    version = NewVersion(ctx, p, document);
    if (input.value("SetAsDefault", false)) p["DefaultVersionId"] = version["VersionId"];
    p["UpdateDate"] = ctx.clock->EpochSeconds();
  });
  return {{"PolicyVersion", PolicyVersionOutput(policy, version, /*with_document=*/false)}};
}

json GetPolicyVersion(RequestContext& ctx, const json& input) {
  std::string arn = ArnOf(input);
  std::string version_id = input.value("VersionId", "");
  auto txn = ctx.store->BeginRead();
  json policy = LoadPolicy(*txn, ctx.scope.account, arn);
  const json* version = FindVersion(policy, version_id);
  if (version == nullptr) throw VersionNotFound(arn, version_id);
  return {{"PolicyVersion", PolicyVersionOutput(policy, *version, /*with_document=*/true)}};
}

json ListPolicyVersions(RequestContext& ctx, const json& input) {
  auto txn = ctx.store->BeginRead();
  json policy = LoadPolicy(*txn, ctx.scope.account, ArnOf(input));
  KeyedItems items;
  for (const auto& version : policy["Versions"]) {
    // Newest first, as IAM lists them: order by the version number, descending.
    int number = std::stoi(version["VersionId"].get<std::string>().substr(1));
    items.emplace_back(fmt::format("{:010}", 1'000'000'000 - number),
                       PolicyVersionOutput(policy, version, /*with_document=*/false));
  }
  return PageOf(std::move(items), input, "Versions");
}

json DeletePolicyVersion(RequestContext& ctx, const json& input) {
  std::string arn = ArnOf(input);
  std::string version_id = input.value("VersionId", "");
  ModifyPolicy(ctx, arn, [&](json& policy, storage::WriteTxn&) {
    if (FindVersion(policy, version_id) == nullptr) throw VersionNotFound(arn, version_id);
    if (policy["DefaultVersionId"] == version_id) {
      throw DeleteConflict("Cannot delete the default version of a policy.");
    }
    json kept = json::array();
    for (const auto& version : policy["Versions"]) {
      if (version["VersionId"] != version_id) kept.push_back(version);
    }
    policy["Versions"] = std::move(kept);
  });
  return json::object();
}

json SetDefaultPolicyVersion(RequestContext& ctx, const json& input) {
  std::string arn = ArnOf(input);
  std::string version_id = input.value("VersionId", "");
  ModifyPolicy(ctx, arn, [&](json& policy, storage::WriteTxn&) {
    if (FindVersion(policy, version_id) == nullptr) throw VersionNotFound(arn, version_id);
    policy["DefaultVersionId"] = version_id;
    policy["UpdateDate"] = ctx.clock->EpochSeconds();
  });
  return json::object();
}

json TagPolicy(RequestContext& ctx, const json& input) {
  ModifyPolicy(ctx, ArnOf(input),
               [&](json& policy, storage::WriteTxn&) { MergeTags(policy, input["Tags"]); });
  return json::object();
}

json UntagPolicy(RequestContext& ctx, const json& input) {
  ModifyPolicy(ctx, ArnOf(input),
               [&](json& policy, storage::WriteTxn&) { RemoveTags(policy, input["TagKeys"]); });
  return json::object();
}

json ListPolicyTags(RequestContext& ctx, const json& input) {
  auto txn = ctx.store->BeginRead();
  return TagsPage(LoadPolicy(*txn, ctx.scope.account, ArnOf(input)), input);
}

json ListEntitiesForPolicy(RequestContext& ctx, const json& input) {
  std::string arn = ArnOf(input);
  auto txn = ctx.store->BeginRead();
  LoadPolicy(*txn, ctx.scope.account, arn);
  return EntitiesForPolicy(*txn, ctx.scope.account, arn, input);
}

}  // namespace terrarium::services::iam
