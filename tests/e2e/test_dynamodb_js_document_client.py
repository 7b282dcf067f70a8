"""DynamoDB with the AWS SDK for JavaScript v3's DynamoDBDocumentClient (@aws-sdk/lib-dynamodb,
from npm on first use, installed beside test_s3_js_sdk.py's SDK): native JavaScript values in
and out (marshalling of numbers, sets, nested maps, binary), conditional writes and their
error, UpdateCommand with ReturnValues, QueryCommand with a descending page and
ExclusiveStartKey, BatchWrite/BatchGet, TransactWrite with CancellationReasons, and the
paginateQuery helper."""

import unittest

from harness import ServerTestCase
from js_sdk_support import run_node_script

PACKAGES = ["@aws-sdk/client-dynamodb", "@aws-sdk/lib-dynamodb"]

SCRIPT = r"""
const { DynamoDBClient, CreateTableCommand } = require("@aws-sdk/client-dynamodb");
const { DynamoDBDocumentClient, PutCommand, GetCommand, UpdateCommand, DeleteCommand,
        QueryCommand, ScanCommand, BatchWriteCommand, BatchGetCommand, TransactWriteCommand,
        paginateQuery } = require("@aws-sdk/lib-dynamodb");
(async () => {
  const client = new DynamoDBClient({ endpoint: process.env.ENDPOINT, region: "us-east-1",
    credentials: { accessKeyId: "test", secretAccessKey: "test" } });
  const doc = DynamoDBDocumentClient.from(client,
    { marshallOptions: { removeUndefinedValues: true, convertClassInstanceToMap: true } });
  const out = {};
  await client.send(new CreateTableCommand({ TableName: "js-docs", BillingMode: "PAY_PER_REQUEST",
    AttributeDefinitions: [{ AttributeName: "pk", AttributeType: "S" },
                           { AttributeName: "sk", AttributeType: "N" }],
    KeySchema: [{ AttributeName: "pk", KeyType: "HASH" }, { AttributeName: "sk", KeyType: "RANGE" }] }));

  await doc.send(new PutCommand({ TableName: "js-docs", Item: {
    pk: "user#1", sk: 0, name: "Ada", age: 36, tags: new Set(["a", "b"]),
    scores: new Set([1, 2.5]), address: { city: "London", zip: null }, list: [1, "two", true],
    blob: new Uint8Array([1, 2, 3]), gone: undefined } }));
  const got = await doc.send(new GetCommand({ TableName: "js-docs", Key: { pk: "user#1", sk: 0 } }));
  const item = got.Item;
  out.got = { name: item.name, age: item.age, tags: [...item.tags].sort(),
    scores: [...item.scores].sort(), address: item.address, list: item.list,
    blob: Array.from(item.blob), hasGone: "gone" in item };

  try {
    await doc.send(new PutCommand({ TableName: "js-docs", Item: { pk: "user#1", sk: 0 },
      ConditionExpression: "attribute_not_exists(pk)", ReturnValuesOnConditionCheckFailure: "ALL_OLD" }));
    out.conditional = "no error";
  } catch (e) {
    out.conditional = e.name;
    out.conditionalItemName = e.Item && e.Item.name;
  }

  const updated = await doc.send(new UpdateCommand({ TableName: "js-docs",
    Key: { pk: "user#1", sk: 0 }, UpdateExpression: "SET age = age + :one, #n = :n ADD tags :t",
    ExpressionAttributeNames: { "#n": "name" },
    ExpressionAttributeValues: { ":one": 1, ":n": "Ada L.", ":t": new Set(["c"]) },
    ReturnValues: "UPDATED_NEW" }));
  out.updated = { age: updated.Attributes.age, name: updated.Attributes.name,
                  tags: [...updated.Attributes.tags].sort() };

  const puts = [];
  for (let i = 1; i <= 30; i++) puts.push({ PutRequest: { Item: { pk: "series", sk: i, v: i * i } } });
  for (let start = 0; start < puts.length; start += 25) {
    await doc.send(new BatchWriteCommand({ RequestItems: { "js-docs": puts.slice(start, start + 25) } }));
  }
  const batch = await doc.send(new BatchGetCommand({ RequestItems: { "js-docs": {
    Keys: [{ pk: "series", sk: 3 }, { pk: "series", sk: 30 }, { pk: "series", sk: 99 }] } } }));
  out.batchGet = batch.Responses["js-docs"].map((i) => i.v).sort((a, b) => a - b);

  const page = await doc.send(new QueryCommand({ TableName: "js-docs",
    KeyConditionExpression: "pk = :p AND sk BETWEEN :lo AND :hi",
    ExpressionAttributeValues: { ":p": "series", ":lo": 5, ":hi": 20 },
    ScanIndexForward: false, Limit: 4 }));
  out.descending = page.Items.map((i) => i.sk);
  out.lastKey = page.LastEvaluatedKey;
  const next = await doc.send(new QueryCommand({ TableName: "js-docs",
    KeyConditionExpression: "pk = :p AND sk BETWEEN :lo AND :hi",
    ExpressionAttributeValues: { ":p": "series", ":lo": 5, ":hi": 20 },
    ScanIndexForward: false, Limit: 4, ExclusiveStartKey: page.LastEvaluatedKey }));
  out.descendingNext = next.Items.map((i) => i.sk);

  const all = [];
  for await (const p of paginateQuery({ client: doc, pageSize: 7 }, { TableName: "js-docs",
      KeyConditionExpression: "pk = :p", FilterExpression: "v > :min",
      ExpressionAttributeValues: { ":p": "series", ":min": 100 } })) {
    all.push(...p.Items.map((i) => i.sk));
  }
  out.paginated = all;

  try {
    await doc.send(new TransactWriteCommand({ TransactItems: [
      { Put: { TableName: "js-docs", Item: { pk: "tx", sk: 1 } } },
      { ConditionCheck: { TableName: "js-docs", Key: { pk: "series", sk: 1 },
          ConditionExpression: "v = :wrong", ExpressionAttributeValues: { ":wrong": 2 } } } ] }));
    out.transaction = "no error";
  } catch (e) {
    out.transaction = e.name;
    out.reasons = (e.CancellationReasons || []).map((r) => r.Code);
  }
  const tx = await doc.send(new GetCommand({ TableName: "js-docs", Key: { pk: "tx", sk: 1 } }));
  out.transactionWrote = tx.Item !== undefined;

  await doc.send(new DeleteCommand({ TableName: "js-docs", Key: { pk: "user#1", sk: 0 } }));
  const scan = await doc.send(new ScanCommand({ TableName: "js-docs", Select: "COUNT" }));
  out.countAfterDelete = scan.Count;
  console.log(JSON.stringify(out));
})().catch((e) => { console.error(e); process.exit(1); });
"""


