// DynamoDB single-item reads and writes.
// Parity notes: every read is strongly consistent (ConsistentRead is accepted and moot).
// ReturnConsumedCapacity answers plausible units (1 per 1 KB written, 0.5 per 4 KB read
// eventually consistent, 1 strongly). The legacy Expected/AttributeUpdates/AttributesToGet
// parameters are translated into expressions (legacy_params.h).
#include "emulator/core/aws_error.h"
#include "emulator/services/dynamodb/attribute_value.h"
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

json Capacity(const json& input, const std::string& table, double units) {
  std::string mode = input.value("ReturnConsumedCapacity", "NONE");
  if (mode == "NONE") return nullptr;
  json out = {{"TableName", table}, {"CapacityUnits", units}};
  if (mode == "INDEXES") out["Table"] = {{"CapacityUnits", units}};
  return out;
}

double WriteUnits(const std::optional<json>& before, const std::optional<json>& after) {
  size_t size = std::max(before ? ItemSize(*before) : 0, after ? ItemSize(*after) : 0);
  return static_cast<double>(std::max<size_t>(1, (size + 1023) / 1024));
}

json Finish(const json& input, const TableInfo& table, const std::optional<json>& attributes,
            double units) {
  json out = json::object();
  if (attributes) out["Attributes"] = *attributes;
  json capacity = Capacity(input, table.name, units);
  if (!capacity.is_null()) out["ConsumedCapacity"] = capacity;
  return out;
}

// The single-item writes: prepare, check the condition, apply, store.
json SingleWrite(RequestContext& ctx, const json& input, WriteKind kind) {
  std::string return_values = input.value("ReturnValues", "NONE");
  CheckReturnValues(return_values, kind == WriteKind::kUpdate);
  double now = ctx.clock->EpochSeconds();
  auto txn = ctx.store->BeginWrite();
  PreparedWrite write = PrepareWrite(*txn, ctx.scope, kind, input, now);
  CheckCondition(write.expressions, write.before, input);
  write.Apply();
  write.Commit(*txn, now);
  txn->Commit();
  std::optional<json> attributes =
      kind == WriteKind::kUpdate
          ? ReturnedAttributes(return_values, write.before, write.after, write.expressions.update)
          : (return_values == "ALL_OLD" ? write.before : std::nullopt);
  return Finish(input, write.table, attributes, WriteUnits(write.before, write.after));
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
  TableInfo table = RequireTable(*txn, ctx.scope, input.value("TableName", ""));
  json key = ValidateKey(table, input.value("Key", json::object()));
  std::optional<json> item = ReadItem(*txn, table, key);
  if (item && IsExpired(table, *item, ctx.clock->EpochSeconds())) item.reset();
  json out = json::object();
  if (item) out["Item"] = projection ? Project(*item, *projection) : *item;
  double units = input.value("ConsistentRead", false) ? 1.0 : 0.5;
  json capacity = Capacity(input, table.name, units);
  if (!capacity.is_null()) out["ConsumedCapacity"] = capacity;
  return out;
}

}  // namespace terrarium::services::dynamodb
