// DynamoDB BatchGetItem and BatchWriteItem.
// Parity notes: every request is processed, so UnprocessedKeys/UnprocessedItems are always
// empty maps; a whole BatchWriteItem commits in one store transaction (AWS makes each put or
// delete atomic on its own, so no client can tell the difference). BatchGetItem answers items
// in request order per table (AWS's order is unspecified).
#include <set>

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

constexpr size_t kMaxGetKeys = 100;
constexpr size_t kMaxWrites = 25;

AwsError Duplicates() { return ValidationError("Provided list of item keys contains duplicates"); }

}  // namespace

json BatchGetItem(RequestContext& ctx, const json& input) {
  const json& requests = input.value("RequestItems", json::object());
  size_t total = 0;
  for (const auto& [name, request] : requests.items()) {
    total += request.value("Keys", json::array()).size();
  }
  if (total > kMaxGetKeys) {
    throw ValidationError("Too many items requested for the BatchGetItem call");
  }
  double now = ctx.clock->EpochSeconds();
  auto txn = ctx.store->BeginRead();
  // Responses as JSON text: the items that go out unchanged are their stored text (item_text.h).
  std::string responses = "{";
  std::map<std::string, Consumed> consumed;
  for (const auto& [name, request] : requests.items()) {
    TableRef table_ref = RequireTable(*txn, ctx.scope, name);
    const TableInfo& table = *table_ref;
    bool consistent = request.value("ConsistentRead", false);
    auto projection = ParseReadProjection(request);
    if (responses.size() > 1) responses += ',';
    responses += json(name).dump() + ":[";
    bool first = true;
    std::set<std::string> seen;
    for (const json& raw_key : request.value("Keys", json::array())) {
      json key = ValidateKey(table, raw_key);
      if (!seen.insert(ItemStoreKey(table, key)).second) throw Duplicates();
      std::optional<std::string> text = ReadItemText(*txn, table, key);
      std::optional<StoredItem> item;
      if (text) item.emplace(*text, "", table.ttl_attribute);
      if (item && IsExpired(table, *item, now)) item.reset();
      // Each item is rounded up to 4 KB on its own.
      consumed[name].Add(ReadCapacity(nullptr, item ? item->size() : 0, consistent));
      if (!item) continue;
      if (!first) responses += ',';
      first = false;
      responses += projection ? Project(item->item(), *projection)
                                    .dump(-1, ' ', false, json::error_handler_t::replace)
                              : std::string(item->text());
    }
    responses += ']';
  }
  responses += '}';
  json out = {{"UnprocessedKeys", json::object()}};
  if (auto capacity = CapacityListJson(input, consumed)) out["ConsumedCapacity"] = *capacity;
  return AnswerWithRawMember(ctx, std::move(out), "Responses", responses);
}

json BatchWriteItem(RequestContext& ctx, const json& input) {
  const json& requests = input.value("RequestItems", json::object());
  size_t total = 0;
  for (const auto& [name, list] : requests.items()) total += list.size();
  if (total > kMaxWrites) {
    throw ValidationError("Too many items requested for the BatchWriteItem call");
  }
  double now = ctx.clock->EpochSeconds();
  auto txn = ctx.store->BeginWrite();
  std::vector<PreparedWrite> writes;
  std::set<std::string> seen;
  for (const auto& [name, list] : requests.items()) {
    for (const json& request : list) {
      bool put = request.contains("PutRequest");
      if (put == request.contains("DeleteRequest")) {
        throw ValidationError(
            "Supplied AttributeValue has more than one datatypes set, must contain exactly one of "
            "the supported datatypes");
      }
      json single = put ? request["PutRequest"] : request["DeleteRequest"];
      single["TableName"] = name;
      writes.push_back(
          PrepareWrite(*txn, ctx.scope, put ? WriteKind::kPut : WriteKind::kDelete, single, now));
      if (!seen.insert(writes.back().ItemKey()).second) throw Duplicates();
    }
  }
  std::map<std::string, Consumed> consumed;
  json collections = json::object();
  for (const PreparedWrite& write : writes) {
    // A later write to the same table reads the state the earlier ones left.
    PreparedWrite current = write;
    current.before = ReadItem(*txn, *current.table, current.key);
    current.Commit(*txn, now);
    consumed[current.table->name].Add(
        WriteCapacity(*current.table, current.before,
                      current.kind == WriteKind::kDelete ? std::nullopt : current.after));
  }
  for (const PreparedWrite& write : writes) {  // after all writes: the collections' final sizes
    AddItemCollectionMetrics(*txn, input, *write.table, write.key, collections);
  }
  txn->Commit();
  json out = {{"UnprocessedItems", json::object()}};
  if (!collections.empty()) out["ItemCollectionMetrics"] = collections;
  if (auto capacity = CapacityListJson(input, consumed)) out["ConsumedCapacity"] = *capacity;
  return out;
}

}  // namespace terrarium::services::dynamodb
