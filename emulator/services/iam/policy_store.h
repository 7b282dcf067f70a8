// Managed policies by ARN: the account's customer managed policies (in the store) and AWS's
// (managed_policies.h). Records: PolicyName, PolicyId, Arn, Path, Description, DefaultVersionId,
// CreateDate, UpdateDate, Tags, NextVersion and Versions [{VersionId, Document, CreateDate}].
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "emulator/storage/store.h"

namespace terrarium::services::iam {

bool IsAwsManagedArn(std::string_view arn);

// The policy `arn` names, if it is AWS's or a customer managed policy of `account`.
std::optional<nlohmann::json> FindPolicy(storage::ReadTxn& txn, std::string_view account,
                                         std::string_view arn);
// As FindPolicy; throws NoSuchEntity ("Policy <arn> was not found.") when absent.
nlohmann::json LoadPolicy(storage::ReadTxn& txn, std::string_view account, std::string_view arn);
// The same, for a customer managed policy that is about to change: AWS's policies answer
// InvalidInput (they cannot be modified).
nlohmann::json LoadCustomerPolicy(storage::ReadTxn& txn, std::string_view account,
                                  std::string_view arn);
std::optional<nlohmann::json> FindPolicyByName(storage::ReadTxn& txn, std::string_view account,
                                               std::string_view name);
void SavePolicy(storage::WriteTxn& txn, std::string_view account, const nlohmann::json& record);
void ErasePolicy(storage::WriteTxn& txn, std::string_view account, std::string_view name);
// The account's customer managed policies, in name order.
std::vector<nlohmann::json> CustomerPolicies(storage::ReadTxn& txn, std::string_view account);

// The version `version_id` of `policy`, or nullptr.
const nlohmann::json* FindVersion(const nlohmann::json& policy, std::string_view version_id);

}  // namespace terrarium::services::iam
