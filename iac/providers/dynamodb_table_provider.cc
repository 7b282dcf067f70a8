// AWS::DynamoDB::Table: CreateTable, then TTL and point-in-time recovery (their own
// operations). Updates send one UpdateTable per change DynamoDB allows at a time (billing,
// each index created or deleted, stream, SSE, ...), then TTL, backups and the tag difference.
// Ref is the table name; GetAtt Arn and StreamArn.
// Parity: an index whose key schema or projection changes is deleted and created again in
// one stack operation (CloudFormation asks for two updates).
#include <map>

#include "iac/providers/provider_factories.h"
#include "iac/providers/provider_support.h"

namespace terrarium::iac::providers {
namespace {

json Throughput(const json& value, const std::string& path) {
  if (!value.is_object()) {
    throw PropertyError("Value of property {/" + path +
                        "} does not match type {ProvisionedThroughput}");
  }
  return {{"ReadCapacityUnits",
           IntegerValue(value.value("ReadCapacityUnits", json()), path + "/ReadCapacityUnits")},
          {"WriteCapacityUnits",
           IntegerValue(value.value("WriteCapacityUnits", json()), path + "/WriteCapacityUnits")}};
}

// A secondary index as the API takes it (the template may carry more, e.g. contributor
// insights, which DynamoDB's CreateTable does not).
json IndexInput(const json& index, const std::string& path) {
  json out = {{"IndexName", RequiredString(index, "IndexName")},
              {"KeySchema", index.value("KeySchema", json::array())},
              {"Projection", index.value("Projection", json::object())}};
  if (index.contains("ProvisionedThroughput")) {
    out["ProvisionedThroughput"] =
        Throughput(index["ProvisionedThroughput"], path + "/ProvisionedThroughput");
  }
  return out;
}

std::map<std::string, json> IndexesByName(const json& properties, const std::string& list) {
  std::map<std::string, json> out;
  for (const json& index : properties.value(list, json::array())) {
    out[RequiredString(index, "IndexName")] = IndexInput(index, list);
  }
  return out;
}

json SseInput(const json& spec) {
  json out = {{"Enabled",
               BooleanValue(spec.value("SSEEnabled", json(false)), "SSESpecification/SSEEnabled")}};
  if (spec.contains("SSEType")) out["SSEType"] = spec["SSEType"];
  if (spec.contains("KMSMasterKeyId")) out["KMSMasterKeyId"] = spec["KMSMasterKeyId"];
  return out;
}

bool TtlEnabled(const json& properties) {
  json spec = properties.value("TimeToLiveSpecification", json::object());
  return spec.contains("Enabled") &&
         BooleanValue(spec["Enabled"], "TimeToLiveSpecification/Enabled");
}

bool PitrEnabled(const json& properties) {
  json spec = properties.value("PointInTimeRecoverySpecification", json::object());
  return spec.contains("PointInTimeRecoveryEnabled") &&
         BooleanValue(spec["PointInTimeRecoveryEnabled"],
                      "PointInTimeRecoverySpecification/PointInTimeRecoveryEnabled");
}

class DynamoDbTableProvider final : public ResourceProvider {
 public:
  std::string_view Type() const override { return "AWS::DynamoDB::Table"; }

  ProvisionedResource Create(const ProviderContext& ctx, const json& properties) override {
    std::string name = GivenOrGeneratedName(ctx, properties, "TableName");
    json input = {{"TableName", name},
                  {"AttributeDefinitions", properties.value("AttributeDefinitions", json::array())},
                  {"KeySchema", properties.value("KeySchema", json::array())},
                  {"BillingMode", StringOr(properties, "BillingMode", "PROVISIONED")}};
    if (properties.contains("ProvisionedThroughput")) {
      input["ProvisionedThroughput"] =
          Throughput(properties["ProvisionedThroughput"], "ProvisionedThroughput");
    }
    for (const char* list : {"GlobalSecondaryIndexes", "LocalSecondaryIndexes"}) {
      if (!properties.contains(list)) continue;
      input[list] = json::array();
      for (const auto& [index_name, index] : IndexesByName(properties, list))
        input[list].push_back(index);
    }
    if (properties.contains("StreamSpecification")) {
      input["StreamSpecification"] = {
          {"StreamEnabled", true},
          {"StreamViewType", RequiredString(properties["StreamSpecification"], "StreamViewType")}};
    }
    if (properties.contains("SSESpecification"))
      input["SSESpecification"] = SseInput(properties["SSESpecification"]);
    if (properties.contains("TableClass")) input["TableClass"] = StringOr(properties, "TableClass");
    if (properties.contains("DeletionProtectionEnabled")) {
      input["DeletionProtectionEnabled"] =
          BooleanValue(properties["DeletionProtectionEnabled"], "DeletionProtectionEnabled");
    }
    auto tags = TagMap(properties.value("Tags", json()));
    if (!tags.empty()) input["Tags"] = TagList(tags);
    json table = Call(ctx, "dynamodb", "CreateTable", input)["TableDescription"];
    try {
      if (TtlEnabled(properties)) SetTtl(ctx, name, properties, true);
      if (PitrEnabled(properties)) SetPitr(ctx, name, true);
    } catch (...) {
      Delete(ctx, name, properties);
      throw;
    }
    return Provisioned(table);
  }

