"""DynamoDB batches and transactions end to end."""

import unittest

import boto3
from botocore.exceptions import ClientError

from harness import ServerTestCase


class DynamoDbBatchTest(ServerTestCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.ddb = cls.boto3_client("dynamodb")
        for name in ("bt1", "bt2"):
            cls.ddb.create_table(
                TableName=name, BillingMode="PAY_PER_REQUEST",
                AttributeDefinitions=[{"AttributeName": "id", "AttributeType": "S"}],
                KeySchema=[{"AttributeName": "id", "KeyType": "HASH"}])

    def test_batch_write_and_get(self):
        out = self.ddb.batch_write_item(RequestItems={
            "bt1": [{"PutRequest": {"Item": {"id": {"S": f"k{i}"}, "v": {"N": str(i)}}}}
                   for i in range(20)],
            "bt2": [{"PutRequest": {"Item": {"id": {"S": "x"}}}}]})
        self.assertEqual(out["UnprocessedItems"], {})
        out = self.ddb.batch_get_item(RequestItems={
            "bt1": {"Keys": [{"id": {"S": "k3"}}, {"id": {"S": "nope"}}],
                   "ProjectionExpression": "v"},
            "bt2": {"Keys": [{"id": {"S": "x"}}]}})
        self.assertEqual(out["Responses"]["bt1"], [{"v": {"N": "3"}}])
        self.assertEqual(out["Responses"]["bt2"], [{"id": {"S": "x"}}])
        self.assertEqual(out["UnprocessedKeys"], {})
        out = self.ddb.batch_get_item(RequestItems={"bt1": {"Keys": [{"id": {"S": "k1"}}]}},
                                      ReturnConsumedCapacity="TOTAL")
        self.assertEqual(out["ConsumedCapacity"], [{"TableName": "bt1", "CapacityUnits": 0.5}])
        self.ddb.batch_write_item(RequestItems={"bt1": [
            {"DeleteRequest": {"Key": {"id": {"S": "k3"}}}}]})
        self.assertNotIn("Item", self.ddb.get_item(TableName="bt1", Key={"id": {"S": "k3"}}))

    def test_batch_limits(self):
        with self.assertRaises(ClientError) as err:
            self.ddb.batch_write_item(RequestItems={"bt1": [
                {"PutRequest": {"Item": {"id": {"S": "d"}}}},
                {"PutRequest": {"Item": {"id": {"S": "d"}}}}]})
        self.assertEqual(err.exception.response["Error"]["Message"],
                         "Provided list of item keys contains duplicates")

    def test_boto3_batch_writer(self):
        table = boto3.session.Session().resource(
            "dynamodb", region_name="us-east-1", endpoint_url=self.endpoint,
            aws_access_key_id="test", aws_secret_access_key="test").Table("bt2")
        with table.batch_writer() as writer:
            for i in range(60):
                writer.put_item(Item={"id": f"w{i:02d}"})
        self.assertEqual(self.ddb.scan(TableName="bt2", Select="COUNT")["Count"] >= 60, True)

    def test_transactions(self):
        self.ddb.put_item(TableName="bt1", Item={"id": {"S": "acct"}, "bal": {"N": "10"}})
        self.ddb.transact_write_items(TransactItems=[
            {"Update": {"TableName": "bt1", "Key": {"id": {"S": "acct"}},
                        "UpdateExpression": "SET bal = bal - :a",
                        "ConditionExpression": "bal >= :a",
                        "ExpressionAttributeValues": {":a": {"N": "4"}}}},
            {"Put": {"TableName": "bt2", "Item": {"id": {"S": "ledger1"}}}}])
        with self.assertRaises(ClientError) as err:
            self.ddb.transact_write_items(TransactItems=[
                {"Put": {"TableName": "bt2", "Item": {"id": {"S": "ledger2"}}}},
                {"ConditionCheck": {"TableName": "bt1", "Key": {"id": {"S": "acct"}},
                                    "ConditionExpression": "bal >= :a",
                                    "ExpressionAttributeValues": {":a": {"N": "100"}},
                                    "ReturnValuesOnConditionCheckFailure": "ALL_OLD"}}])
        response = err.exception.response
        self.assertEqual(response["Error"]["Code"], "TransactionCanceledException")
        self.assertEqual(response["Error"]["Message"], "Transaction cancelled, please refer "
                         "cancellation reasons for specific reasons [None, ConditionalCheckFailed]")
        reasons = response["CancellationReasons"]
        self.assertEqual(reasons[0], {"Code": "None"})
        self.assertEqual(reasons[1]["Code"], "ConditionalCheckFailed")
        self.assertEqual(reasons[1]["Item"]["bal"], {"N": "6"})
        out = self.ddb.transact_get_items(TransactItems=[
            {"Get": {"TableName": "bt1", "Key": {"id": {"S": "acct"}}}},
            {"Get": {"TableName": "bt2", "Key": {"id": {"S": "ledger2"}}}}])
        self.assertEqual(out["Responses"][0]["Item"]["bal"], {"N": "6"})
        self.assertEqual(out["Responses"][1], {})
        with self.assertRaises(ClientError) as err:
            self.ddb.transact_write_items(TransactItems=[
                {"Put": {"TableName": "bt2", "Item": {"id": {"S": "same"}}}},
                {"Delete": {"TableName": "bt2", "Key": {"id": {"S": "same"}}}}])
        self.assertEqual(err.exception.response["Error"]["Message"],
                         "Transaction request cannot include multiple operations on one item")

    def test_idempotency_token(self):
        items = [{"Update": {"TableName": "bt1", "Key": {"id": {"S": "ctr"}},
                             "UpdateExpression": "ADD n :one",
                             "ExpressionAttributeValues": {":one": {"N": "1"}}}}]
        for _ in range(2):
            self.ddb.transact_write_items(TransactItems=items, ClientRequestToken="tok-1")
        item = self.ddb.get_item(TableName="bt1", Key={"id": {"S": "ctr"}})["Item"]
        self.assertEqual(item["n"], {"N": "1"})


if __name__ == "__main__":
    unittest.main()
