#include "emulator/services/dynamodb/item_support.h"

#include "emulator/core/aws_error.h"
#include "emulator/services/dynamodb/attribute_value.h"
#include "emulator/services/dynamodb/expression_eval.h"
#include "emulator/services/dynamodb/legacy_params.h"
#include "emulator/services/dynamodb/stream_log.h"
#include "emulator/services/dynamodb/ttl.h"
#include "emulator/services/dynamodb/update_apply.h"

namespace terrarium::services::dynamodb {
namespace {

AwsError KeyMismatch() {
  return ValidationError("The provided key element does not match the schema");
}

void CheckKeyValue(const std::string& name, const Json& value) {
  std::string_view type = TypeOf(value);
  const Json& inner = value.begin().value();
  if ((type == "S" && inner.get_ref<const std::string&>().empty()) ||
      (type == "B" && inner.get_ref<const std::string&>().empty())) {
    throw ValidationError(
        std::string("One or more parameter values are not valid. The AttributeValue for a key "
                    "attribute cannot contain an empty ") +
        (type == "S" ? "string" : "binary") + " value. Key: " + name);
  }
}

void CheckKeySizes(const TableInfo& table, const Json& key) {
  if (ValueSize(key.at(table.key.hash_name)) > 2048) {
    throw InvalidParameterValues(
        "Size of hashkey has exceeded the maximum size limit of2048 bytes");
  }
  if (table.key.HasRange() && ValueSize(key.at(table.key.range_name)) > 1024) {
    throw InvalidParameterValues(
        "Aggregated size of all range keys has exceeded the size limit of 1024 bytes");
  }
}

}  // namespace

Json ValidateKey(const TableInfo& table, const Json& key) {
  size_t expected = table.key.HasRange() ? 2 : 1;
  if (!key.is_object() || key.size() != expected) throw KeyMismatch();
  Json normalized = NormalizeItem(key);
  auto check = [&](const std::string& name, const std::string& type) {
    auto it = normalized.find(name);
    if (it == normalized.end() || TypeOf(*it) != type) throw KeyMismatch();
    CheckKeyValue(name, *it);
  };
  check(table.key.hash_name, table.key.hash_type);
  if (table.key.HasRange()) check(table.key.range_name, table.key.range_type);
  CheckKeySizes(table, normalized);
  return normalized;
}

size_t CheckItemLimits(const TableInfo& table, const Json& item) {
  for (const IndexInfo& index : table.indexes) {
    for (const auto& [name, type] : {std::pair{index.key.hash_name, index.key.hash_type},
                                     std::pair{index.key.range_name, index.key.range_type}}) {
      if (name.empty()) continue;
      auto it = item.find(name);
      if (it == item.end()) continue;
      if (TypeOf(*it) != type) {
        throw InvalidParameterValues("Type mismatch for Index Key " + name + " Expected: " + type +
                                     " Actual: " + std::string(TypeOf(*it)) +
                                     " IndexName: " + index.name);
      }
      CheckKeyValue(name, *it);
    }
  }
  size_t size = ItemSize(item);
  if (size > kMaxItemBytes)
    throw ValidationError("Item size has exceeded the maximum allowed size");
  return size;
}

Json ValidateItem(const TableInfo& table, const Json& item, size_t* size) {
  Json normalized = NormalizeItem(item);
  for (const auto& [name, type] : {std::pair{table.key.hash_name, table.key.hash_type},
                                   std::pair{table.key.range_name, table.key.range_type}}) {
    if (name.empty()) continue;
    auto it = normalized.find(name);
    if (it == normalized.end())
      throw InvalidParameterValues("Missing the key " + name + " in the item");
    if (TypeOf(*it) != type) {
      throw InvalidParameterValues("Type mismatch for key " + name + " expected: " + type +
                                   " actual: " + std::string(TypeOf(*it)));
    }
    CheckKeyValue(name, *it);
  }
  CheckKeySizes(table, normalized);
  size_t checked = CheckItemLimits(table, normalized);
  if (size != nullptr) *size = checked;
  return normalized;
}

namespace {

// Whether the request has a member that ParseWriteExpressions reads: most writes have none,
// and the checks below cost a plain PutItem more than its key did.
bool HasWriteExpressionMembers(const Json& input) {
  static constexpr std::string_view kMembers[] = {
      "Expected",         "AttributeUpdates",         "ConditionExpression",
      "UpdateExpression", "ExpressionAttributeNames", "ExpressionAttributeValues"};
  for (const auto& [name, value] : input.items()) {
    for (std::string_view member : kMembers) {
      if (name == member) return true;
    }
  }
  return false;
}

// A member of the request, or an empty object when absent (without copying it, as
// Json::value would).
const Json& MemberOrEmpty(const Json& input, const char* name) {
  static const Json kEmpty = Json::object();
  auto it = input.find(name);
  return it == input.end() ? kEmpty : *it;
}

}  // namespace

WriteExpressions ParseWriteExpressions(const Json& input, bool with_update) {
  WriteExpressions out;
  if (!HasWriteExpressionMembers(input)) return out;
  CheckNotMixed(input, {"Expected", "AttributeUpdates"},
                {"ConditionExpression", "UpdateExpression", "ExpressionAttributeNames",
                 "ExpressionAttributeValues"});
  if (input.contains("Expected") || input.contains("AttributeUpdates")) {
    if (input.contains("Expected")) {
      out.condition =
          LegacyCondition(input["Expected"], input.value("ConditionalOperator", "AND"), true);
    }
    if (with_update && input.contains("AttributeUpdates")) {
      out.update = LegacyUpdate(input["AttributeUpdates"]);
    }
    return out;
  }
  bool has_condition = input.contains("ConditionExpression");
  bool has_update = with_update && input.contains("UpdateExpression");
  if (!has_condition && !has_update) {
    const char* which = with_update ? "UpdateExpression and ConditionExpression are null"
                                    : "ConditionExpression is null";
    if (input.contains("ExpressionAttributeValues")) {
      throw ValidationError(std::string("ExpressionAttributeValues can only be specified when "
                                        "using expressions: ") +
                            which);
    }
    if (input.contains("ExpressionAttributeNames")) {
      throw ValidationError(std::string("ExpressionAttributeNames can only be specified when "
                                        "using expressions: ") +
                            which);
    }
    return out;
  }
  ExpressionAttributes attrs(input);
  if (has_update) out.update = ParseUpdate(input["UpdateExpression"].get<std::string>(), attrs);
  if (has_condition) {
    out.condition = ParseCondition(input["ConditionExpression"].get<std::string>(),
                                   "ConditionExpression", attrs);
  }
  attrs.CheckAllUsed();
  return out;
}

std::optional<std::vector<Path>> ParseReadProjection(const Json& input) {
  CheckNotMixed(input, {"AttributesToGet"}, {"ProjectionExpression", "ExpressionAttributeNames"});
  if (input.contains("AttributesToGet")) return LegacyProjection(input["AttributesToGet"]);
  if (!input.contains("ProjectionExpression")) {
    if (input.contains("ExpressionAttributeNames")) {
      throw ValidationError(
          "ExpressionAttributeNames can only be specified when using expressions");
    }
    return std::nullopt;
  }
  ExpressionAttributes attrs(input);
  auto paths = ParseProjection(input["ProjectionExpression"].get<std::string>(), attrs);
  attrs.CheckAllUsed();
  return paths;
}

void CheckCondition(const WriteExpressions& expressions, const std::optional<Json>& existing,
                    const Json& input) {
  if (!expressions.condition) return;
  static const Json kNoItem = Json::object();
  if (EvaluateCondition(*expressions.condition, existing ? *existing : kNoItem)) return;
  AwsError error("ConditionalCheckFailedException", "The conditional request failed");
  if (existing && input.value("ReturnValuesOnConditionCheckFailure", "NONE") == "ALL_OLD") {
    error.With("Item", *existing);
  }
  throw error;
}

std::optional<Json> ReturnedAttributes(const std::string& return_values,
                                       const std::optional<Json>& before,
                                       const std::optional<Json>& after,
                                       const std::optional<UpdatePlan>& update) {
  if (return_values == "ALL_OLD") return before;
  if (return_values == "ALL_NEW") return after;
  if ((return_values == "UPDATED_OLD" || return_values == "UPDATED_NEW") && update) {
    const std::optional<Json>& source = return_values == "UPDATED_OLD" ? before : after;
    if (!source) return std::nullopt;
    std::vector<Path> paths;
    for (const auto& action : update->actions) paths.push_back(action.path);
    Json projected = Project(*source, paths);
    if (projected.empty()) return std::nullopt;
    return projected;
  }
  return std::nullopt;
}

AwsError TransactionCanceled(const Json& reasons) {
  std::string codes;
  for (const Json& reason : reasons) {
    codes += (codes.empty() ? "" : ", ") + reason["Code"].get<std::string>();
  }
  AwsError error("TransactionCanceledException",
                 "Transaction cancelled, please refer cancellation reasons for specific reasons [" +
                     codes + "]");
  error.With("CancellationReasons", reasons);
  return error;
}

PreparedWrite PrepareWrite(storage::WriteTxn& txn, const Scope& scope, WriteKind kind,
                           const Json& input, double now, bool old_item_wanted) {
  PreparedWrite write;
  write.kind = kind;
  write.table = RequireTable(txn, scope, input.value("TableName", ""));
  write.old_item_on_failure =
      input.value("ReturnValuesOnConditionCheckFailure", "NONE") == "ALL_OLD";
  write.expressions = ParseWriteExpressions(input, kind == WriteKind::kUpdate);
  if (kind == WriteKind::kCheck && !write.expressions.condition) {
    throw ValidationError("The ConditionExpression of a ConditionCheck must not be empty");
  }
  if (kind == WriteKind::kPut) {
    write.after = ValidateItem(*write.table, MemberOrEmpty(input, "Item"), &write.after_size);
    write.key = KeyOf(write.table->key, *write.after);
  } else {
    write.key = ValidateKey(*write.table, MemberOrEmpty(input, "Key"));
  }
  write.item_key = ItemStoreKey(*write.table, write.key);
  if (kind == WriteKind::kUpdate && write.expressions.update) {
    for (const auto& action : write.expressions.update->actions) {
      const std::string& top = action.path[0].name;
      if (top == write.table->key.hash_name || top == write.table->key.range_name) {
        throw ValidationError(
            "One or more parameter values were invalid: Cannot update attribute " + top +
            ". This attribute is part of the key");
      }
    }
  }
  auto description = write.table->record.find("Description");
  bool streamed = description != write.table->record.end() && StreamEnabled(*description);
  bool parse_before = old_item_wanted || kind != WriteKind::kPut || write.expressions.condition ||
                      !write.table->indexes.empty() || streamed;
  if (!parse_before) {
    std::optional<std::string> text = ReadStoredText(txn, write.item_key);
    if (!text) return write;
    StoredItem stored(*text, "", write.table->ttl_attribute);
    if (!IsExpired(*write.table, stored, now)) {
      write.unparsed_before_size = stored.size();
      return write;
    }
    write.before = stored.item();  // expired: deleted as TTL would, below
  } else {
    write.before = ReadStoredItem(txn, write.item_key);
  }
  if (write.before && IsExpired(*write.table, *write.before, now)) {
    ExpireItem(txn, *write.table, *write.before, now);
    write.before.reset();
  }
  return write;
}

bool PreparedWrite::ConditionHolds() const {
  if (!expressions.condition) return true;
  static const Json kNoItem = Json::object();
  return EvaluateCondition(*expressions.condition, before ? *before : kNoItem);
}

void PreparedWrite::Apply() {
  if (kind == WriteKind::kUpdate) {
    Json item = before ? *before : key;
    if (expressions.update) ApplyUpdate(*expressions.update, item);
    after_size = CheckItemLimits(*table, item);
    after = std::move(item);
  }
}

void PreparedWrite::Commit(storage::WriteTxn& txn, double now) const {
  if (kind == WriteKind::kCheck || (kind == WriteKind::kDelete && !before)) return;
  static const std::optional<Json> kNone;
  // (A reference, not `kind == kDelete ? std::nullopt : after`, which copied the item.)
  const std::optional<Json>& written = kind == WriteKind::kDelete ? kNone : after;
  if (kind == WriteKind::kPut) {
    WriteKnownItem(txn, *table, before, written, now,
                   KnownItem{key, item_key, after_size, unparsed_before_size});
    return;
  }
  // The key attributes as the stored item holds them (streams report them), which a request's
  // Key may spell differently (a binary key's base64).
  Json keys = KeyOf(table->key, written ? *written : *before);
  WriteKnownItem(txn, *table, before, written, now,
                 KnownItem{keys, item_key, written ? after_size : 0, std::nullopt});
}

std::string PreparedWrite::ItemKey() const { return item_key; }

}  // namespace terrarium::services::dynamodb
