// Access keys of IAM users: AKIA ids with 40-character secrets, at most two per user.
// Parity notes: keys are not checked on requests (any signature is accepted), and a request
// signed with one acts in the account its id maps to (see AccountForAccessKey), not the issuing
// account. Root keys are not issued: without UserName, CreateAccessKey and friends need an IAM
// user's credentials and ListAccessKeys lists none for root.
// GetAccessKeyLastUsed reports no use.
#include "emulator/services/iam/entity_common.h"
#include "emulator/services/iam/iam_ids.h"
#include "emulator/services/iam/iam_ops.h"
#include "emulator/services/iam/pagination.h"
#include "emulator/storage/json_table.h"

namespace terrarium::services::iam {
namespace {

using nlohmann::json;

constexpr size_t kMaxKeysPerUser = 2;

std::string KeyPrefix(std::string_view account, std::string_view user) {
  return AccountKey(account, user) + "/";
}

// The user an access key operation is about: UserName, else the calling IAM user.
std::string TargetUser(RequestContext& ctx, storage::ReadTxn& txn, const json& input) {
  if (input.contains("UserName")) {
    std::string name = NameOf(kUser, input);
    return LoadEntity(txn, kUser, ctx.scope.account, name)["UserName"];
  }
  auto owner = AccessKeyOwner(txn, ctx.access_key);
  if (!owner || (*owner)["Account"] != ctx.scope.account) {
    throw AwsError("ValidationError",
                   "Must specify userName when calling with non-User credentials", 400);
  }
  return (*owner)["UserName"];
}

std::vector<json> KeysOf(storage::ReadTxn& txn, std::string_view account, std::string_view user) {
  std::vector<json> keys;
  txn.Scan(kAccessKeysTable, KeyPrefix(account, user), "",
           [&](std::string_view, std::string_view value) {
             keys.push_back(json::parse(value));
             return true;
           });
  return keys;
}

AwsError KeyNotFound(const std::string& id) {
  return NoSuchEntity("The Access Key with id " + id + " cannot be found.");
}

}  // namespace

json CreateAccessKey(RequestContext& ctx, const json& input) {
  auto txn = ctx.store->BeginWrite();
  std::string user = TargetUser(ctx, *txn, input);
  if (KeysOf(*txn, ctx.scope.account, user).size() >= kMaxKeysPerUser) {
    throw LimitExceeded("Cannot exceed quota for AccessKeysPerUser: 2");
  }
  json key = {{"UserName", user},
              {"AccessKeyId", NewAccessKeyId()},
              {"Status", "Active"},
              {"SecretAccessKey", NewSecretAccessKey()},
              {"CreateDate", ctx.clock->EpochSeconds()}};
  std::string id = key["AccessKeyId"];
  storage::PutJson(*txn, kAccessKeysTable, KeyPrefix(ctx.scope.account, user) + id, key);
  storage::PutJson(*txn, kAccessKeyOwnersTable, id,
                   {{"Account", ctx.scope.account}, {"UserName", user}});
  txn->Commit();
  return {{"AccessKey", key}};
}

json ListAccessKeys(RequestContext& ctx, const json& input) {
  auto txn = ctx.store->BeginRead();
  if (!input.contains("UserName") && !AccessKeyOwner(*txn, ctx.access_key)) {
    // The root user's keys: this emulator issues none.
    return {{"AccessKeyMetadata", json::array()}, {"IsTruncated", false}};
  }
  std::string user = TargetUser(ctx, *txn, input);
  KeyedItems items;
  for (auto& key : KeysOf(*txn, ctx.scope.account, user)) {
    key.erase("SecretAccessKey");
    items.emplace_back(key["AccessKeyId"], std::move(key));
  }
  return PageOf(std::move(items), input, "AccessKeyMetadata");
}

json UpdateAccessKey(RequestContext& ctx, const json& input) {
  std::string id = input.value("AccessKeyId", "");
  auto txn = ctx.store->BeginWrite();
  std::string user = TargetUser(ctx, *txn, input);
  std::string key_name = KeyPrefix(ctx.scope.account, user) + id;
  auto key = storage::GetJson(*txn, kAccessKeysTable, key_name);
  if (!key) throw KeyNotFound(id);
  (*key)["Status"] = input.value("Status", "Active");
  storage::PutJson(*txn, kAccessKeysTable, key_name, *key);
  txn->Commit();
  return json::object();
}

json DeleteAccessKey(RequestContext& ctx, const json& input) {
  std::string id = input.value("AccessKeyId", "");
  auto txn = ctx.store->BeginWrite();
  std::string user = TargetUser(ctx, *txn, input);
  if (!txn->Erase(kAccessKeysTable, KeyPrefix(ctx.scope.account, user) + id)) {
    throw KeyNotFound(id);
  }
  txn->Erase(kAccessKeyOwnersTable, id);
  txn->Commit();
  return json::object();
}

json GetAccessKeyLastUsed(RequestContext& ctx, const json& input) {
  std::string id = input.value("AccessKeyId", "");
  auto txn = ctx.store->BeginRead();
  auto owner = AccessKeyOwner(*txn, id);
  if (!owner || (*owner)["Account"] != ctx.scope.account) {
    throw AwsError("AccessDenied", "The Access Key with id " + id + " cannot be found.", 403);
  }
  return {{"UserName", (*owner)["UserName"]},
          {"AccessKeyLastUsed", {{"ServiceName", "N/A"}, {"Region", "N/A"}}}};
}

}  // namespace terrarium::services::iam
