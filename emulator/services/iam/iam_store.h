// IAM's state in the store. IAM is global per account: keys are "<account>/<lower-case name>"
// with no region, so a role created through us-east-1 is the same role in every region. Names
// are case-insensitive for uniqueness and lookup, as in IAM; records keep the name as given.
// Records are JSON objects keyed like the model's output members (RoleName, Arn, CreateDate as
// epoch seconds, ...) plus InlinePolicies {name: document} and AttachedPolicies [arn].
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "emulator/core/aws_error.h"
#include "emulator/storage/store.h"

namespace terrarium::services::iam {

// What differs between the kinds of named IAM entity; everything else is shared.
struct EntityKind {
  const char* table;           // store table, e.g. "iam.roles"
  const char* name_member;     // "RoleName"
  const char* id_member;       // "RoleId"
  const char* id_prefix;       // "AROA"
  const char* arn_type;        // "role": arn:aws:iam::<account>:role<path><name>
  const char* not_found;       // NoSuchEntity message, "{}" is the name
  const char* already_exists;  // EntityAlreadyExists message, "{}" is the name
};

extern const EntityKind kRole;
extern const EntityKind kUser;
extern const EntityKind kGroup;
extern const EntityKind kInstanceProfile;

// Customer managed policies, keyed by account and lower-case policy name.
inline constexpr const char* kPoliciesTable = "iam.policies";
// Access keys, keyed "<account>/<lower-case user>/<access key id>".
inline constexpr const char* kAccessKeysTable = "iam.access_keys";
// Access key id -> {Account, UserName}. Global: access key ids are unique across accounts.
inline constexpr const char* kAccessKeyOwnersTable = "iam.access_key_owners";
// Account -> alias.
inline constexpr const char* kAccountAliasesTable = "iam.account_aliases";

std::string Lower(std::string_view text);
// "<account>/<lower-case name>".
std::string AccountKey(std::string_view account, std::string_view name);
// "<account>/": the range of one account's records in a table.
std::string AccountPrefix(std::string_view account);
// arn:aws:iam::<account>:<type><path><name>
std::string IamArn(std::string_view account, std::string_view type, std::string_view path,
                   std::string_view name);

AwsError NoSuchEntity(const std::string& message);
AwsError EntityAlreadyExists(const std::string& message);
AwsError DeleteConflict(const std::string& message);
AwsError LimitExceeded(const std::string& message);
AwsError InvalidInput(const std::string& message);
AwsError NotFound(const EntityKind& kind, std::string_view name);

std::optional<nlohmann::json> FindEntity(storage::ReadTxn& txn, const EntityKind& kind,
                                         std::string_view account, std::string_view name);
// Throws NoSuchEntity when absent.
nlohmann::json LoadEntity(storage::ReadTxn& txn, const EntityKind& kind, std::string_view account,
                          std::string_view name);
void SaveEntity(storage::WriteTxn& txn, const EntityKind& kind, std::string_view account,
                const nlohmann::json& record);
void EraseEntity(storage::WriteTxn& txn, const EntityKind& kind, std::string_view account,
                 std::string_view name);
// Every record of `table` in `account`, in key order.
std::vector<nlohmann::json> ScanAccount(storage::ReadTxn& txn, std::string_view table,
                                        std::string_view account);

// The owner {Account, UserName} of an access key IAM issued, if any.
std::optional<nlohmann::json> AccessKeyOwner(storage::ReadTxn& txn, std::string_view key_id);

// The RoleId of role `name` in `account`, if IAM holds it (STS uses it for assumed roles).
std::optional<std::string> RoleIdOf(storage::Store& store, std::string_view account,
                                    std::string_view name);

}  // namespace terrarium::services::iam
