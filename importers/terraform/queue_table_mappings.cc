// What the mapping table (type_mappings.cc) cannot say about aws_sqs_queue_policy and
// aws_dynamodb_table.
#include "importers/terraform/attribute_mapping.h"
#include "importers/terraform/type_mappings.h"

namespace terrarium::importers::tf {

using nlohmann::json;

void MoreSqsQueuePolicy(const json& attrs, const SideFiles&, Mapped& out) {
  out.properties["Queues"] = json::array({attrs.value("queue_url", json())});
}

namespace {

json KeySchema(const json& block) {
  json keys =
      json::array({{{"AttributeName", block.value("hash_key", json())}, {"KeyType", "HASH"}}});
  if (!Unset(block.value("range_key", json()))) {
    keys.push_back({{"AttributeName", block["range_key"]}, {"KeyType", "RANGE"}});
  }
  return keys;
}

json Projection(const json& index) {
  json projection = {{"ProjectionType", index.value("projection_type", "ALL")}};
  CopyIfSet(index, "non_key_attributes", projection, "NonKeyAttributes");
  return projection;
}

json Throughput(const json& block) {
  return {{"ReadCapacityUnits", block.value("read_capacity", 0)},
          {"WriteCapacityUnits", block.value("write_capacity", 0)}};
}

}  // namespace

void MoreDynamoDbTable(const json& attrs, const SideFiles&, Mapped& out) {
  json& p = out.properties;
  bool on_demand = attrs.value("billing_mode", "PROVISIONED") == "PAY_PER_REQUEST";
  p["BillingMode"] = on_demand ? "PAY_PER_REQUEST" : "PROVISIONED";
  p["KeySchema"] = KeySchema(attrs);
  json definitions = json::array();
  for (const auto& attribute : attrs.value("attribute", json::array())) {
    definitions.push_back({{"AttributeName", attribute.value("name", json())},
                           {"AttributeType", attribute.value("type", json())}});
  }
  p["AttributeDefinitions"] = std::move(definitions);
  if (!on_demand) p["ProvisionedThroughput"] = Throughput(attrs);
  json global = json::array();
  for (const auto& index : attrs.value("global_secondary_index", json::array())) {
    json gsi = {{"IndexName", index.value("name", json())},
                {"KeySchema", KeySchema(index)},
                {"Projection", Projection(index)}};
    if (!on_demand) gsi["ProvisionedThroughput"] = Throughput(index);
    global.push_back(std::move(gsi));
  }
  if (!global.empty()) p["GlobalSecondaryIndexes"] = std::move(global);
  json local = json::array();
  for (const auto& index : attrs.value("local_secondary_index", json::array())) {
    json schema = {{{"AttributeName", attrs.value("hash_key", json())}, {"KeyType", "HASH"}},
                   {{"AttributeName", index.value("range_key", json())}, {"KeyType", "RANGE"}}};
    local.push_back({{"IndexName", index.value("name", json())},
                     {"KeySchema", std::move(schema)},
                     {"Projection", Projection(index)}});
  }
  if (!local.empty()) p["LocalSecondaryIndexes"] = std::move(local);
  const json& ttl = Block(attrs, "ttl");
  if (ttl.is_object() && ttl.value("enabled", false)) {
    p["TimeToLiveSpecification"] = {{"AttributeName", ttl.value("attribute_name", json())},
                                    {"Enabled", true}};
  }
  if (attrs.value("stream_enabled", false)) {
    p["StreamSpecification"] = {{"StreamViewType", attrs.value("stream_view_type", json())}};
  }
  const json& recovery = Block(attrs, "point_in_time_recovery");
  if (recovery.is_object() && recovery.value("enabled", false)) {
    p["PointInTimeRecoverySpecification"] = {{"PointInTimeRecoveryEnabled", true}};
  }
  if (attrs.value("table_class", "STANDARD") != "STANDARD" &&
      !Unset(attrs.value("table_class", json()))) {
    p["TableClass"] = attrs["table_class"];
  }
}

}  // namespace terrarium::importers::tf
