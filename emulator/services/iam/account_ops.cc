// The account: its alias and the summary of what it holds.
// Parity notes: an account has at most one alias, as in IAM, but aliases are not checked for
// uniqueness across accounts. GetAccountSummary counts what this emulator models; quotas are
// AWS's defaults, and counts of unmodelled entities (MFA devices, providers, ...) are 0.
#include <cctype>

#include "emulator/services/iam/attached_policies.h"
#include "emulator/services/iam/iam_ops.h"
#include "emulator/services/iam/policy_store.h"
#include "emulator/storage/json_table.h"

namespace terrarium::services::iam {
namespace {

using nlohmann::json;

void CheckAlias(const std::string& alias) {
  bool valid =
      alias.size() >= 3 && alias.size() <= 63 && alias.front() != '-' && alias.back() != '-';
  for (unsigned char c : alias) valid = valid && (std::islower(c) || std::isdigit(c) || c == '-');
  if (!valid) {
    throw AwsError("ValidationError",
                   "1 validation error detected: Value '" + alias +
                       "' at 'accountAlias' failed to satisfy constraint: Member must satisfy "
                       "regular expression pattern: ^[a-z0-9]([a-z0-9]|-(?!-)){1,61}[a-z0-9]$",
                   400);
  }
}

}  // namespace

json ListAccountAliases(RequestContext& ctx, const json&) {
  auto alias = ctx.store->BeginRead()->Get(kAccountAliasesTable, ctx.scope.account);
  json aliases = json::array();
  if (alias) aliases.push_back(*alias);
  return {{"AccountAliases", aliases}, {"IsTruncated", false}};
}

json CreateAccountAlias(RequestContext& ctx, const json& input) {
  std::string alias = input.value("AccountAlias", "");
  CheckAlias(alias);
  auto txn = ctx.store->BeginWrite();
  txn->Put(kAccountAliasesTable, ctx.scope.account, alias);
  txn->Commit();
  return json::object();
}

json DeleteAccountAlias(RequestContext& ctx, const json& input) {
  std::string alias = input.value("AccountAlias", "");
  auto txn = ctx.store->BeginWrite();
  auto current = txn->Get(kAccountAliasesTable, ctx.scope.account);
  if (!current || *current != alias) {
    throw NoSuchEntity("The account alias " + alias + " cannot be found.");
  }
  txn->Erase(kAccountAliasesTable, ctx.scope.account);
  txn->Commit();
  return json::object();
}

json GetAccountSummary(RequestContext& ctx, const json&) {
  auto txn = ctx.store->BeginRead();
  const std::string& account = ctx.scope.account;
  auto count = [&](const char* table) {
    return static_cast<int>(ScanAccount(*txn, table, account).size());
  };
  int attached = 0;
  for (const auto& [arn, n] : AttachmentCounts(*txn, account)) attached += n > 0 ? 1 : 0;
  return {{"SummaryMap",
           {{"Users", count(kUser.table)},
            {"UsersQuota", 5000},
            {"Groups", count(kGroup.table)},
            {"GroupsQuota", 300},
            {"Roles", count(kRole.table)},
            {"RolesQuota", 1000},
            {"InstanceProfiles", count(kInstanceProfile.table)},
            {"InstanceProfilesQuota", 1000},
            {"Policies", count(kPoliciesTable)},
            {"PoliciesQuota", 1500},
            {"AttachedPoliciesPerRoleQuota", 10},
            {"AttachedPoliciesPerUserQuota", 10},
            {"AttachedPoliciesPerGroupQuota", 10},
            {"PolicyVersionsInUse", attached},
            {"PolicyVersionsInUseQuota", 10000},
            {"VersionsPerPolicyQuota", 5},
            {"PolicySizeQuota", 6144},
            {"AccessKeysPerUserQuota", 2},
            {"GroupsPerUserQuota", 10},
            {"ServerCertificates", 0},
            {"ServerCertificatesQuota", 20},
            {"MFADevices", 0},
            {"MFADevicesInUse", 0},
            {"Providers", 0},
            {"SigningCertificatesPerUserQuota", 2},
            {"UserPolicySizeQuota", 2048},
            {"RolePolicySizeQuota", 10240},
            {"GroupPolicySizeQuota", 5120},
            {"AccountMFAEnabled", 0},
            {"AccountAccessKeysPresent", 0},
            {"AccountSigningCertificatesPresent", 0},
            {"GlobalEndpointTokenVersion", 1}}}};
}

}  // namespace terrarium::services::iam
