"""DynamoDB Query and Scan end to end: order, pagination, indexes, filters, errors."""

import unittest

import boto3
from boto3.dynamodb.conditions import Attr, Key
from botocore.exceptions import ClientError

from harness import ServerTestCase


class DynamoDbQueryTest(ServerTestCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.ddb = cls.boto3_client("dynamodb")
        cls.ddb.create_table(
            TableName="qtab", BillingMode="PAY_PER_REQUEST",
            AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"},
                                  {"AttributeName": "n", "AttributeType": "N"},
                                  {"AttributeName": "g", "AttributeType": "S"}],
            KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"},
                       {"AttributeName": "n", "KeyType": "RANGE"}],
            GlobalSecondaryIndexes=[{"IndexName": "by-g", "Projection": {"ProjectionType": "KEYS_ONLY"},
                                     "KeySchema": [{"AttributeName": "g", "KeyType": "HASH"},
                                                   {"AttributeName": "n", "KeyType": "RANGE"}]}])
        cls.numbers = ["-10", "-1.5", "0", "2", "10", "100", "1E3", "12345678901234567890123456789012345678"]
        for i, n in enumerate(cls.numbers):
            item = {"pk": {"S": "p"}, "n": {"N": n}, "odd": {"BOOL": i % 2 == 1}}
            if i < 4:
                item["g"] = {"S": "low"}
            cls.ddb.put_item(TableName="qtab", Item=item)
        cls.ddb.put_item(TableName="qtab", Item={"pk": {"S": "other"}, "n": {"N": "5"}})
        cls.table = boto3.session.Session().resource(
            "dynamodb", region_name="us-east-1", endpoint_url=cls.endpoint,
            aws_access_key_id="test", aws_secret_access_key="test").Table("qtab")

    def values(self, out):
        return [item["n"]["N"] for item in out["Items"]]

    def test_numeric_order_both_directions(self):
        out = self.ddb.query(TableName="qtab", KeyConditionExpression="pk = :p",
                             ExpressionAttributeValues={":p": {"S": "p"}})
        expected = ["-10", "-1.5", "0", "2", "10", "100", "1000",
                    "12345678901234567890123456789012345678"]
        self.assertEqual(self.values(out), expected)
        self.assertEqual(out["Count"], 8)
        out = self.ddb.query(TableName="qtab", KeyConditionExpression="pk = :p",
                             ExpressionAttributeValues={":p": {"S": "p"}}, ScanIndexForward=False)
        self.assertEqual(self.values(out), list(reversed(expected)))

    def test_range_conditions(self):
        def q(expr, **values):
            return self.values(self.ddb.query(
                TableName="qtab", KeyConditionExpression="pk = :p AND " + expr,
                ExpressionAttributeValues={":p": {"S": "p"},
                                           **{k: {"N": v} for k, v in values.items()}}))
        self.assertEqual(q("n BETWEEN :a AND :b", **{":a": "-1.5", ":b": "10"}),
                         ["-1.5", "0", "2", "10"])
        self.assertEqual(q("n > :a", **{":a": "100"}),
                         ["1000", "12345678901234567890123456789012345678"])
        self.assertEqual(q("n <= :a", **{":a": "0"}), ["-10", "-1.5", "0"])
        self.assertEqual(q("n = :a", **{":a": "2.0"}), ["2"])

    def test_pagination_with_limit(self):
        seen, start = [], None
        while True:
            kw = {"ExclusiveStartKey": start} if start else {}
            out = self.ddb.query(TableName="qtab", KeyConditionExpression="pk = :p", Limit=3,
                                 ExpressionAttributeValues={":p": {"S": "p"}}, **kw)
            seen += self.values(out)
            start = out.get("LastEvaluatedKey")
            if not start:
                break
            self.assertEqual(set(start), {"pk", "n"})
        self.assertEqual(len(seen), 8)
        self.assertEqual(seen[0], "-10")

    def test_filter_count_and_projection(self):
        out = self.table.query(KeyConditionExpression=Key("pk").eq("p"),
                               FilterExpression=Attr("odd").eq(True), Select="COUNT")
        self.assertEqual((out["Count"], out["ScannedCount"]), (4, 8))
        self.assertNotIn("Items", out)
        out = self.table.query(KeyConditionExpression=Key("pk").eq("p") & Key("n").lt(0),
                               ProjectionExpression="n")
        self.assertEqual(out["Items"], [{"n": -10}, {"n": -1.5}])

    def test_gsi_query(self):
        out = self.ddb.query(TableName="qtab", IndexName="by-g", KeyConditionExpression="g = :g",
                             ExpressionAttributeValues={":g": {"S": "low"}}, ScanIndexForward=False)
        self.assertEqual(self.values(out), ["2", "0", "-1.5", "-10"])
        self.assertEqual(set(out["Items"][0]), {"pk", "n", "g"})
        out = self.ddb.query(TableName="qtab", IndexName="by-g", KeyConditionExpression="g = :g",
                             ExpressionAttributeValues={":g": {"S": "low"}}, Limit=2)
        self.assertEqual(set(out["LastEvaluatedKey"]), {"pk", "n", "g"})
        rest = self.ddb.query(TableName="qtab", IndexName="by-g", KeyConditionExpression="g = :g",
                              ExpressionAttributeValues={":g": {"S": "low"}},
                              ExclusiveStartKey=out["LastEvaluatedKey"])
        self.assertEqual(self.values(rest), ["0", "2"])

    def test_scan_and_segments(self):
        out = self.ddb.scan(TableName="qtab")
        self.assertEqual(out["Count"], 9)
        total = sum(self.ddb.scan(TableName="qtab", Segment=s, TotalSegments=3)["Count"]
                    for s in range(3))
        self.assertEqual(total, 9)
        out = self.table.scan(FilterExpression=Attr("n").gt(50))
        self.assertEqual(out["Count"], 3)

    def test_query_errors(self):
        with self.assertRaises(ClientError) as err:
            self.ddb.query(TableName="qtab", KeyConditionExpression="n = :n",
                           ExpressionAttributeValues={":n": {"N": "1"}})
        self.assertEqual(err.exception.response["Error"]["Message"],
                         "Query condition missed key schema element: pk")
        with self.assertRaises(ClientError) as err:
            self.ddb.query(TableName="qtab", KeyConditionExpression="pk = :p",
                           ExpressionAttributeValues={":p": {"N": "1"}})
        self.assertIn("Condition parameter type does not match schema type",
                      err.exception.response["Error"]["Message"])


if __name__ == "__main__":
    unittest.main()