  ProvisionedResource Update(const ProviderContext& ctx, const std::string& name,
                             const json& before, const json& after) override {
    auto update = [&](json input) {
      input["TableName"] = name;
      Call(ctx, "dynamodb", "UpdateTable", input);
    };
    if (Changed(before, after, "BillingMode") || Changed(before, after, "ProvisionedThroughput")) {
      json input = {{"BillingMode", StringOr(after, "BillingMode", "PROVISIONED")}};
      if (after.contains("ProvisionedThroughput")) {
        input["ProvisionedThroughput"] =
            Throughput(after["ProvisionedThroughput"], "ProvisionedThroughput");
      }
      update(input);
    }
    auto old_indexes = IndexesByName(before, "GlobalSecondaryIndexes");
    auto new_indexes = IndexesByName(after, "GlobalSecondaryIndexes");
    for (const auto& [index_name, index] : old_indexes) {
      auto it = new_indexes.find(index_name);
      if (it != new_indexes.end() && SameShape(index, it->second)) continue;
      update({{"GlobalSecondaryIndexUpdates", {{{"Delete", {{"IndexName", index_name}}}}}}});
    }
    for (const auto& [index_name, index] : new_indexes) {
      auto it = old_indexes.find(index_name);
      if (it == old_indexes.end() || !SameShape(index, it->second)) {
        update({{"AttributeDefinitions", after.value("AttributeDefinitions", json::array())},
                {"GlobalSecondaryIndexUpdates", {{{"Create", index}}}}});
      } else if (index.value("ProvisionedThroughput", json()) !=
                     it->second.value("ProvisionedThroughput", json()) &&
                 index.contains("ProvisionedThroughput")) {
        update({{"GlobalSecondaryIndexUpdates",
                 {{{"Update",
                    {{"IndexName", index_name},
                     {"ProvisionedThroughput", index["ProvisionedThroughput"]}}}}}}});
      }
    }
    if (Changed(before, after, "StreamSpecification")) {
      if (before.contains("StreamSpecification")) {
        update({{"StreamSpecification", {{"StreamEnabled", false}}}});
      }
      if (after.contains("StreamSpecification")) {
        update({{"StreamSpecification",
                 {{"StreamEnabled", true},
                  {"StreamViewType",
                   RequiredString(after["StreamSpecification"], "StreamViewType")}}}});
      }
    }
    if (Changed(before, after, "SSESpecification")) {
      update({{"SSESpecification", SseInput(after.value("SSESpecification", json::object()))}});
    }
    if (Changed(before, after, "TableClass")) {
      update({{"TableClass", StringOr(after, "TableClass", "STANDARD")}});
    }
    if (Changed(before, after, "DeletionProtectionEnabled")) {
      update({{"DeletionProtectionEnabled",
               BooleanValue(after.value("DeletionProtectionEnabled", json(false)),
                            "DeletionProtectionEnabled")}});
    }
    if (Changed(before, after, "TimeToLiveSpecification")) {
      bool was = TtlEnabled(before);
      bool is = TtlEnabled(after);
      bool renamed =
          StringOr(before.value("TimeToLiveSpecification", json::object()), "AttributeName") !=
          StringOr(after.value("TimeToLiveSpecification", json::object()), "AttributeName");
      if (was && (!is || renamed)) SetTtl(ctx, name, before, false);
      if (is && (!was || renamed)) SetTtl(ctx, name, after, true);
    }
    if (PitrEnabled(before) != PitrEnabled(after)) SetPitr(ctx, name, PitrEnabled(after));
    json table = Call(ctx, "dynamodb", "DescribeTable", {{"TableName", name}})["Table"];
    TagChanges tags = DiffTags(before.value("Tags", json()), after.value("Tags", json()));
    if (!tags.removed.empty()) {
      Call(ctx, "dynamodb", "UntagResource",
           {{"ResourceArn", table["TableArn"]}, {"TagKeys", tags.removed}});
    }
    if (!tags.set.empty()) {
      Call(ctx, "dynamodb", "TagResource",
           {{"ResourceArn", table["TableArn"]}, {"Tags", TagList(tags.set)}});
    }
    return Provisioned(table);
  }

  void Delete(const ProviderContext& ctx, const std::string& name, const json&) override {
    UnlessGone([&] { Call(ctx, "dynamodb", "DeleteTable", {{"TableName", name}}); });
  }