class DynamoDBDocumentClientTest(ServerTestCase):

    def test_document_client_round_trips_native_values(self):
        out = run_node_script(self, PACKAGES, "ddb.js", SCRIPT)
        self.assertEqual(out["got"], {
            "name": "Ada", "age": 36, "tags": ["a", "b"], "scores": [1, 2.5],
            "address": {"city": "London", "zip": None}, "list": [1, "two", True],
            "blob": [1, 2, 3], "hasGone": False})
        self.assertEqual(out["conditional"], "ConditionalCheckFailedException")
        # The document client leaves the error's Item marshalled, as the SDK does.
        self.assertEqual(out["conditionalItemName"], {"S": "Ada"})
        self.assertEqual(out["updated"], {"age": 37, "name": "Ada L.", "tags": ["a", "b", "c"]})
        self.assertEqual(out["batchGet"], [9, 900])
        self.assertEqual(out["descending"], [20, 19, 18, 17])
        self.assertEqual(out["lastKey"], {"pk": "series", "sk": 17})
        self.assertEqual(out["descendingNext"], [16, 15, 14, 13])
        self.assertEqual(out["paginated"], list(range(11, 31)))
        self.assertEqual(out["transaction"], "TransactionCanceledException")
        self.assertEqual(out["reasons"], ["None", "ConditionalCheckFailed"])
        self.assertFalse(out["transactionWrote"])
        self.assertEqual(out["countAfterDelete"], 30)


if __name__ == "__main__":
    unittest.main()
