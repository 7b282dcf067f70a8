#include "emulator/services/iam/policy_store.h"

#include "emulator/services/iam/iam_store.h"
#include "emulator/services/iam/managed_policies.h"
#include "emulator/storage/json_table.h"

namespace terrarium::services::iam {
namespace {

constexpr std::string_view kArnPrefix = "arn:aws:iam::";

}  // namespace

bool IsAwsManagedArn(std::string_view arn) { return arn.starts_with("arn:aws:iam::aws:policy/"); }

std::optional<nlohmann::json> FindPolicy(storage::ReadTxn& txn, std::string_view account,
                                         std::string_view arn) {
  if (IsAwsManagedArn(arn)) {
    const nlohmann::json* policy = FindAwsManagedPolicy(arn);
    if (policy == nullptr) return std::nullopt;
    return *policy;
  }
  // arn:aws:iam::<account>:policy<path><name>
  std::string expected_prefix = std::string(kArnPrefix) + std::string(account) + ":policy/";
  if (!arn.starts_with(expected_prefix)) return std::nullopt;
  auto policy = FindPolicyByName(txn, account, arn.substr(arn.rfind('/') + 1));
  if (!policy || (*policy)["Arn"].get_ref<const std::string&>() != arn) return std::nullopt;
  return policy;
}

nlohmann::json LoadPolicy(storage::ReadTxn& txn, std::string_view account, std::string_view arn) {
  auto policy = FindPolicy(txn, account, arn);
  if (!policy) throw NoSuchEntity("Policy " + std::string(arn) + " was not found.");
  return std::move(*policy);
}

nlohmann::json LoadCustomerPolicy(storage::ReadTxn& txn, std::string_view account,
                                  std::string_view arn) {
  nlohmann::json policy = LoadPolicy(txn, account, arn);
  if (IsAwsManagedArn(arn)) {
    throw InvalidInput("AWS-managed policies are not modifiable: " + std::string(arn));
  }
  return policy;
}

std::optional<nlohmann::json> FindPolicyByName(storage::ReadTxn& txn, std::string_view account,
                                               std::string_view name) {
  std::string key = AccountKey(account, name);
  if (name.empty() || key.size() > storage::kMaxKeyBytes) return std::nullopt;
  return storage::GetJson(txn, kPoliciesTable, key);
}

void SavePolicy(storage::WriteTxn& txn, std::string_view account, const nlohmann::json& record) {
  storage::PutJson(txn, kPoliciesTable,
                   AccountKey(account, record["PolicyName"].get<std::string>()), record);
}

void ErasePolicy(storage::WriteTxn& txn, std::string_view account, std::string_view name) {
  txn.Erase(kPoliciesTable, AccountKey(account, name));
}

std::vector<nlohmann::json> CustomerPolicies(storage::ReadTxn& txn, std::string_view account) {
  return ScanAccount(txn, kPoliciesTable, account);
}

const nlohmann::json* FindVersion(const nlohmann::json& policy, std::string_view version_id) {
  for (const auto& version : policy["Versions"]) {
    if (version["VersionId"].get_ref<const std::string&>() == version_id) return &version;
  }
  return nullptr;
}

}  // namespace terrarium::services::iam