  std::optional<json> Read(const ProviderContext& ctx, const std::string& name,
                           const json& declared) override {
    json table;
    json ttl;
    json pitr;
    json tags;
    if (!UnlessGone([&] {
          table = Call(ctx, "dynamodb", "DescribeTable", {{"TableName", name}})["Table"];
          ttl = Call(ctx, "dynamodb", "DescribeTimeToLive",
                     {{"TableName", name}})["TimeToLiveDescription"];
          pitr = Call(ctx, "dynamodb", "DescribeContinuousBackups", {{"TableName", name}});
          tags = Call(ctx, "dynamodb", "ListTagsOfResource", {{"ResourceArn", table["TableArn"]}});
        })) {
      return std::nullopt;
    }
    std::string billing =
        table.value("BillingModeSummary", json::object()).value("BillingMode", "PROVISIONED");
    auto throughput = [](const json& described) {
      return json{{"ReadCapacityUnits", described.value("ReadCapacityUnits", 0)},
                  {"WriteCapacityUnits", described.value("WriteCapacityUnits", 0)}};
    };
    json current = {
        {"TableName", table["TableName"]},
        {"AttributeDefinitions", table["AttributeDefinitions"]},
        {"KeySchema", table["KeySchema"]},
        {"BillingMode", billing},
        {"TableClass",
         table.value("TableClassSummary", json::object()).value("TableClass", "STANDARD")},
        {"DeletionProtectionEnabled", table.value("DeletionProtectionEnabled", false)}};
    if (billing == "PROVISIONED")
      current["ProvisionedThroughput"] = throughput(table["ProvisionedThroughput"]);
    for (const char* list : {"GlobalSecondaryIndexes", "LocalSecondaryIndexes"}) {
      if (!table.contains(list)) continue;
      current[list] = json::array();
      for (const json& index : table[list]) {
        json out = {{"IndexName", index["IndexName"]},
                    {"KeySchema", index["KeySchema"]},
                    {"Projection", index["Projection"]}};
        if (billing == "PROVISIONED" && index.contains("ProvisionedThroughput")) {
          out["ProvisionedThroughput"] = throughput(index["ProvisionedThroughput"]);
        }
        current[list].push_back(out);
      }
    }
    json stream = table.value("StreamSpecification", json::object());
    if (stream.value("StreamEnabled", false)) {
      current["StreamSpecification"] = {{"StreamViewType", stream["StreamViewType"]}};
    }
    json sse = table.value("SSEDescription", json::object());
    if (sse.value("Status", "") == "ENABLED") {
      current["SSESpecification"] = {{"SSEEnabled", true}};
      // KMS is what enabling means; name it only when the template does.
      std::string type = sse.value("SSEType", "KMS");
      if (type != "KMS" || declared.value("SSESpecification", json::object()).contains("SSEType")) {
        current["SSESpecification"]["SSEType"] = type;
      }
    }
    if (ttl.value("TimeToLiveStatus", "") == "ENABLED") {
      current["TimeToLiveSpecification"] = {{"AttributeName", ttl["AttributeName"]},
                                            {"Enabled", true}};
    }
    bool pitr_on = pitr.value("ContinuousBackupsDescription", json::object())
                       .value("PointInTimeRecoveryDescription", json::object())
                       .value("PointInTimeRecoveryStatus", "") == "ENABLED";
    current["PointInTimeRecoverySpecification"] = {{"PointInTimeRecoveryEnabled", pitr_on}};
    current["Tags"] = TagList(TagMap(tags.value("Tags", json::array())));
    return OnlyDeclared(current, declared);
  }

 private:
  // Whether two indexes differ only in throughput (which UpdateTable changes in place).
  static bool SameShape(const json& a, const json& b) {
    return a["KeySchema"] == b["KeySchema"] && a["Projection"] == b["Projection"];
  }

  static void SetTtl(const ProviderContext& ctx, const std::string& name, const json& properties,
                     bool enabled) {
    std::string attribute = RequiredString(
        properties.value("TimeToLiveSpecification", json::object()), "AttributeName");
    Call(ctx, "dynamodb", "UpdateTimeToLive",
         {{"TableName", name},
          {"TimeToLiveSpecification", {{"AttributeName", attribute}, {"Enabled", enabled}}}});
  }

  static void SetPitr(const ProviderContext& ctx, const std::string& name, bool enabled) {
    Call(ctx, "dynamodb", "UpdateContinuousBackups",
         {{"TableName", name},
          {"PointInTimeRecoverySpecification", {{"PointInTimeRecoveryEnabled", enabled}}}});
  }

  static ProvisionedResource Provisioned(const json& table) {
    json attributes = {{"Arn", table["TableArn"]}};
    // DynamoDB keeps LatestStreamArn after a stream is disabled; GetAtt only names a live one.
    bool streaming =
        table.value("StreamSpecification", json::object()).value("StreamEnabled", false);
    if (streaming && table.contains("LatestStreamArn")) {
      attributes["StreamArn"] = table["LatestStreamArn"];
    }
    return {table["TableName"], attributes};
  }
};

}  // namespace

std::unique_ptr<ResourceProvider> MakeDynamoDbTableProvider() {
  return std::make_unique<DynamoDbTableProvider>();
}

}  // namespace terrarium::iac::providers
