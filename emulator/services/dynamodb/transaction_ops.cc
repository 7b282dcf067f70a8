// DynamoDB TransactGetItems and TransactWriteItems.
// Parity notes: transactions are serialised by the store's single writer, so
// TransactionConflictException never happens. ClientRequestToken makes a repeated
// TransactWriteItems within 10 minutes a no-op (a different request under the same token is
// IdempotentParameterMismatchException). Consumed capacity: twice what the same reads and
// writes cost outside a transaction, as AWS bills (capacity.h).
#include <set>

#include "emulator/core/aws_error.h"
#include "emulator/core/encoding.h"
#include "emulator/services/dynamodb/attribute_value.h"
#include "emulator/services/dynamodb/capacity.h"
#include "emulator/services/dynamodb/expression_eval.h"
#include "emulator/services/dynamodb/item_support.h"
#include "emulator/services/dynamodb/ops.h"
#include "emulator/services/dynamodb/ttl.h"
#include "emulator/storage/json_table.h"
#include "emulator/storage/keys.h"

namespace terrarium::services::dynamodb {
namespace {

using nlohmann::json;

constexpr size_t kMaxActions = 100;
constexpr double kTokenSeconds = 600;
constexpr const char* kTokens = "dynamodb.tokens";

void CheckCount(const json& items) {
  if (items.empty() || items.size() > kMaxActions) {
    throw ValidationError("1 validation error detected: Value '" + items.dump() +
                          "' at 'transactItems' failed to satisfy constraint: Member must have "
                          "length less than or equal to 100");
  }
}

AwsError MultipleOperations() {
  return ValidationError("Transaction request cannot include multiple operations on one item");
}

}  // namespace

json TransactGetItems(RequestContext& ctx, const json& input) {
  const json& items = input.value("TransactItems", json::array());
  CheckCount(items);
  double now = ctx.clock->EpochSeconds();
  auto txn = ctx.store->BeginRead();
  json responses = json::array();
  std::set<std::string> seen;
  std::map<std::string, Consumed> consumed;
  for (const json& entry : items) {
    const json& get = entry.value("Get", json::object());
    TableRef table_ref = RequireTable(*txn, ctx.scope, get.value("TableName", ""));
    const TableInfo& table = *table_ref;
    json key = ValidateKey(table, get.value("Key", json::object()));
    if (!seen.insert(ItemStoreKey(table, key)).second) throw MultipleOperations();
    auto projection = ParseReadProjection(get);
    json response = json::object();
    auto item = ReadItem(*txn, table, key);
    if (item && IsExpired(table, *item, now)) item.reset();
    consumed[table.name].Add(ReadCapacity(nullptr, item ? ItemSize(*item) : 0, true), 2);
    if (item) response["Item"] = projection ? Project(*item, *projection) : *item;
    responses.push_back(std::move(response));
  }
  json out = {{"Responses", responses}};
  if (auto capacity = CapacityListJson(input, consumed)) out["ConsumedCapacity"] = *capacity;
  return out;
}

json TransactWriteItems(RequestContext& ctx, const json& input) {
  const json& items = input.value("TransactItems", json::array());
  CheckCount(items);
  double now = ctx.clock->EpochSeconds();
  auto txn = ctx.store->BeginWrite();
  std::string token_key;
  std::string digest = HexEncode(Sha256(items.dump()));
  if (input.contains("ClientRequestToken")) {
    token_key = storage::ScopedKey(
        ctx.scope, HexEncode(Sha256(input["ClientRequestToken"].get<std::string>())));
    if (auto seen = storage::GetJson(*txn, kTokens, token_key);
        seen && now - seen->value("At", 0.0) < kTokenSeconds) {
      if (seen->value("Digest", "") != digest) {
        throw AwsError("IdempotentParameterMismatchException",
                       "The request uses the same client token as a previous, but non-identical "
                       "request.");
      }
      return json::object();
    }
  }
  std::vector<PreparedWrite> writes;
  std::set<std::string> seen;
  for (const json& entry : items) {
    if (entry.size() != 1) {
      throw ValidationError("TransactItems can only contain one of Check, Put, Update or Delete");
    }
    const std::string& action = entry.begin().key();
    WriteKind kind = action == "Put"      ? WriteKind::kPut
                     : action == "Delete" ? WriteKind::kDelete
                     : action == "Update" ? WriteKind::kUpdate
                                          : WriteKind::kCheck;
    writes.push_back(PrepareWrite(*txn, ctx.scope, kind, entry.begin().value(), now));
    if (!seen.insert(writes.back().ItemKey()).second) throw MultipleOperations();
  }
  json reasons = json::array();
  bool cancelled = false;
  for (PreparedWrite& write : writes) {
    if (write.ConditionHolds()) {
      reasons.push_back({{"Code", "None"}});
      continue;
    }
    cancelled = true;
    json reason = {{"Code", "ConditionalCheckFailed"},
                   {"Message", "The conditional request failed"}};
    if (write.before && write.old_item_on_failure) {
      reason["Item"] = *write.before;
    }
    reasons.push_back(std::move(reason));
  }
  if (cancelled) throw TransactionCanceled(reasons);
  for (PreparedWrite& write : writes) write.Apply();
  for (const PreparedWrite& write : writes) write.Commit(*txn, now);
  json collections = json::object();
  for (const PreparedWrite& write : writes) {
    AddItemCollectionMetrics(*txn, input, *write.table, write.key, collections);
  }
  if (!token_key.empty()) {
    storage::PutJson(*txn, kTokens, token_key, {{"At", now}, {"Digest", digest}});
  }
  txn->Commit();
  json out = json::object();
  if (!collections.empty()) out["ItemCollectionMetrics"] = collections;
  std::map<std::string, Consumed> consumed;
  for (const PreparedWrite& write : writes) {
    // A ConditionCheck writes nothing but is billed as a write of the item it checked.
    std::optional<json> after = write.kind == WriteKind::kDelete  ? std::nullopt
                                : write.kind == WriteKind::kCheck ? write.before
                                                                  : write.after;
    consumed[write.table->name].Add(WriteCapacity(*write.table, write.before, after), 2);
  }
  if (auto capacity = CapacityListJson(input, consumed)) out["ConsumedCapacity"] = *capacity;
  return out;
}

}  // namespace terrarium::services::dynamodb
