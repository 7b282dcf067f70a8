// DynamoDB Query and Scan (with the legacy KeyConditions/QueryFilter/ScanFilter/AttributesToGet
// translated into expressions).
// Parity notes: a Query reads its partition as a range scan of the store in sort-key order;
// ScanIndexForward=false reads the store backwards from the condition's upper bound, so a
// page costs the same in both directions. A page stops at Limit evaluated items or 1 MB, and
// LastEvaluatedKey is returned whenever a page stops early, as AWS does (the next page may be
// empty). Scan segments split the table by a hash of the partition key. Items with equal GSI keys
// come back in a stable but arbitrary order.
#include <algorithm>

#include "emulator/core/aws_error.h"
#include "emulator/core/encoding.h"
#include "emulator/services/dynamodb/attribute_value.h"
#include "emulator/services/dynamodb/capacity.h"
#include "emulator/services/dynamodb/expression_eval.h"
#include "emulator/services/dynamodb/expression_parser.h"
#include "emulator/services/dynamodb/item_text.h"
#include "emulator/services/dynamodb/key_codec.h"
#include "emulator/services/dynamodb/legacy_params.h"
#include "emulator/services/dynamodb/ops.h"
#include "emulator/services/dynamodb/table_store.h"
#include "emulator/services/dynamodb/ttl.h"

