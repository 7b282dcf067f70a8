// DynamoDB single-item reads and writes.
// Parity notes: every read is strongly consistent (ConsistentRead is accepted and moot).
// ReturnConsumedCapacity answers plausible units (1 per 1 KB written, 0.5 per 4 KB read
// eventually consistent, 1 strongly). The legacy Expected/AttributeUpdates/AttributesToGet
// parameters are not supported yet (ValidationException).
#include "emulator/core/aws_error.h"
#include "emulator/services/dynamodb/attribute_value.h"
#include "emulator/services/dynamodb/expression_eval.h"
#include "emulator/services/dynamodb/item_support.h"
#include "emulator/services/dynamodb/ops.h"
#include "emulator/services/dynamodb/update_apply.h"

namespace terrarium::services::dynamodb {
namespace {

using nlohmann::json;

void RejectLegacy(const json& input) {
  for (const char* legacy : {"Expected", "AttributeUpdates", "AttributesToGet"}) {
    if (input.contains(legacy)) {
      throw ValidationError(std::string("Terrarium does not support the legacy parameter ") +
                            legacy + " yet; use expressions");
    }
  }
}

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

}  // namespace

json PutItem(RequestContext& ctx, const json& input) {
  RejectLegacy(input);
  std::string return_values = input.value("ReturnValues", "NONE");
  CheckReturnValues(return_values, false);
  WriteExpressions expressions = ParseWriteExpressions(input, false);
  auto txn = ctx.store->BeginWrite();
  TableInfo table = RequireTable(*txn, ctx.scope, input.value("TableName", ""));
  json item = ValidateItem(table, input.value("Item", json::object()));
  std::optional<json> before = ReadItem(*txn, table, KeyOf(table.key, item));
  CheckCondition(expressions, before, input);
  WriteItem(*txn, table, before, item);
  txn->Commit();
  return Finish(input, table, return_values == "ALL_OLD" ? before : std::nullopt,
                WriteUnits(before, item));
}

json GetItem(RequestContext& ctx, const json& input) {
  RejectLegacy(input);
  auto projection = ParseReadProjection(input);
  auto txn = ctx.store->BeginRead();
  TableInfo table = RequireTable(*txn, ctx.scope, input.value("TableName", ""));
  json key = ValidateKey(table, input.value("Key", json::object()));
  std::optional<json> item = ReadItem(*txn, table, key);
  json out = json::object();
  if (item) out["Item"] = projection ? Project(*item, *projection) : *item;
  double units = input.value("ConsistentRead", false) ? 1.0 : 0.5;
  json capacity = Capacity(input, table.name, units);
  if (!capacity.is_null()) out["ConsumedCapacity"] = capacity;
  return out;
}

json DeleteItem(RequestContext& ctx, const json& input) {
  RejectLegacy(input);
  std::string return_values = input.value("ReturnValues", "NONE");
  CheckReturnValues(return_values, false);
  WriteExpressions expressions = ParseWriteExpressions(input, false);
  auto txn = ctx.store->BeginWrite();
  TableInfo table = RequireTable(*txn, ctx.scope, input.value("TableName", ""));
  json key = ValidateKey(table, input.value("Key", json::object()));
  std::optional<json> before = ReadItem(*txn, table, key);
  CheckCondition(expressions, before, input);
  if (before) WriteItem(*txn, table, before, std::nullopt);
  txn->Commit();
  return Finish(input, table, return_values == "ALL_OLD" ? before : std::nullopt,
                WriteUnits(before, std::nullopt));
}

json UpdateItem(RequestContext& ctx, const json& input) {
  RejectLegacy(input);
  std::string return_values = input.value("ReturnValues", "NONE");
  CheckReturnValues(return_values, true);
  WriteExpressions expressions = ParseWriteExpressions(input, true);
  auto txn = ctx.store->BeginWrite();
  TableInfo table = RequireTable(*txn, ctx.scope, input.value("TableName", ""));
  json key = ValidateKey(table, input.value("Key", json::object()));
  if (expressions.update) {
    for (const auto& action : expressions.update->actions) {
      const std::string& top = action.path[0].name;
      if (top == table.key.hash_name || top == table.key.range_name) {
        throw ValidationError(
            "One or more parameter values were invalid: Cannot update attribute " + top +
            ". This attribute is part of the key");
      }
    }
  }
  std::optional<json> before = ReadItem(*txn, table, key);
  CheckCondition(expressions, before, input);
  json after = before ? *before : key;
  if (expressions.update) ApplyUpdate(*expressions.update, after);
  CheckItemLimits(table, after);
  WriteItem(*txn, table, before, after);
  txn->Commit();
  return Finish(input, table, ReturnedAttributes(return_values, before, after, expressions.update),
                WriteUnits(before, after));
}

}  // namespace terrarium::services::dynamodb
