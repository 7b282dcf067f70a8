// DynamoDB PartiQL: ExecuteStatement, BatchExecuteStatement, ExecuteTransaction.
// Parity notes: the common statement forms only (see partiql.h). A SELECT whose WHERE fixes the
// partition key reads that partition in order; any other SELECT scans the table. UPDATE and
// DELETE must name the whole primary key with = in their WHERE; the rest of the WHERE is their
// condition. Pages end at Limit; NextToken is an opaque position. ReturnConsumedCapacity is
// answered as for the equivalent item operations: a SELECT reads the items it evaluated (index
// entries by their projected size), a write costs what PutItem/UpdateItem/DeleteItem would, and
// ExecuteTransaction twice that, as TransactGetItems/TransactWriteItems do.
#include <map>

#include "emulator/core/aws_error.h"
#include "emulator/core/encoding.h"
#include "emulator/services/dynamodb/attribute_value.h"
#include "emulator/services/dynamodb/capacity.h"
#include "emulator/services/dynamodb/expression_eval.h"
#include "emulator/services/dynamodb/item_support.h"
#include "emulator/services/dynamodb/ops.h"
#include "emulator/services/dynamodb/partiql.h"
#include "emulator/services/dynamodb/ttl.h"

namespace terrarium::services::dynamodb {
namespace {

using nlohmann::json;

// The value `name = <value>` fixes in the WHERE's top-level conjuncts, if any.
const json* EqualityFor(const std::optional<Condition>& where, const std::string& name) {
  if (!where) return nullptr;
  std::vector<const Condition*> parts;
  CollectConjuncts(*where, parts);
  for (const Condition* part : parts) {
    if (part->kind == Condition::Kind::kCompare && part->op == "=" &&
        part->operands[0].kind == Operand::Kind::kPath && part->operands[0].path.size() == 1 &&
        part->operands[0].path[0].name == name && part->operands[1].kind == Operand::Kind::kValue) {
      return &part->operands[1].value;
    }
  }
  return nullptr;
}

// What a statement cost, for ReturnConsumedCapacity.
struct StatementCost {
  std::string table;
  Consumed consumed;
};

json Select(storage::ReadTxn& txn, RequestContext& ctx, const PartiqlStatement& st,
            const json& input, StatementCost& cost, bool consistent) {
  TableRef table_ref = RequireTable(txn, ctx.scope, st.table);
  const TableInfo& table = *table_ref;
  const IndexInfo* index = nullptr;
  if (!st.index.empty()) {
    index = table.FindIndex(st.index);
    if (index == nullptr) {
      throw ValidationError("The table does not have the specified index: " + st.index);
    }
  }
  const KeySchema& key = index ? index->key : table.key;
  std::string prefix = KeyPrefix(table, index);
  std::string scan_prefix = prefix;
  if (const json* hash = EqualityFor(st.where, key.hash_name);
      hash && TypeOf(*hash) == key.hash_type) {
    scan_prefix = PartitionPrefix(table, index, *hash);
  }
  std::string start;
  if (input.contains("NextToken")) {
    auto decoded = Base64Decode(input["NextToken"].get<std::string>());
    if (!decoded || !decoded->starts_with(prefix)) throw ValidationError("Invalid NextToken");
    start = *decoded;
  }
  size_t limit = input.value("Limit", size_t{0});
  double now = ctx.clock->EpochSeconds();
  json items = json::array();
  std::string last;
  size_t evaluated = 0;
  size_t bytes = 0;
  bool more = false;
  ScanOrdered(txn, ItemsTable(index), scan_prefix, start, prefix.size(), key.range_name,
              [&](std::string_view store_key, std::string_view text) {
                if (limit != 0 && evaluated == limit) {
                  more = true;
                  return false;
                }
                ++evaluated;
                last = std::string(store_key);
                json item = json::parse(text);
                if (IsExpired(table, item, now)) return true;
                bytes += EntrySize(table, index, item);
                if (st.where && !EvaluateCondition(*st.where, item, "Statement")) return true;
                items.push_back(st.projection.empty() ? item : Project(item, st.projection));
                return true;
              });
  json out = {{"Items", items}};
  if (more) out["NextToken"] = Base64Encode(last);
  cost.table = table.name;
  cost.consumed = ReadCapacity(index, bytes, consistent);
  return out;
}

// The write an INSERT, UPDATE or DELETE statement makes, prepared but not checked.
PreparedWrite PrepareStatement(storage::WriteTxn& txn, RequestContext& ctx,
                               const PartiqlStatement& st, const json& input, double now) {
  TableRef table_ref = RequireTable(txn, ctx.scope, st.table);
  const TableInfo& table = *table_ref;
  json request = {{"TableName", st.table}};
  if (input.contains("ReturnValuesOnConditionCheckFailure")) {
    request["ReturnValuesOnConditionCheckFailure"] = input["ReturnValuesOnConditionCheckFailure"];
  }
  if (st.kind == PartiqlStatement::Kind::kInsert) {
    request["Item"] = st.item;
    PreparedWrite write = PrepareWrite(txn, ctx.scope, WriteKind::kPut, request, now);
    if (write.before) {
      throw AwsError("DuplicateItemException", "Duplicate primary key exists in table");
    }
    return write;
  }
  // UPDATE/DELETE: the key from the WHERE's equalities, the rest as the condition.
  json key = json::object();
  for (const std::string& name : {table.key.hash_name, table.key.range_name}) {
    if (name.empty()) continue;
    const json* value = EqualityFor(st.where, name);
    if (value == nullptr) {
      throw ValidationError(
          "Where clause does not contain a mandatory equality on all key "
          "attributes");
    }
    key[name] = *value;
  }
  request["Key"] = key;
  PreparedWrite write = PrepareWrite(
      txn, ctx.scope,
      st.kind == PartiqlStatement::Kind::kUpdate ? WriteKind::kUpdate : WriteKind::kDelete, request,
      now);
  write.expressions.condition = st.where;
  if (st.kind == PartiqlStatement::Kind::kUpdate) {
    for (const auto& action : st.update.actions) {
      const std::string& top = action.path[0].name;
      if (top == table.key.hash_name || top == table.key.range_name) {
        throw ValidationError(
            "One or more parameter values were invalid: Cannot update attribute " + top +
            ". This attribute is part of the key");
      }
    }
    write.expressions.update = st.update;
  }
  return write;
}

bool Holds(const PreparedWrite& write, const PartiqlStatement& st) {
  // UPDATE needs the item (AWS reports ConditionalCheckFailed when it is missing).
  if (st.kind == PartiqlStatement::Kind::kUpdate && !write.before) return false;
  if (st.kind == PartiqlStatement::Kind::kDelete && !write.before) return true;
  return write.ConditionHolds();
}

// The capacity a prepared write costs once applied.
Consumed WriteCost(const PreparedWrite& write, const PartiqlStatement& st) {
  bool removes = st.kind == PartiqlStatement::Kind::kDelete;
  return WriteCapacity(*write.table, write.before, removes ? std::nullopt : write.after);
}

json Execute(RequestContext& ctx, const json& input, StatementCost& cost) {
  PartiqlStatement st =
      ParsePartiql(input.value("Statement", ""), input.value("Parameters", json::array()));
  if (st.kind == PartiqlStatement::Kind::kSelect) {
    auto txn = ctx.store->BeginRead();
    return Select(*txn, ctx, st, input, cost, input.value("ConsistentRead", false));
  }
  double now = ctx.clock->EpochSeconds();
  auto txn = ctx.store->BeginWrite();
  PreparedWrite write = PrepareStatement(*txn, ctx, st, input, now);
  if (!Holds(write, st)) {
    AwsError error("ConditionalCheckFailedException", "The conditional request failed");
    if (write.before && input.value("ReturnValuesOnConditionCheckFailure", "") == "ALL_OLD") {
      error.With("Item", *write.before);
    }
    throw error;
  }
  write.Apply();
  write.Commit(*txn, now);
  txn->Commit();
  cost = {write.table->name, WriteCost(write, st)};
  return {{"Items", json::array()}};
}

}  // namespace

json ExecuteStatement(RequestContext& ctx, const json& input) {
  StatementCost cost;
  json out = Execute(ctx, input, cost);
  json capacity = CapacityJson(input, cost.table, cost.consumed);
  if (!capacity.is_null()) out["ConsumedCapacity"] = capacity;
  return out;
}

json BatchExecuteStatement(RequestContext& ctx, const json& input) {
  const json& statements = input.value("Statements", json::array());
  if (statements.size() > 25) {
    throw ValidationError(
        "1 validation error detected: Value at 'statements' failed to satisfy "
        "constraint: Member must have length less than or equal to 25");
  }
  json responses = json::array();
  std::map<std::string, Consumed> consumed;
  for (const json& statement : statements) {
    json response = json::object();
    try {
      PartiqlStatement st = ParsePartiql(statement.value("Statement", ""),
                                         statement.value("Parameters", json::array()));
      response["TableName"] = st.table;
      StatementCost cost;
      json out = Execute(ctx, statement, cost);
      consumed[cost.table].Add(cost.consumed);
      if (st.kind == PartiqlStatement::Kind::kSelect && !out["Items"].empty()) {
        response["Item"] = out["Items"][0];
      }
    } catch (const AwsError& error) {
      std::string code = error.code;
      if (code.ends_with("Exception")) code.resize(code.size() - 9);
      json failure = {{"Code", code}, {"Message", error.message}};
      if (error.extra.contains("Item")) failure["Item"] = error.extra["Item"];
      response = {{"Error", failure}};
    }
    responses.push_back(std::move(response));
  }
  json out = {{"Responses", responses}};
  if (auto capacity = CapacityListJson(input, consumed)) out["ConsumedCapacity"] = *capacity;
  return out;
}

json ExecuteTransaction(RequestContext& ctx, const json& input) {
  const json& statements = input.value("TransactStatements", json::array());
  std::vector<PartiqlStatement> parsed;
  for (const json& statement : statements) {
    parsed.push_back(ParsePartiql(statement.value("Statement", ""),
                                  statement.value("Parameters", json::array())));
  }
  bool reads = !parsed.empty() && parsed[0].kind == PartiqlStatement::Kind::kSelect;
  for (const auto& st : parsed) {
    if ((st.kind == PartiqlStatement::Kind::kSelect) != reads) {
      throw ValidationError("Transaction must contain either read or write statements only");
    }
  }
  std::map<std::string, Consumed> consumed;
  auto respond = [&](json responses) {
    json out = {{"Responses", std::move(responses)}};
    if (auto capacity = CapacityListJson(input, consumed)) out["ConsumedCapacity"] = *capacity;
    return out;
  };
  if (reads) {
    auto txn = ctx.store->BeginRead();
    json responses = json::array();
    for (size_t i = 0; i < parsed.size(); ++i) {
      StatementCost cost;
      json out = Select(*txn, ctx, parsed[i], json::object(), cost, true);
      consumed[cost.table].Add(cost.consumed, 2);
      responses.push_back(out["Items"].empty() ? json::object() : json{{"Item", out["Items"][0]}});
    }
    return respond(std::move(responses));
  }
  double now = ctx.clock->EpochSeconds();
  auto txn = ctx.store->BeginWrite();
  std::vector<PreparedWrite> writes;
  for (size_t i = 0; i < parsed.size(); ++i) {
    writes.push_back(PrepareStatement(*txn, ctx, parsed[i], statements[i], now));
  }
  json reasons = json::array();
  bool cancelled = false;
  for (size_t i = 0; i < writes.size(); ++i) {
    bool ok = Holds(writes[i], parsed[i]);
    cancelled |= !ok;
    reasons.push_back(ok ? json{{"Code", "None"}}
                         : json{{"Code", "ConditionalCheckFailed"},
                                {"Message", "The conditional request failed"}});
  }
  if (cancelled) throw TransactionCanceled(reasons);
  for (PreparedWrite& write : writes) write.Apply();
  for (const PreparedWrite& write : writes) write.Commit(*txn, now);
  txn->Commit();
  for (size_t i = 0; i < writes.size(); ++i) {
    consumed[writes[i].table->name].Add(WriteCost(writes[i], parsed[i]), 2);
  }
  return respond(json::array());
}

}  // namespace terrarium::services::dynamodb