namespace terrarium::services::dynamodb {
namespace {

using nlohmann::json;

constexpr size_t kPageBytes = 1024 * 1024;

// What to read: the table or one of its indexes.
struct Source {
  const IndexInfo* index = nullptr;
  const KeySchema* key = nullptr;
};

Source ResolveSource(const TableInfo& table, const json& input) {
  Source source{nullptr, &table.key};
  if (input.contains("IndexName")) {
    std::string name = input["IndexName"];
    source.index = table.FindIndex(name);
    if (source.index == nullptr) {
      throw ValidationError("The table does not have the specified index: " + name);
    }
    source.key = &source.index->key;
    if (source.index->global && input.value("ConsistentRead", false)) {
      throw ValidationError("Consistent reads are not supported on global secondary indexes");
    }
  }
  return source;
}

// The key attributes of a LastEvaluatedKey: the table's key plus the index's.
json EvaluatedKey(const TableInfo& table, const Source& source, const json& item) {
  json key = KeyOf(table.key, item);
  if (source.index != nullptr) {
    json index_key = KeyOf(source.index->key, item);
    for (const auto& [name, value] : index_key.items()) key[name] = value;
  }
  return key;
}

// The store key an ExclusiveStartKey stands for.
std::string StartKeyFor(const TableInfo& table, const Source& source, const json& start) {
  json normalized = NormalizeItem(start);
  for (const KeySchema* schema : {&table.key, source.key}) {
    for (const auto& [name, type] : {std::pair{schema->hash_name, schema->hash_type},
                                     std::pair{schema->range_name, schema->range_type}}) {
      if (name.empty()) continue;
      auto it = normalized.find(name);
      if (it == normalized.end() || TypeOf(*it) != type) {
        throw ValidationError(
            "The provided starting key is invalid: The provided key element does "
            "not match the schema");
      }
    }
  }
  std::string item_key = ItemStoreKey(table, KeyOf(table.key, normalized));
  if (source.index == nullptr) return item_key;
  std::string key = PartitionPrefix(table, source.index, normalized[source.key->hash_name]);
  if (source.key->HasRange()) key += RangePart(normalized[source.key->range_name]);
  return key + Sha256(item_key);
}

struct ReadExpressions {
  std::optional<Condition> key_condition;
  std::optional<Condition> filter;
  std::optional<std::vector<Path>> projection;
};

ReadExpressions ParseReadExpressions(const json& input, bool query) {
  ReadExpressions out;
  CheckNotMixed(input, {"KeyConditions", "QueryFilter", "ScanFilter", "AttributesToGet"},
                {"KeyConditionExpression", "FilterExpression", "ProjectionExpression",
                 "ExpressionAttributeNames", "ExpressionAttributeValues"});
  std::string op = input.value("ConditionalOperator", "AND");
  if (query && input.contains("KeyConditions")) {
    out.key_condition = LegacyCondition(input["KeyConditions"], "AND", false);
  }
  if (const char* filter = query ? "QueryFilter" : "ScanFilter"; input.contains(filter)) {
    out.filter = LegacyCondition(input[filter], op, false);
  }
  if (input.contains("AttributesToGet"))
    out.projection = LegacyProjection(input["AttributesToGet"]);
  bool any = input.contains("FilterExpression") || input.contains("ProjectionExpression") ||
             (query && input.contains("KeyConditionExpression"));
  if (!any) {
    for (const char* member : {"ExpressionAttributeNames", "ExpressionAttributeValues"}) {
      if (input.contains(member)) {
        throw ValidationError(std::string(member) +
                              " can only be specified when using expressions");
      }
    }
    return out;
  }
  ExpressionAttributes attrs(input);
  if (query && input.contains("KeyConditionExpression")) {
    out.key_condition = ParseCondition(input["KeyConditionExpression"].get<std::string>(),
                                       "KeyConditionExpression", attrs);
  }
  if (input.contains("FilterExpression")) {
    out.filter =
        ParseCondition(input["FilterExpression"].get<std::string>(), "FilterExpression", attrs);
  }
  if (input.contains("ProjectionExpression")) {
    out.projection = ParseProjection(input["ProjectionExpression"].get<std::string>(), attrs);
  }
  attrs.CheckAllUsed();
  return out;
}

// A key condition taken apart: the partition value and an optional sort-key condition.
struct KeyRange {
  json hash;
  const Condition* range = nullptr;
};

bool IsPathTo(const Operand& operand, const std::string& name) {
  return operand.kind == Operand::Kind::kPath && operand.path.size() == 1 &&
         operand.path[0].name == name;
}

KeyRange AnalyzeKeyCondition(const Condition& condition, const KeySchema& key) {
  std::vector<const Condition*> parts;
  CollectConjuncts(condition, parts);
  if (parts.size() > 2) {
    throw ValidationError("Invalid KeyConditionExpression: The expression has too many conditions");
  }
  KeyRange range;
  bool have_hash = false;
  for (const Condition* part : parts) {
    if (part->kind == Condition::Kind::kCompare && part->op == "=" &&
        IsPathTo(part->operands[0], key.hash_name) &&
        part->operands[1].kind == Operand::Kind::kValue && !have_hash) {
      range.hash = part->operands[1].value;
      have_hash = true;
      continue;
    }
    bool on_range = !key.range_name.empty() && !part->operands.empty() &&
                    IsPathTo(part->operands[0], key.range_name);
    bool supported = (part->kind == Condition::Kind::kCompare && part->op != "<>") ||
                     part->kind == Condition::Kind::kBetween ||
                     (part->kind == Condition::Kind::kFunction && part->op == "begins_with");
    if (!on_range || !supported || range.range != nullptr) {
      if (part->kind == Condition::Kind::kOr || part->kind == Condition::Kind::kNot ||
          part->kind == Condition::Kind::kIn || !supported) {
        throw ValidationError("Invalid operator used in KeyConditionExpression: " +
                              std::string(part->kind == Condition::Kind::kOr    ? "OR"
                                          : part->kind == Condition::Kind::kNot ? "NOT"
                                          : part->kind == Condition::Kind::kIn  ? "IN"
                                                                                : part->op));
      }
      throw ValidationError("Query key condition not supported");
    }
    for (size_t i = 1; i < part->operands.size(); ++i) {
      if (part->operands[i].kind != Operand::Kind::kValue) {
        throw ValidationError("Query key condition not supported");
      }
      if (TypeOf(part->operands[i].value) != key.range_type) {
        throw ValidationError(
            "One or more parameter values were invalid: Condition parameter type does not match "
            "schema type");
      }
    }
    range.range = part;
  }
  if (!have_hash) {
    throw ValidationError("Query condition missed key schema element: " + key.hash_name);
  }
  if (TypeOf(range.hash) != key.hash_type) {
    throw ValidationError(
        "One or more parameter values were invalid: Condition parameter type does not match "
        "schema type");
  }
  return range;
}

// The least byte string greater than every string that starts with `prefix`.
std::string PrefixSuccessor(std::string prefix) {
  while (!prefix.empty() && static_cast<unsigned char>(prefix.back()) == 0xFF) prefix.pop_back();
  if (!prefix.empty())
    prefix.back() = static_cast<char>(static_cast<unsigned char>(prefix.back()) + 1);
  return prefix;
}

// The store position just before the first sort key >= value.
std::string LowerBound(const std::string& partition, const json& value) {
  std::string part = RangePart(value);
  size_t cut = IsTruncatedRange(part) ? part.size() - 34 : part.size() - 2;
  return partition + part.substr(0, cut);
}

// The store position just past every sort key the condition's upper bound admits (empty: no
// upper bound). Entries at the bound itself are read and left to the condition to judge.
std::string UpperBound(const std::string& partition, const Condition& rc) {
  if (rc.kind == Condition::Kind::kFunction) {  // begins_with: past every value with the prefix
    return PrefixSuccessor(LowerBound(partition, rc.operands[1].value));
  }
  const Operand* bound = nullptr;
  if (rc.kind == Condition::Kind::kBetween) bound = &rc.operands[2];
  if (rc.kind == Condition::Kind::kCompare && rc.op != ">" && rc.op != ">=") {
    bound = &rc.operands[1];
  }
  if (bound == nullptr) return {};
  // 0x00 0x04 follows the value's own keys (0x00 0x01) and its truncated run (0x00 0x03), and
  // precedes every larger value (their next byte is not 0x00, or 0x00 0xFF for an escaped 0).
  return LowerBound(partition, bound->value) + std::string("\x00\x04", 2);
}

// Whether a sort-key value is beyond the condition's upper bound (ascending reads stop there).
bool PastUpper(const Condition& rc, const json& value, const std::string& range_name) {
  const json* bound = nullptr;
  if (rc.kind == Condition::Kind::kBetween) bound = &rc.operands[2].value;
  if (rc.kind == Condition::Kind::kCompare && rc.op != ">" && rc.op != ">=") {
    bound = &rc.operands[1].value;
  }
  if (bound != nullptr) {
    auto order = CompareScalars(value, *bound);
    return order && (*order > 0 || (*order == 0 && rc.op == "<"));
  }
  if (rc.kind == Condition::Kind::kFunction) {  // begins_with: past every value with the prefix
    auto order = CompareScalars(value, rc.operands[1].value);
    return order && *order > 0 && !EvaluateCondition(rc, json{{range_name, value}});
  }
  return false;
}

// Whether a sort-key value is below the condition's lower bound (descending reads stop there).
bool PastLower(const Condition& rc, const json& value) {
  const json* bound = nullptr;
  if (rc.kind == Condition::Kind::kBetween || rc.kind == Condition::Kind::kFunction ||
      (rc.kind == Condition::Kind::kCompare && rc.op != "<" && rc.op != "<=")) {
    bound = &rc.operands[1].value;
  }
  if (bound == nullptr) return false;
  auto order = CompareScalars(value, *bound);
  return order && (*order < 0 || (*order == 0 && rc.op == ">"));
}

// The items a Query or Scan answers, as the JSON text of the Items list: an item that goes out
// unchanged is its stored text, never parsed (item_text.h); a projection (the index's or the
// request's) or a filter parses it.
class ReadPage {
 public:
  ReadPage(const json& input, const TableInfo& table, const Source& source,
           const ReadExpressions& expressions)
      : table_(table),
        source_(source),
        expressions_(expressions),
        limit_(input.value("Limit", size_t{0})),
        with_items_(input.value("Select", expressions.projection ? "SPECIFIC_ATTRIBUTES"
                                                                 : "ALL_ATTRIBUTES") != "COUNT"),
        index_projects_(source.index != nullptr && source.index->projection_type != "ALL") {
    if (with_items_) body_ = RawBodyStart("Items");
  }

