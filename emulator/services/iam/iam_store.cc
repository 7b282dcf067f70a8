#include "emulator/services/iam/iam_store.h"

#include <fmt/format.h>

#include <cctype>

#include "emulator/storage/json_table.h"

namespace terrarium::services::iam {

const EntityKind kRole = {"iam.roles",
                          "RoleName",
                          "RoleId",
                          "AROA",
                          "role",
                          "The role with name {} cannot be found.",
                          "Role with name {} already exists."};
const EntityKind kUser = {"iam.users",
                          "UserName",
                          "UserId",
                          "AIDA",
                          "user",
                          "The user with name {} cannot be found.",
                          "User with name {} already exists."};
const EntityKind kGroup = {"iam.groups",
                           "GroupName",
                           "GroupId",
                           "AGPA",
                           "group",
                           "The group with name {} cannot be found.",
                           "Group with name {} already exists."};
const EntityKind kInstanceProfile = {"iam.instance_profiles",
                                     "InstanceProfileName",
                                     "InstanceProfileId",
                                     "AIPA",
                                     "instance-profile",
                                     "Instance Profile {} cannot be found.",
                                     "Instance Profile {} already exists."};

std::string Lower(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::string AccountKey(std::string_view account, std::string_view name) {
  return AccountPrefix(account) + Lower(name);
}

std::string AccountPrefix(std::string_view account) { return std::string(account) + "/"; }

std::string IamArn(std::string_view account, std::string_view type, std::string_view path,
                   std::string_view name) {
  return fmt::format("arn:aws:iam::{}:{}{}{}", account, type, path, name);
}

AwsError NoSuchEntity(const std::string& message) {
  return AwsError("NoSuchEntityException", message);
}
AwsError EntityAlreadyExists(const std::string& message) {
  return AwsError("EntityAlreadyExistsException", message);
}
AwsError DeleteConflict(const std::string& message) {
  return AwsError("DeleteConflictException", message);
}
AwsError LimitExceeded(const std::string& message) {
  return AwsError("LimitExceededException", message);
}
AwsError InvalidInput(const std::string& message) {
  return AwsError("InvalidInputException", message);
}

AwsError NotFound(const EntityKind& kind, std::string_view name) {
  return NoSuchEntity(fmt::format(fmt::runtime(kind.not_found), name));
}

std::optional<nlohmann::json> FindEntity(storage::ReadTxn& txn, const EntityKind& kind,
                                         std::string_view account, std::string_view name) {
  std::string key = AccountKey(account, name);
  if (name.empty() || key.size() > storage::kMaxKeyBytes) return std::nullopt;
  return storage::GetJson(txn, kind.table, key);
}

nlohmann::json LoadEntity(storage::ReadTxn& txn, const EntityKind& kind, std::string_view account,
                          std::string_view name) {
  auto record = FindEntity(txn, kind, account, name);
  if (!record) throw NotFound(kind, name);
  return std::move(*record);
}

void SaveEntity(storage::WriteTxn& txn, const EntityKind& kind, std::string_view account,
                const nlohmann::json& record) {
  storage::PutJson(txn, kind.table,
                   AccountKey(account, record[kind.name_member].get<std::string>()), record);
}

void EraseEntity(storage::WriteTxn& txn, const EntityKind& kind, std::string_view account,
                 std::string_view name) {
  txn.Erase(kind.table, AccountKey(account, name));
}

std::vector<nlohmann::json> ScanAccount(storage::ReadTxn& txn, std::string_view table,
                                        std::string_view account) {
  std::vector<nlohmann::json> records;
  txn.Scan(table, AccountPrefix(account), "", [&](std::string_view, std::string_view value) {
    records.push_back(nlohmann::json::parse(value));
    return true;
  });
  return records;
}

std::optional<nlohmann::json> AccessKeyOwner(storage::ReadTxn& txn, std::string_view key_id) {
  // Only long-term keys (AKIA...) are issued by IAM; anything else needs no lookup.
  if (!key_id.starts_with("AKIA") || key_id.size() > storage::kMaxKeyBytes) return std::nullopt;
  return storage::GetJson(txn, kAccessKeyOwnersTable, key_id);
}

std::optional<std::string> RoleIdOf(storage::Store& store, std::string_view account,
                                    std::string_view name) {
  auto txn = store.BeginRead();
  auto role = FindEntity(*txn, kRole, account, name);
  if (!role) return std::nullopt;
  return (*role)["RoleId"].get<std::string>();
}

}  // namespace terrarium::services::iam
