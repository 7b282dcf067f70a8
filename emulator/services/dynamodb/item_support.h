// What the item operations (single, batch, transactional) share: key and item validation with
// AWS's messages, condition checks and ReturnValues.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "emulator/core/aws_error.h"
#include "emulator/core/scope.h"
#include "emulator/services/dynamodb/expression.h"
#include "emulator/services/dynamodb/expression_parser.h"
#include "emulator/services/dynamodb/table_store.h"
#include "emulator/storage/store.h"

namespace terrarium::services::dynamodb {

// A Key member checked against the table's key schema; returns it normalised.
Json ValidateKey(const TableInfo& table, const Json& key);
// A PutItem item: key attributes present and typed, index keys typed, size within 400 KB.
// Sets `*size` (when given) to its ItemSize.
Json ValidateItem(const TableInfo& table, const Json& item, size_t* size = nullptr);
// A finished item (after an update): index key types and size. Returns its ItemSize.
size_t CheckItemLimits(const TableInfo& table, const Json& item);

// The parsed expressions of one write request (ConditionExpression, UpdateExpression) and of
// reads (ProjectionExpression), with unused names/values already rejected.
struct WriteExpressions {
  std::optional<Condition> condition;
  std::optional<UpdatePlan> update;
};
WriteExpressions ParseWriteExpressions(const Json& input, bool with_update);
std::optional<std::vector<Path>> ParseReadProjection(const Json& input);

// Throws ConditionalCheckFailedException (with the item when the request asks for ALL_OLD)
// unless `existing` (nullopt: no item) satisfies the condition.
void CheckCondition(const WriteExpressions& expressions, const std::optional<Json>& existing,
                    const Json& input);

// The Attributes member for ReturnValues.
std::optional<Json> ReturnedAttributes(const std::string& return_values,
                                       const std::optional<Json>& before,
                                       const std::optional<Json>& after,
                                       const std::optional<UpdatePlan>& update);

// TransactionCanceledException with its CancellationReasons ({"Code": "None"} for the writes
// that would have succeeded).
AwsError TransactionCanceled(const Json& reasons);

// One write of PutItem, DeleteItem, UpdateItem or a transaction's ConditionCheck, prepared
// inside a write transaction: validated, with the current item read. Apply() computes the new
// item (after the condition held) and Commit() stores it.
enum class WriteKind { kPut, kDelete, kUpdate, kCheck };
struct PreparedWrite {
  WriteKind kind;
  TableRef table;
  // ReturnValuesOnConditionCheckFailure is ALL_OLD (transactions report the item).
  bool old_item_on_failure = false;
  Json key;
  std::string item_key;  // the store key of the item (ItemStoreKey of `key`)
  WriteExpressions expressions;
  std::optional<Json> before;
  // The ItemSize of an existing item left unparsed because nothing but the table's counters
  // needed it (see PrepareWrite); `before` is then empty.
  std::optional<size_t> unparsed_before_size;
  std::optional<Json> after;
  size_t after_size = 0;  // ItemSize of `after` once checked (0: not known)

  // Whether the condition (if any) holds for the current item.
  bool ConditionHolds() const;
  // Computes `after`; throws ValidationException for update errors.
  void Apply();
  void Commit(storage::WriteTxn& txn, double now) const;
  // The store key of the item (to find two writes on one item).
  std::string ItemKey() const;
};
// An existing item whose TTL has passed is deleted first (as TTL would) and counts as absent.
// A put the caller wants no old item of (`old_item_wanted` false: it returns no ALL_OLD and no
// capacity), on a table without indexes and stream and with no condition, leaves the existing
// item unparsed (unparsed_before_size): parsing it cost an overwrite a twelfth of its CPU.
PreparedWrite PrepareWrite(storage::WriteTxn& txn, const Scope& scope, WriteKind kind,
                           const Json& input, double now, bool old_item_wanted = true);

}  // namespace terrarium::services::dynamodb