  // Counts an item read, keeps it if it passes the filter; returns whether to read on (false at
  // Limit or 1 MB, with LastEvaluatedKey set from the item).
  bool Take(StoredItem& item) {
    scanned_++;
    // The size of the entry read, as AWS bills it and pages by it: the index's projection.
    bytes_ += index_projects_ ? ItemSize(IndexProjection(table_, *source_.index, item.item()))
                              : item.size();
    bool full = (limit_ != 0 && scanned_ >= limit_) || bytes_ >= kPageBytes;
    if (full) last_key_ = EvaluatedKey(table_, source_, item.item());
    if (expressions_.filter &&
        !EvaluateCondition(*expressions_.filter, item.item(), "FilterExpression")) {
      return !full;
    }
    count_++;
    if (with_items_) {
      body_ += count_ == 1 ? '[' : ',';
      if (!index_projects_ && !expressions_.projection) {
        body_ += item.text();
      } else {
        json visible =
            index_projects_ ? IndexProjection(table_, *source_.index, item.item()) : item.item();
        if (expressions_.projection) visible = Project(visible, *expressions_.projection);
        body_ += visible.dump(-1, ' ', false, json::error_handler_t::replace);
      }
    }
    return !full;
  }

  // The answer, with the Items list as text (AnswerWithRawBody).
  json Respond(RequestContext& ctx, const json& input) {
    json out = {{"Count", count_}, {"ScannedCount", scanned_}};
    if (last_key_) out["LastEvaluatedKey"] = *last_key_;
    json capacity =
        CapacityJson(input, table_.name,
                     ReadCapacity(source_.index, bytes_, input.value("ConsistentRead", false)));
    if (!capacity.is_null()) out["ConsumedCapacity"] = capacity;
    if (!with_items_) return out;
    body_ += count_ == 0 ? "[]" : "]";
    return AnswerWithRawBody(ctx, std::move(out), std::move(body_));
  }

