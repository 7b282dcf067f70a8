// DynamoDB resource tags (tables only).
// Parity notes: tags apply at once (AWS applies them asynchronously); ListTagsOfResource
// returns every tag in one page. Index and stream ARNs are not taggable here.
#include "emulator/core/aws_error.h"
#include "emulator/services/dynamodb/ops.h"
#include "emulator/services/dynamodb/table_store.h"

namespace terrarium::services::dynamodb {
namespace {

using nlohmann::json;

// The table an ARN names in the caller's account and region, inside a write or read txn.
TableInfo TableForArn(storage::ReadTxn& txn, const Scope& scope, const std::string& arn) {
  std::string prefix = "arn:aws:dynamodb:" + scope.region + ":" + scope.account + ":table/";
  if (arn.starts_with(prefix)) {
    std::string name = arn.substr(prefix.size());
    if (name.find('/') == std::string::npos) {
      if (auto table = LoadTable(txn, scope, name)) return *table;
    }
  } else if (!arn.starts_with("arn:")) {
    throw ValidationError("Invalid TableArn: Invalid ResourceArn provided as input " + arn);
  }
  throw AwsError("ResourceNotFoundException",
                 "Requested resource not found: ResourcArn: " + arn + " not found");
}

}  // namespace

json TagResource(RequestContext& ctx, const json& input) {
  auto txn = ctx.store->BeginWrite();
  TableInfo table = TableForArn(*txn, ctx.scope, input.value("ResourceArn", ""));
  json tags = table.record.value("Tags", json::array());
  for (const json& tag : input.value("Tags", json::array())) {
    bool replaced = false;
    for (json& existing : tags) {
      if (existing["Key"] == tag["Key"]) {
        existing["Value"] = tag["Value"];
        replaced = true;
      }
    }
    if (!replaced) tags.push_back(tag);
  }
  if (tags.size() > 50) throw AwsError("LimitExceededException", "Too many tags for the resource");
  table.record["Tags"] = tags;
  SaveTable(*txn, ctx.scope, table.name, table.record);
  txn->Commit();
  return json::object();
}

json UntagResource(RequestContext& ctx, const json& input) {
  auto txn = ctx.store->BeginWrite();
  TableInfo table = TableForArn(*txn, ctx.scope, input.value("ResourceArn", ""));
  json kept = json::array();
  for (const json& tag : table.record.value("Tags", json::array())) {
    bool removed = false;
    for (const json& key : input.value("TagKeys", json::array())) {
      if (tag["Key"] == key) removed = true;
    }
    if (!removed) kept.push_back(tag);
  }
  table.record["Tags"] = kept;
  SaveTable(*txn, ctx.scope, table.name, table.record);
  txn->Commit();
  return json::object();
}

json ListTagsOfResource(RequestContext& ctx, const json& input) {
  auto txn = ctx.store->BeginRead();
  TableInfo table = TableForArn(*txn, ctx.scope, input.value("ResourceArn", ""));
  return {{"Tags", table.record.value("Tags", json::array())}};
}

}  // namespace terrarium::services::dynamodb
