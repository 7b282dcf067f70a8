// DynamoDB TransactGetItems and TransactWriteItems.
// Parity notes: transactions are serialised by the store's single writer, so
// TransactionConflictException never happens. ClientRequestToken makes a repeated
// TransactWriteItems within 10 minutes a no-op (a different request under the same token is
// IdempotentParameterMismatchException). Consumed capacity: two units per item, as AWS bills.
#include <set>

#include "emulator/core/aws_error.h"
#include "emulator/core/encoding.h"
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
  for (const json& entry : items) {
    const json& get = entry.value("Get", json::object());
    TableInfo table = RequireTable(*txn, ctx.scope, get.value("TableName", ""));
    json key = ValidateKey(table, get.value("Key", json::object()));
    if (!seen.insert(ItemStoreKey(table, key)).second) throw MultipleOperations();
    auto projection = ParseReadProjection(get);
    json response = json::object();
    if (auto item = ReadItem(*txn, table, key); item && !IsExpired(table, *item, now)) {
      response["Item"] = projection ? Project(*item, *projection) : *item;
    }
    responses.push_back(std::move(response));
  }
  json out = {{"Responses", responses}};
  std::map<std::string, double> units;
  for (const json& entry : items) units[entry["Get"].value("TableName", "")] += 2;
  if (auto capacity = CapacityList(input, units)) out["ConsumedCapacity"] = *capacity;
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
    if (write.before && write.input.value("ReturnValuesOnConditionCheckFailure", "") == "ALL_OLD") {
      reason["Item"] = *write.before;
    }
    reasons.push_back(std::move(reason));
  }
  if (cancelled) throw TransactionCanceled(reasons);
  for (PreparedWrite& write : writes) write.Apply();
  for (const PreparedWrite& write : writes) write.Commit(*txn, now);
  if (!token_key.empty()) {
    storage::PutJson(*txn, kTokens, token_key, {{"At", now}, {"Digest", digest}});
  }
  txn->Commit();
  // Transactional writes cost two units per item.
  json out = json::object();
  std::map<std::string, double> units;
  for (const PreparedWrite& write : writes) units[write.table.name] += 2;
  if (auto capacity = CapacityList(input, units)) out["ConsumedCapacity"] = *capacity;
  return out;
}

}  // namespace terrarium::services::dynamodb