 private:
  const TableInfo& table_;
  const Source& source_;
  const ReadExpressions& expressions_;
  size_t limit_;
  bool with_items_;
  bool index_projects_;
  size_t count_ = 0;
  size_t scanned_ = 0;
  size_t bytes_ = 0;  // of the entries read (scanned), for the 1 MB limit and consumed capacity
  std::string body_;  // the response body up to the Items list, then the items read
  std::optional<json> last_key_;
};

void CheckSelect(const json& input, const Source& source, const ReadExpressions& expressions) {
  std::string select = input.value("Select", "");
  if (select == "SPECIFIC_ATTRIBUTES" && !expressions.projection &&
      !input.contains("AttributesToGet")) {
    throw ValidationError(
        "One or more parameter values were invalid: Select type SPECIFIC_ATTRIBUTES requires "
        "ProjectionExpression or AttributesToGet");
  }
  if (!select.empty() && select != "SPECIFIC_ATTRIBUTES" && expressions.projection) {
    throw ValidationError(
        "One or more parameter values were invalid: Can not use both expression and "
        "non-expression parameters in the same request: Non-expression parameters: {Select} "
        "Expression parameters: {ProjectionExpression}");
  }
  if (select == "ALL_ATTRIBUTES" && source.index != nullptr && source.index->global &&
      source.index->projection_type != "ALL") {
    throw ValidationError(
        "One or more parameter values were invalid: Select type ALL_ATTRIBUTES "
        "is not supported for global secondary index " +
        source.index->name + " because its projection type is not ALL");
  }
}

}  // namespace

json Query(RequestContext& ctx, const json& input) {
  ReadExpressions expressions = ParseReadExpressions(input, true);
  if (!expressions.key_condition) {
    throw ValidationError(
        "Either the KeyConditions or KeyConditionExpression parameter must be "
        "specified in the request.");
  }
  auto txn = ctx.store->BeginRead();
  TableRef table_ref = RequireTable(*txn, ctx.scope, input.value("TableName", ""));
  const TableInfo& table = *table_ref;
  Source source = ResolveSource(table, input);
  CheckSelect(input, source, expressions);
  KeyRange range = AnalyzeKeyCondition(*expressions.key_condition, *source.key);
  bool forward = input.value("ScanIndexForward", true);
  double now = ctx.clock->EpochSeconds();

  std::string prefix = KeyPrefix(table, source.index);
  std::string partition = PartitionPrefix(table, source.index, range.hash);
  std::optional<std::string> exclusive_start;
  if (input.contains("ExclusiveStartKey")) {
    exclusive_start = StartKeyFor(table, source, input["ExclusiveStartKey"]);
  }
  const Condition* rc = range.range;
  const std::string& range_name = source.key->range_name;
  ReadPage page(input, table, source, expressions);
  // Both directions start at the bound of the sort-key condition in their direction and stop at
  // the first value past the other bound, so a page costs what it reads in either direction.
  auto visit = [&](std::string_view, std::string_view text) {
    StoredItem item(text, rc != nullptr ? std::string_view(range_name) : std::string_view(),
                    table.ttl_attribute);
    if (IsExpired(table, item, now)) return true;
    if (rc != nullptr) {
      json value = item.range_value();
      if (forward ? PastUpper(*rc, value, range_name) : PastLower(*rc, value)) return false;
      // The key condition names only the sort key (AnalyzeKeyCondition).
      if (!EvaluateCondition(*rc, json{{range_name, value}}, "KeyConditionExpression")) {
        return true;
      }
    }
    return page.Take(item);
  };
  if (forward) {
    std::string start_after;
    if (rc != nullptr && rc->op != "<" && rc->op != "<=") {
      start_after = LowerBound(partition, rc->operands[1].value);
    }
    if (exclusive_start && *exclusive_start > start_after) start_after = *exclusive_start;
    ScanOrdered(*txn, ItemsTable(source.index), partition, start_after, prefix.size(), range_name,
                visit);
  } else {
    std::string start_before = rc != nullptr ? UpperBound(partition, *rc) : std::string();
    if (exclusive_start && (start_before.empty() || *exclusive_start < start_before)) {
      start_before = *exclusive_start;
    }
    ScanOrderedBackward(*txn, ItemsTable(source.index), partition, start_before, prefix.size(),
                        range_name, visit);
  }
  return page.Respond(ctx, input);
}

json Scan(RequestContext& ctx, const json& input) {
  ReadExpressions expressions = ParseReadExpressions(input, false);
  int total = input.value("TotalSegments", 1);
  int segment = input.value("Segment", 0);
  if (input.contains("Segment") != input.contains("TotalSegments")) {
    throw ValidationError(input.contains("Segment")
                              ? "The TotalSegments parameter is required but was not present in "
                                "the request when Segment parameter is present"
                              : "The Segment parameter is required but was not present in the "
                                "request when parameter TotalSegments is present");
  }
  if (segment >= total) {
    throw ValidationError(
        "The Segment parameter is zero-based and must be less than parameter "
        "TotalSegments: Segment: " +
        std::to_string(segment) + " is not less than TotalSegments: " + std::to_string(total));
  }
  auto txn = ctx.store->BeginRead();
  TableRef table_ref = RequireTable(*txn, ctx.scope, input.value("TableName", ""));
  const TableInfo& table = *table_ref;
  Source source = ResolveSource(table, input);
  CheckSelect(input, source, expressions);
  double now = ctx.clock->EpochSeconds();
  std::string prefix = KeyPrefix(table, source.index);
  std::string start_after;
  if (input.contains("ExclusiveStartKey")) {
    start_after = StartKeyFor(table, source, input["ExclusiveStartKey"]);
  }
  ReadPage page(input, table, source, expressions);
  ScanOrdered(
      *txn, ItemsTable(source.index), prefix, start_after, prefix.size(), source.key->range_name,
      [&](std::string_view key, std::string_view text) {
        if (total > 1) {
          std::string_view rest = key.substr(prefix.size());
          if (static_cast<int>(Crc32(rest.substr(0, PartLength(rest))) % total) != segment) {
            return true;
          }
        }
        StoredItem item(text, "", table.ttl_attribute);
        if (IsExpired(table, item, now)) return true;
        return page.Take(item);
      });
  return page.Respond(ctx, input);
}

}  // namespace terrarium::services::dynamodb
