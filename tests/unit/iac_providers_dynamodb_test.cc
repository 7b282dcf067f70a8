// AWS::DynamoDB::Table through the real DynamoDB operations.
#include "iac_provider_test_support.h"

namespace terrarium::iac::testing {
namespace {

using json = nlohmann::json;

json KeyAttribute(const std::string& name, const std::string& type) {
  return {{"AttributeName", name}, {"KeyType", type}};
}

const json kTable = {
    {"TableName", "orders"},
    {"BillingMode", "PROVISIONED"},
    {"ProvisionedThroughput", {{"ReadCapacityUnits", "5"}, {"WriteCapacityUnits", 5}}},
    {"AttributeDefinitions",
     {{{"AttributeName", "pk"}, {"AttributeType", "S"}},
      {{"AttributeName", "sk"}, {"AttributeType", "S"}},
      {{"AttributeName", "customer"}, {"AttributeType", "S"}}}},
    {"KeySchema", {KeyAttribute("pk", "HASH"), KeyAttribute("sk", "RANGE")}},
    {"GlobalSecondaryIndexes",
     {{{"IndexName", "by-customer"},
       {"KeySchema", {KeyAttribute("customer", "HASH")}},
       {"Projection", {{"ProjectionType", "ALL"}}},
       {"ProvisionedThroughput", {{"ReadCapacityUnits", 1}, {"WriteCapacityUnits", 1}}}}}},
    {"LocalSecondaryIndexes",
     {{{"IndexName", "by-sk"},
       {"KeySchema", {KeyAttribute("pk", "HASH"), KeyAttribute("sk", "RANGE")}},
       {"Projection", {{"ProjectionType", "KEYS_ONLY"}}}}}},
    {"StreamSpecification", {{"StreamViewType", "NEW_IMAGE"}}},
    {"TimeToLiveSpecification", {{"AttributeName", "expires"}, {"Enabled", "true"}}},
    {"Tags", {{{"Key", "team"}, {"Value", "shop"}}}}};

class DynamoDbProvidersTest : public ProviderTest {
 protected:
  json Describe(const std::string& name) {
    return Call("dynamodb", "DescribeTable", {{"TableName", name}})["Table"];
  }
  json Ttl(const std::string& name) {
    return Call("dynamodb", "DescribeTimeToLive", {{"TableName", name}})["TimeToLiveDescription"];
  }
};

TEST_F(DynamoDbProvidersTest, CreatesATableWithIndexesStreamTtlAndTags) {
  auto table = Create("AWS::DynamoDB::Table", "Orders", kTable);
  EXPECT_EQ(table.physical_id, "orders");
  EXPECT_EQ(table.attributes["Arn"], "arn:aws:dynamodb:eu-west-1:123456789012:table/orders");
  EXPECT_TRUE(table.attributes["StreamArn"].get<std::string>().starts_with(
      "arn:aws:dynamodb:eu-west-1:123456789012:table/orders/stream/"));
  json described = Describe("orders");
  EXPECT_EQ(described["ProvisionedThroughput"]["ReadCapacityUnits"], 5);
  EXPECT_EQ(described["GlobalSecondaryIndexes"][0]["IndexName"], "by-customer");
  EXPECT_EQ(described["LocalSecondaryIndexes"][0]["IndexName"], "by-sk");
  EXPECT_EQ(described["StreamSpecification"]["StreamViewType"], "NEW_IMAGE");
  EXPECT_EQ(Ttl("orders")["AttributeName"], "expires");
  EXPECT_EQ(Ttl("orders")["TimeToLiveStatus"], "ENABLED");
  EXPECT_EQ(
      Call("dynamodb", "ListTagsOfResource", {{"ResourceArn", table.attributes["Arn"]}})["Tags"],
      kTable["Tags"]);

  auto read = Read("AWS::DynamoDB::Table", "orders", kTable);
  ASSERT_TRUE(read);
  EXPECT_EQ((*read)["KeySchema"], kTable["KeySchema"]);
  EXPECT_EQ((*read)["ProvisionedThroughput"], kTable["ProvisionedThroughput"])
      << "in sync: the declared form";
  EXPECT_EQ((*read)["StreamSpecification"], kTable["StreamSpecification"]);
  EXPECT_EQ((*read)["TimeToLiveSpecification"], kTable["TimeToLiveSpecification"]);
  json drifted = kTable;
  drifted["TimeToLiveSpecification"]["AttributeName"] = "gone";
  EXPECT_EQ((*Read("AWS::DynamoDB::Table", "orders", drifted))["TimeToLiveSpecification"],
            json({{"AttributeName", "expires"}, {"Enabled", true}}))
      << "drift shows what DynamoDB holds";
  EXPECT_EQ((*read)["GlobalSecondaryIndexes"][0]["IndexName"], "by-customer");
  EXPECT_EQ((*read)["Tags"], kTable["Tags"]);
}

TEST_F(DynamoDbProvidersTest, UpdatesBillingIndexesStreamTtlAndTagsInPlace) {
  Create("AWS::DynamoDB::Table", "Orders", kTable);
  json after = kTable;
  after["BillingMode"] = "PAY_PER_REQUEST";
  after.erase("ProvisionedThroughput");
  after["GlobalSecondaryIndexes"] = {{{"IndexName", "by-customer-v2"},
                                      {"KeySchema", {KeyAttribute("customer", "HASH")}},
                                      {"Projection", {{"ProjectionType", "KEYS_ONLY"}}}}};
  after.erase("StreamSpecification");
  after["TimeToLiveSpecification"] = {{"AttributeName", "expires"}, {"Enabled", false}};
  after["Tags"] = {{{"Key", "owner"}, {"Value", "ops"}}};
  for (const char* changed : {"BillingMode", "ProvisionedThroughput", "GlobalSecondaryIndexes",
                              "StreamSpecification", "TimeToLiveSpecification", "Tags"}) {
    EXPECT_FALSE(RequiresReplacement("AWS::DynamoDB::Table", changed)) << changed;
  }
  auto updated = Update("AWS::DynamoDB::Table", "Orders", "orders", kTable, after);
  json described = Describe("orders");
  EXPECT_EQ(described["BillingModeSummary"]["BillingMode"], "PAY_PER_REQUEST");
  ASSERT_EQ(described["GlobalSecondaryIndexes"].size(), 1u);
  EXPECT_EQ(described["GlobalSecondaryIndexes"][0]["IndexName"], "by-customer-v2");
  EXPECT_FALSE(
      described.value("StreamSpecification", json::object()).value("StreamEnabled", false));
  EXPECT_FALSE(updated.attributes.contains("StreamArn"));
  EXPECT_EQ(Ttl("orders")["TimeToLiveStatus"], "DISABLED");
  EXPECT_EQ(
      Call("dynamodb", "ListTagsOfResource", {{"ResourceArn", updated.attributes["Arn"]}})["Tags"],
      after["Tags"]);
}

TEST_F(DynamoDbProvidersTest, KeyChangesReplaceAndDeleteIsIdempotent) {
  EXPECT_TRUE(RequiresReplacement("AWS::DynamoDB::Table", "KeySchema"));
  EXPECT_TRUE(RequiresReplacement("AWS::DynamoDB::Table", "TableName"));
  EXPECT_TRUE(RequiresReplacement("AWS::DynamoDB::Table", "LocalSecondaryIndexes"));
  json props = {{"BillingMode", "PAY_PER_REQUEST"},
                {"AttributeDefinitions", {{{"AttributeName", "id"}, {"AttributeType", "S"}}}},
                {"KeySchema", {KeyAttribute("id", "HASH")}}};
  auto table = Create("AWS::DynamoDB::Table", "Items", props);
  EXPECT_EQ(table.physical_id, "demo-Items-ABCDEFGHIJKLM");
  Delete("AWS::DynamoDB::Table", table.physical_id, props);
  EXPECT_EQ(ErrorOf("dynamodb", "DescribeTable", {{"TableName", table.physical_id}}),
            "ResourceNotFoundException");
  EXPECT_NO_THROW(Delete("AWS::DynamoDB::Table", table.physical_id, props));
  EXPECT_EQ(Read("AWS::DynamoDB::Table", table.physical_id, props), std::nullopt);
}

}  // namespace
}  // namespace terrarium::iac::testing
