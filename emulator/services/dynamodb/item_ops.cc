// DynamoDB single-item reads and writes.
// Parity notes: every read is strongly consistent (ConsistentRead is accepted and moot).
// ReturnConsumedCapacity answers the units AWS bills (capacity.h). The legacy
// Expected/AttributeUpdates/AttributesToGet parameters are translated into expressions
// (legacy_params.h).
#include "emulator/core/aws_error.h"
#include "emulator/services/dynamodb/attribute_value.h"
#include "emulator/services/dynamodb/capacity.h"
#include "emulator/services/dynamodb/expression_eval.h"
#include "emulator/services/dynamodb/item_support.h"
#include "emulator/services/dynamodb/ops.h"
#include "emulator/services/dynamodb/ttl.h"

namespace terrarium::services::dynamodb {
namespace {

using nlohmann::json;

void CheckReturnValues(const std::string& value, bool update) {
  bool ok = value == "NONE" || value == "ALL_OLD" ||
            (update && (value == "ALL_NEW" || value == "UPDATED_OLD" || value == "UPDATED_NEW"));
  if (!ok) throw ValidationError("Return values set to invalid value");
}

json Finish(const json& input, const TableInfo& table, const std::optional<json>& attributes,
            const Consumed& consumed, const json& collection_metrics = nullptr) {
  json out = json::object();
  if (attributes) out["Attributes"] = *attributes;
  if (!collection_metrics.is_null()) out["ItemCollectionMetrics"] = collection_metrics;
  json capacity = CapacityJson(input, table.name, consumed);
  if (!capacity.is_null()) out["ConsumedCapacity"] = capacity;
  return out;
}

// The single-item writes: prepare, check the condition, apply, store.
json SingleWrite(RequestContext& ctx, const json& input, WriteKind kind) {
  std::string return_values = input.value("ReturnValues", "NONE");
  CheckReturnValues(return_values, kind == WriteKind::kUpdate);
  double now = ctx.clock->EpochSeconds();
  auto txn = ctx.store->BeginWrite();
  bool capacity_wanted = input.value("ReturnConsumedCapacity", "NONE") != "NONE";
  PreparedWrite write = PrepareWrite(*txn, ctx.scope, kind, input, now,
                                     return_values == "ALL_OLD" || capacity_wanted);
  CheckCondition(write.expressions, write.before, input);
  write.Apply();
  write.Commit(*txn, now);
  json metrics = ItemCollectionMetrics(*txn, input, *write.table, write.key);
  txn->Commit();
  std::optional<json> attributes =
      kind == WriteKind::kUpdate
          ? ReturnedAttributes(return_values, write.before, write.after, write.expressions.update)
          : (return_values == "ALL_OLD" ? write.before : std::nullopt);
  // The units cost three item sizes: only when asked for.
  Consumed consumed;
  if (capacity_wanted) {
    consumed = WriteCapacity(*write.table, write.before,
                             kind == WriteKind::kDelete ? std::nullopt : write.after);
  }
  return Finish(input, *write.table, attributes, consumed, metrics);
}

}  // namespace

json PutItem(RequestContext& ctx, const json& input) {
  return SingleWrite(ctx, input, WriteKind::kPut);
}

json DeleteItem(RequestContext& ctx, const json& input) {
  return SingleWrite(ctx, input, WriteKind::kDelete);
}

json UpdateItem(RequestContext& ctx, const json& input) {
  return SingleWrite(ctx, input, WriteKind::kUpdate);
}

json GetItem(RequestContext& ctx, const json& input) {
  auto projection = ParseReadProjection(input);
  auto txn = ctx.store->BeginRead();
  TableRef table_ref = RequireTable(*txn, ctx.scope, input.value("TableName", ""));
  const TableInfo& table = *table_ref;
  json key = ValidateKey(table, input.value("Key", json::object()));
  std::optional<std::string> text = ReadItemText(*txn, table, key);
  std::optional<StoredItem> item;
  if (text) item.emplace(*text, "", table.ttl_attribute);
  if (item && IsExpired(table, *item, ctx.clock->EpochSeconds())) item.reset();
  Consumed consumed =
      ReadCapacity(nullptr, item ? item->size() : 0, input.value("ConsistentRead", false));
  json out = json::object();
  if (item && projection) out["Item"] = Project(item->item(), *projection);
  json capacity = CapacityJson(input, table.name, consumed);
  if (!capacity.is_null()) out["ConsumedCapacity"] = capacity;
  // The stored text is the answer's Item as it is.
  if (item && !projection) return AnswerWithRawMember(ctx, std::move(out), "Item", item->text());
  return out;
}

}  // namespace terrarium::services::dynamodb
