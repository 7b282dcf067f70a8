// DynamoDB tables: create, describe, update, delete, list, TTL, continuous backups, endpoints.
// Parity notes: tables and indexes are ACTIVE at once (CREATING/UPDATING are never reported;
// waiters succeed on their first poll). Provisioned throughput is recorded, never enforced.
// Index ItemCount/IndexSizeBytes report the table's counters. Point-in-time recovery is a flag
// (nothing can be restored). DeleteTable removes everything at once.
#include <cctype>
#include <set>

#include "emulator/core/aws_error.h"
#include "emulator/core/ids.h"
#include "emulator/core/timestamp.h"
#include "emulator/services/dynamodb/attribute_value.h"
#include "emulator/services/dynamodb/ops.h"
#include "emulator/services/dynamodb/stream_log.h"
#include "emulator/services/dynamodb/table_description.h"
#include "emulator/services/dynamodb/table_store.h"

namespace terrarium::services::dynamodb {
namespace {

using nlohmann::json;

std::string Join(const std::set<std::string>& names) {
  std::string out = "[";
  for (const auto& name : names) out += (out.size() > 1 ? ", " : "") + name;
  return out + "]";
}

void CollectKeyNames(const json& key_schema, std::set<std::string>& names) {
  for (const json& element : key_schema) names.insert(element.value("AttributeName", ""));
}

void CheckKeySchema(const json& key_schema, const std::string& where) {
  if (key_schema.empty() || key_schema.size() > 2 || key_schema[0].value("KeyType", "") != "HASH" ||
      (key_schema.size() == 2 && key_schema[1].value("KeyType", "") != "RANGE")) {
    throw InvalidParameterValues(
        where.empty() ? "Invalid KeySchema: The first KeySchemaElement is not a HASH key type"
                      : "Invalid KeySchema for " + where);
  }
  if (key_schema.size() == 2 &&
      key_schema[0].value("AttributeName", "") == key_schema[1].value("AttributeName", "")) {
    throw InvalidParameterValues(
        "Both the Hash Key and the Range Key element in the KeySchema have the same name");
  }
}

// Checks the attribute definitions against every key that uses them.
void CheckDefinitions(const json& input) {
  json definitions = input.value("AttributeDefinitions", json::array());
  std::set<std::string> defined;
  for (const json& d : definitions) {
    std::string type = d.value("AttributeType", "");
    if (type != "S" && type != "N" && type != "B") {
      throw InvalidParameterValues("Unknown type: " + type + " for attribute " +
                                   d.value("AttributeName", ""));
    }
    defined.insert(d.value("AttributeName", ""));
  }
  std::set<std::string> used;
  CollectKeyNames(input.value("KeySchema", json::array()), used);
  for (const char* list : {"GlobalSecondaryIndexes", "LocalSecondaryIndexes"}) {
    for (const json& index : input.value(list, json::array())) {
      CollectKeyNames(index.value("KeySchema", json::array()), used);
    }
  }
  std::set<std::string> missing;
  for (const auto& name : used) {
    if (defined.count(name) == 0) missing.insert(name);
  }
  if (!missing.empty()) {
    throw InvalidParameterValues(
        "Some index key attributes are not defined in AttributeDefinitions. Keys: " +
        Join(missing) + ", AttributeDefinitions: " + Join(defined));
  }
  if (defined.size() != used.size()) {
    throw InvalidParameterValues("Some AttributeDefinitions are not used. AttributeDefinitions: " +
                                 Join(defined) + ", keys used: " + Join(used));
  }
}

std::string StreamLabel(double now) {
  std::string iso = FormatIso8601(now);
  if (!iso.empty() && iso.back() == 'Z') iso.pop_back();
  return iso;
}

// Sets StreamSpecification/LatestStreamArn/LatestStreamLabel from a request's specification.
void ApplyStreamSpecification(json& description, const json& spec, const Scope& scope, double now) {
  bool enabled = spec.value("StreamEnabled", false);
  if (enabled && !spec.contains("StreamViewType")) {
    throw ValidationError(
        "Stream specification requires StreamViewType when StreamEnabled is true");
  }
  bool was_enabled = StreamEnabled(description);
  if (enabled && was_enabled) {
    throw ValidationError("Table already has an enabled stream: " +
                          description.value("TableArn", ""));
  }
  if (enabled) {
    std::string label = StreamLabel(now);
    description["StreamSpecification"] = {{"StreamEnabled", true},
                                          {"StreamViewType", spec["StreamViewType"]}};
    description["LatestStreamLabel"] = label;
    description["LatestStreamArn"] =
        TableArn(scope, description["TableName"].get<std::string>()) + "/stream/" + label;
  } else if (was_enabled) {
    // The old stream stays readable for 24 hours: keep LatestStreamArn, mark it disabled.
    description["StreamSpecification"] = {{"StreamEnabled", false}};
  }
}

json IndexDescription(const json& index, const Scope& scope, const std::string& table_name,
                      bool global, const std::string& billing) {
  json out = {{"IndexName", index["IndexName"]},
              {"KeySchema", index["KeySchema"]},
              {"Projection", index.value("Projection", json{{"ProjectionType", "ALL"}})},
              {"IndexSizeBytes", 0},
              {"ItemCount", 0},
              {"IndexArn",
               TableArn(scope, table_name) + "/index/" + index["IndexName"].get<std::string>()}};
  if (global) {
    out["IndexStatus"] = "ACTIVE";
    out["ProvisionedThroughput"] = ThroughputDescription(
        billing == "PROVISIONED" ? index.value("ProvisionedThroughput", json::object())
                                 : json::object());
    out["WarmThroughput"] = {
        {"ReadUnitsPerSecond", 12000}, {"WriteUnitsPerSecond", 4000}, {"Status", "ACTIVE"}};
  }
  return out;
}

void CheckBilling(const std::string& billing, const json& input, const char* what) {
  bool has_throughput = input.contains("ProvisionedThroughput");
  if (billing == "PROVISIONED" && !has_throughput) {
    throw InvalidParameterValues(
        std::string("ReadCapacityUnits and WriteCapacityUnits must both be specified "
                    "when BillingMode is PROVISIONED") +
        what);
  }
  if (billing == "PAY_PER_REQUEST" && has_throughput) {
    throw InvalidParameterValues(
        std::string("Neither ReadCapacityUnits nor WriteCapacityUnits can be specified "
                    "when BillingMode is PAY_PER_REQUEST") +
        what);
  }
}

json SseDescription(const json& spec, const Scope& scope) {
  if (!spec.value("Enabled", false)) return nullptr;
  std::string key = spec.value("KMSMasterKeyId", "");
  if (key.empty()) key = Arn("kms", scope.region, scope.account, "key/" + NewUuid());
  return {{"Status", "ENABLED"}, {"SSEType", "KMS"}, {"KMSMasterKeyArn", key}};
}

std::string TableNameOf(const json& input) { return input.value("TableName", ""); }

// DescribeTable and DeleteTable name the table in their not-found message.
TableInfo RequireNamedTable(storage::ReadTxn& txn, const Scope& scope, const std::string& name) {
  auto table = LoadTable(txn, scope, name);
  if (!table) {
    throw AwsError("ResourceNotFoundException",
                   "Requested resource not found: Table: " + name + " not found");
  }
  return *table;
}

}  // namespace

json CreateTable(RequestContext& ctx, const json& input) {
  std::string name = TableNameOf(input);
  if (name.size() < 3 || name.size() > 255) {
    throw ValidationError(
        "1 validation error detected: Value '" + name +
        "' at 'tableName' failed to satisfy constraint: Member must have length " +
        (name.size() < 3 ? "greater than or equal to 3" : "less than or equal to 255"));
  }
  bool valid_name = true;
  for (unsigned char c : name) valid_name &= std::isalnum(c) || c == '_' || c == '.' || c == '-';
  if (!valid_name) {
    throw ValidationError("1 validation error detected: Value '" + name +
                          "' at 'tableName' failed to satisfy constraint: Member must satisfy "
                          "regular expression pattern: [a-zA-Z0-9_.-]+");
  }
  double now = ctx.clock->EpochSeconds();
  json key_schema = input.value("KeySchema", json::array());
  CheckKeySchema(key_schema, "");
  CheckDefinitions(input);
  std::string billing = input.value("BillingMode", "PROVISIONED");
  CheckBilling(billing, input, "");
  std::string arn = TableArn(ctx.scope, name);

  json description = {
      {"AttributeDefinitions", input["AttributeDefinitions"]},
      {"TableName", name},
      {"KeySchema", key_schema},
      {"TableStatus", "ACTIVE"},
      {"CreationDateTime", now},
      {"ProvisionedThroughput",
       ThroughputDescription(input.value("ProvisionedThroughput", json::object()))},
      {"TableArn", arn},
      {"TableId", NewUuid()},
      {"DeletionProtectionEnabled", input.value("DeletionProtectionEnabled", false)},
      {"WarmThroughput",
       {{"ReadUnitsPerSecond", 12000}, {"WriteUnitsPerSecond", 4000}, {"Status", "ACTIVE"}}},
      {"TableClassSummary", {{"TableClass", input.value("TableClass", "STANDARD")}}},
  };
  if (billing == "PAY_PER_REQUEST") {
    description["BillingModeSummary"] = {{"BillingMode", "PAY_PER_REQUEST"},
                                         {"LastUpdateToPayPerRequestDateTime", now}};
  }
  std::set<std::string> index_names;
  if (input.contains("GlobalSecondaryIndexes")) {
    json list = json::array();
    for (const json& index : input["GlobalSecondaryIndexes"]) {
      CheckKeySchema(index["KeySchema"], index.value("IndexName", ""));
      if (billing == "PROVISIONED" && !index.contains("ProvisionedThroughput")) {
        throw InvalidParameterValues("ProvisionedThroughput is not specified for index: " +
                                     index.value("IndexName", ""));
      }
      if (!index_names.insert(index.value("IndexName", "")).second) {
        throw InvalidParameterValues("Duplicate index name: " + index.value("IndexName", ""));
      }
      list.push_back(IndexDescription(index, ctx.scope, name, true, billing));
    }
    description["GlobalSecondaryIndexes"] = list;
  }
  if (input.contains("LocalSecondaryIndexes")) {
    if (key_schema.size() != 2) {
      throw InvalidParameterValues(
          "Table KeySchema does not have a range key, which is required when specifying "
          "a LocalSecondaryIndex");
    }
    json list = json::array();
    for (const json& index : input["LocalSecondaryIndexes"]) {
      CheckKeySchema(index["KeySchema"], index.value("IndexName", ""));
      if (index["KeySchema"][0]["AttributeName"] != key_schema[0]["AttributeName"]) {
        throw InvalidParameterValues(
            "Index KeySchema does not have the same leading hash key as table KeySchema "
            "for index: " +
            index.value("IndexName", "") +
            ". index hash key: " + index["KeySchema"][0].value("AttributeName", "") +
            ", table hash key: " + key_schema[0].value("AttributeName", ""));
      }
      if (!index_names.insert(index.value("IndexName", "")).second) {
        throw InvalidParameterValues("Duplicate index name: " + index.value("IndexName", ""));
      }
      list.push_back(IndexDescription(index, ctx.scope, name, false, billing));
    }
    description["LocalSecondaryIndexes"] = list;
  }
  if (input.contains("StreamSpecification")) {
    ApplyStreamSpecification(description, input["StreamSpecification"], ctx.scope, now);
  }
  if (input.contains("SSESpecification")) {
    json sse = SseDescription(input["SSESpecification"], ctx.scope);
    if (!sse.is_null()) description["SSEDescription"] = sse;
  }
  // Hex of the table id's first bytes: short and fixed-length for item keys.
  json record = {{"Id", RandomString(16, "0123456789abcdef")},
                 {"Description", description},
                 {"Tags", input.value("Tags", json::array())}};

  auto txn = ctx.store->BeginWrite();
  if (LoadTable(*txn, ctx.scope, name)) {
    throw AwsError("ResourceInUseException", "Table already exists: " + name);
  }
  SaveTable(*txn, ctx.scope, name, record);
  if (description.contains("LatestStreamArn")) OpenStream(*txn, ctx.scope, description, now);
  txn->Commit();
  description["ItemCount"] = 0;
  description["TableSizeBytes"] = 0;
  return {{"TableDescription", description}};
}

json DescribeTable(RequestContext& ctx, const json& input) {
  auto txn = ctx.store->BeginRead();
  std::string name = TableNameOf(input);
  TableInfo table = RequireNamedTable(*txn, ctx.scope, name);
  return {{"Table", DescribeWithCounts(*txn, table)}};
}

json DeleteTable(RequestContext& ctx, const json& input) {
  auto txn = ctx.store->BeginWrite();
  std::string name = TableNameOf(input);
  TableInfo table = RequireNamedTable(*txn, ctx.scope, name);
  if (table.record["Description"].value("DeletionProtectionEnabled", false)) {
    throw ValidationError(
        "Resource cannot be deleted as it is currently protected against deletion. Disable "
        "deletion protection first.");
  }
  json description = DescribeWithCounts(*txn, table);
  description["TableStatus"] = "DELETING";
  if (description.contains("LatestStreamArn")) {
    CloseStream(*txn, ctx.scope, description["LatestStreamArn"]);
  }
  EraseTable(*txn, table);
  txn->Commit();
  return {{"TableDescription", description}};
}

json ListTables(RequestContext& ctx, const json& input) {
  size_t limit = input.value("Limit", 100);
  auto txn = ctx.store->BeginRead();
  auto names =
      ListTableNames(*txn, ctx.scope, input.value("ExclusiveStartTableName", ""), limit + 1);
  json out = {{"TableNames", json::array()}};
  for (size_t i = 0; i < names.size() && i < limit; ++i) out["TableNames"].push_back(names[i]);
  if (names.size() > limit) out["LastEvaluatedTableName"] = names[limit - 1];
  return out;
}

json UpdateTable(RequestContext& ctx, const json& input) {
  double now = ctx.clock->EpochSeconds();
  auto txn = ctx.store->BeginWrite();
  TableInfo table = *RequireTable(*txn, ctx.scope, TableNameOf(input));
  json& description = table.record["Description"];
  std::string billing =
      input.value("BillingMode",
                  description.contains("BillingModeSummary") ? "PAY_PER_REQUEST" : "PROVISIONED");
  if (input.contains("BillingMode")) {
    if (billing == "PROVISIONED" && !input.contains("ProvisionedThroughput") &&
        description.contains("BillingModeSummary")) {
      CheckBilling(billing, input, "");
    }
    if (billing == "PAY_PER_REQUEST") {
      description["BillingModeSummary"] = {{"BillingMode", "PAY_PER_REQUEST"},
                                           {"LastUpdateToPayPerRequestDateTime", now}};
      description["ProvisionedThroughput"] = ThroughputDescription(json::object());
    } else {
      description.erase("BillingModeSummary");
    }
  }
  if (input.contains("ProvisionedThroughput")) {
    if (billing == "PAY_PER_REQUEST") CheckBilling(billing, input, "");
    description["ProvisionedThroughput"] = ThroughputDescription(input["ProvisionedThroughput"]);
  }
  if (input.contains("AttributeDefinitions")) {
    json merged = description["AttributeDefinitions"];
    for (const json& d : input["AttributeDefinitions"]) {
      bool found = false;
      for (json& existing : merged) {
        if (existing["AttributeName"] == d["AttributeName"]) found = true;
      }
      if (!found) merged.push_back(d);
    }
    description["AttributeDefinitions"] = merged;
  }
  std::vector<std::string> created, deleted;
  for (const json& update : input.value("GlobalSecondaryIndexUpdates", json::array())) {
    json& list = description["GlobalSecondaryIndexes"];
    if (list.is_null()) list = json::array();
    if (update.contains("Create")) {
      const json& index = update["Create"];
      std::string index_name = index.value("IndexName", "");
      if (table.FindIndex(index_name)) {
        throw InvalidParameterValues("Table already has an index named " + index_name);
      }
      CheckKeySchema(index["KeySchema"], index_name);
      for (const json& element : index["KeySchema"]) {
        std::string attribute = element.value("AttributeName", "");
        bool defined = false;
        for (const json& d : description["AttributeDefinitions"]) {
          defined |= d.value("AttributeName", "") == attribute;
        }
        if (!defined) {
          throw InvalidParameterValues("Global Secondary Index key attribute " + attribute +
                                       " is not defined in AttributeDefinitions");
        }
      }
      list.push_back(IndexDescription(index, ctx.scope, table.name, true, billing));
      created.push_back(index_name);
    } else if (update.contains("Delete")) {
      std::string index_name = update["Delete"].value("IndexName", "");
      const IndexInfo* index = table.FindIndex(index_name);
      if (index == nullptr || !index->global) {
        throw AwsError("ResourceNotFoundException",
                       "Requested resource not found: Index: " + index_name + " not found");
      }
      DropIndex(*txn, table, *index);
      json kept = json::array();
      for (const json& d : list) {
        if (d["IndexName"] != index_name) kept.push_back(d);
      }
      list = kept;
      deleted.push_back(index_name);
    } else if (update.contains("Update")) {
      std::string index_name = update["Update"].value("IndexName", "");
      for (json& d : list) {
        if (d["IndexName"] == index_name && update["Update"].contains("ProvisionedThroughput")) {
          d["ProvisionedThroughput"] =
              ThroughputDescription(update["Update"]["ProvisionedThroughput"]);
        }
      }
    }
    if (list.empty()) description.erase("GlobalSecondaryIndexes");
  }
  if (input.contains("StreamSpecification")) {
    std::string old_arn = description.value("LatestStreamArn", "");
    ApplyStreamSpecification(description, input["StreamSpecification"], ctx.scope, now);
    if (description.value("LatestStreamArn", "") != old_arn) {
      CloseStream(*txn, ctx.scope, old_arn);
      OpenStream(*txn, ctx.scope, description, now);
    } else if (!StreamEnabled(description)) {
      CloseStream(*txn, ctx.scope, old_arn);
    }
  }
  if (input.contains("SSESpecification")) {
    json sse = SseDescription(input["SSESpecification"], ctx.scope);
    if (sse.is_null()) {
      description.erase("SSEDescription");
    } else {
      description["SSEDescription"] = sse;
    }
  }
  if (input.contains("DeletionProtectionEnabled")) {
    description["DeletionProtectionEnabled"] = input["DeletionProtectionEnabled"];
  }
  if (input.contains("TableClass")) {
    description["TableClassSummary"] = {{"TableClass", input["TableClass"]},
                                        {"LastUpdateDateTime", now}};
  }
  SaveTable(*txn, ctx.scope, table.name, table.record);
  // Re-read so that new indexes (and their attribute definitions) are known, then fill them.
  TableInfo updated = *RequireTable(*txn, ctx.scope, table.name);
  for (const auto& index_name : created) {
    if (const IndexInfo* index = updated.FindIndex(index_name))
      BackfillIndex(*txn, updated, *index);
  }
  json out = DescribeWithCounts(*txn, updated);
  txn->Commit();
  return {{"TableDescription", out}};
}

json DescribeTimeToLive(RequestContext& ctx, const json& input) {
  auto txn = ctx.store->BeginRead();
  TableInfo table = *RequireTable(*txn, ctx.scope, TableNameOf(input));
  json ttl = table.record.value("TimeToLive", json::object());
  if (!ttl.value("Enabled", false)) {
    return {{"TimeToLiveDescription", {{"TimeToLiveStatus", "DISABLED"}}}};
  }
  return {{"TimeToLiveDescription",
           {{"TimeToLiveStatus", "ENABLED"}, {"AttributeName", ttl["AttributeName"]}}}};
}

json UpdateTimeToLive(RequestContext& ctx, const json& input) {
  auto txn = ctx.store->BeginWrite();
  TableInfo table = *RequireTable(*txn, ctx.scope, TableNameOf(input));
  const json& spec = input["TimeToLiveSpecification"];
  json current = table.record.value("TimeToLive", json::object());
  bool enable = spec.value("Enabled", false);
  if (enable && current.value("Enabled", false)) {
    throw ValidationError("TimeToLive is already enabled");
  }
  if (!enable && !current.value("Enabled", false)) {
    throw ValidationError("TimeToLive is already disabled");
  }
  if (!enable && current.value("AttributeName", "") != spec.value("AttributeName", "")) {
    throw ValidationError(
        "TimeToLive is active on a different AttributeName: current "
        "AttributeName is " +
        current.value("AttributeName", ""));
  }
  table.record["TimeToLive"] = {{"Enabled", enable}, {"AttributeName", spec["AttributeName"]}};
  SaveTable(*txn, ctx.scope, table.name, table.record);
  txn->Commit();
  return {{"TimeToLiveSpecification", spec}};
}

namespace {

json ContinuousBackups(const TableInfo& table, double now) {
  json pitr = table.record.value("PointInTimeRecovery", json::object());
  json recovery = {{"PointInTimeRecoveryStatus", "DISABLED"}};
  if (pitr.value("Enabled", false)) {
    recovery = {{"PointInTimeRecoveryStatus", "ENABLED"},
                {"RecoveryPeriodInDays", pitr.value("RecoveryPeriodInDays", 35)},
                {"EarliestRestorableDateTime", pitr.value("Since", now)},
                {"LatestRestorableDateTime", now}};
  }
  return {{"ContinuousBackupsStatus", "ENABLED"}, {"PointInTimeRecoveryDescription", recovery}};
}

TableInfo RequireTableForBackups(storage::ReadTxn& txn, const Scope& scope,
                                 const std::string& name) {
  auto table = LoadTable(txn, scope, name);
  if (!table) throw AwsError("TableNotFoundException", "Table not found: " + name);
  return *table;
}

}  // namespace

json DescribeContinuousBackups(RequestContext& ctx, const json& input) {
  auto txn = ctx.store->BeginRead();
  TableInfo table = RequireTableForBackups(*txn, ctx.scope, TableNameOf(input));
  return {{"ContinuousBackupsDescription", ContinuousBackups(table, ctx.clock->EpochSeconds())}};
}

json UpdateContinuousBackups(RequestContext& ctx, const json& input) {
  double now = ctx.clock->EpochSeconds();
  auto txn = ctx.store->BeginWrite();
  TableInfo table = RequireTableForBackups(*txn, ctx.scope, TableNameOf(input));
  const json& spec = input["PointInTimeRecoverySpecification"];
  int days = spec.value("RecoveryPeriodInDays", 35);
  if (days < 1 || days > 35) {
    throw ValidationError("RecoveryPeriodInDays must be between 1 and 35");
  }
  if (spec.value("PointInTimeRecoveryEnabled", false)) {
    json current = table.record.value("PointInTimeRecovery", json::object());
    table.record["PointInTimeRecovery"] = {
        {"Enabled", true},
        {"RecoveryPeriodInDays", days},
        {"Since", current.value("Enabled", false) ? current.value("Since", now) : now}};
  } else {
    table.record["PointInTimeRecovery"] = {{"Enabled", false}};
  }
  SaveTable(*txn, ctx.scope, table.name, table.record);
  txn->Commit();
  return {{"ContinuousBackupsDescription", ContinuousBackups(table, now)}};
}

json DescribeEndpoints(RequestContext& ctx, const json&) {
  return {
      {"Endpoints", json::array({{{"Address", "dynamodb." + ctx.scope.region + ".amazonaws.com"},
                                  {"CachePeriodInMinutes", 1440}}})}};
}

json DescribeLimits(RequestContext&, const json&) {
  return {{"AccountMaxReadCapacityUnits", 80000},
          {"AccountMaxWriteCapacityUnits", 80000},
          {"TableMaxReadCapacityUnits", 40000},
          {"TableMaxWriteCapacityUnits", 40000}};
}

}  // namespace terrarium::services::dynamodb
