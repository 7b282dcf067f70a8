"""DynamoDB items and expressions end to end: boto3 client and Table resource."""

import decimal
import unittest

import boto3

from boto3.dynamodb.conditions import Attr
from botocore.exceptions import ClientError

from harness import ServerTestCase


class DynamoDbItemsTest(ServerTestCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.ddb = cls.boto3_client("dynamodb")
        cls.ddb.create_table(
            TableName="items", BillingMode="PAY_PER_REQUEST",
            AttributeDefinitions=[{"AttributeName": "id", "AttributeType": "S"}],
            KeySchema=[{"AttributeName": "id", "KeyType": "HASH"}])
        cls.table = boto3.session.Session().resource(
            "dynamodb", region_name="us-east-1", endpoint_url=cls.endpoint,
            aws_access_key_id="test", aws_secret_access_key="test").Table("items")

    def error(self, call, **kw):
        with self.assertRaises(ClientError) as err:
            call(**kw)
        return err.exception.response["Error"]

    def test_put_get_numbers_canonical(self):
        self.ddb.put_item(TableName="items", Item={
            "id": {"S": "n1"}, "n": {"N": "01.50"}, "big": {"N": "12345678901234567890123456789012345678"},
            "ss": {"SS": ["b", "a"]}, "b": {"B": b"\x00\x01"}})
        item = self.ddb.get_item(TableName="items", Key={"id": {"S": "n1"}})["Item"]
        self.assertEqual(item["n"], {"N": "1.5"})
        self.assertEqual(item["big"], {"N": "12345678901234567890123456789012345678"})
        self.assertEqual(item["b"], {"B": b"\x00\x01"})

    def test_terraform_lock_pattern(self):
        kw = dict(TableName="items", Item={"id": {"S": "bucket/key"}, "Info": {"S": "x"}},
                  ConditionExpression="attribute_not_exists(id)")
        self.ddb.put_item(**kw)
        err = self.error(self.ddb.put_item, **kw)
        self.assertEqual(err["Code"], "ConditionalCheckFailedException")
        self.assertEqual(err["Message"], "The conditional request failed")
        out = self.ddb.get_item(TableName="items", Key={"id": {"S": "bucket/key"}},
                                ProjectionExpression="id, Info", ConsistentRead=True)
        self.assertEqual(out["Item"], {"id": {"S": "bucket/key"}, "Info": {"S": "x"}})
        self.ddb.delete_item(TableName="items", Key={"id": {"S": "bucket/key"}})
        self.assertNotIn("Item", self.ddb.get_item(TableName="items",
                                                   Key={"id": {"S": "bucket/key"}}))

    def test_condition_failure_returns_item(self):
        self.ddb.put_item(TableName="items", Item={"id": {"S": "c1"}, "v": {"N": "1"}})
        with self.assertRaises(ClientError) as err:
            self.ddb.put_item(TableName="items", Item={"id": {"S": "c1"}},
                              ConditionExpression="v = :two",
                              ExpressionAttributeValues={":two": {"N": "2"}},
                              ReturnValuesOnConditionCheckFailure="ALL_OLD")
        self.assertEqual(err.exception.response["Item"], {"id": {"S": "c1"}, "v": {"N": "1"}})

    def test_update_expressions(self):
        self.table.put_item(Item={"id": "u1", "count": 1, "tags": {"a"}, "l": [1, 2, 3],
                                  "m": {"x": {"y": 1}}})
        out = self.table.update_item(
            Key={"id": "u1"},
            UpdateExpression="SET #c = #c + :one, l = list_append(l, :more), m.x.z = :s, "
                             "newattr = if_not_exists(newattr, :s) ADD tags :t",
            ExpressionAttributeNames={"#c": "count"},
            ExpressionAttributeValues={":one": 1, ":more": [4], ":s": "hi", ":t": {"b"}},
            ReturnValues="ALL_NEW")
        item = out["Attributes"]
        self.assertEqual(item["count"], decimal.Decimal(2))
        self.assertEqual(item["l"], [1, 2, 3, 4])
        out = self.table.update_item(Key={"id": "u1"}, UpdateExpression="REMOVE l[0], l[2]",
                                     ReturnValues="ALL_NEW")
        self.assertEqual(out["Attributes"]["l"], [2, 4])
        self.assertEqual(item["m"], {"x": {"y": 1, "z": "hi"}})
        self.assertEqual(item["tags"], {"a", "b"})
        self.assertEqual(item["newattr"], "hi")
        out = self.table.update_item(Key={"id": "u1"}, UpdateExpression="DELETE tags :t",
                                     ExpressionAttributeValues={":t": {"a", "b"}},
                                     ReturnValues="UPDATED_OLD")
        self.assertEqual(out["Attributes"], {"tags": {"a", "b"}})
        self.assertNotIn("tags", self.table.get_item(Key={"id": "u1"})["Item"])

    def test_boto3_conditions(self):
        self.table.put_item(Item={"id": "b1", "status": "new", "size": 3})
        self.table.put_item(Item={"id": "b1", "status": "done", "size": 4},
                            ConditionExpression=Attr("status").eq("new") & Attr("size").lt(5))
        with self.assertRaises(ClientError):
            self.table.put_item(Item={"id": "b1"}, ConditionExpression=Attr("status").eq("new"))

    def test_expression_errors(self):
        cases = [
            (dict(UpdateExpression="SET a = :v", ExpressionAttributeValues={":v": {"S": "x"},
                                                                            ":w": {"S": "y"}}),
             "Value provided in ExpressionAttributeValues unused in expressions: keys: {:w}"),
            (dict(UpdateExpression="SET a = :v"),
             "Invalid UpdateExpression: An expression attribute value used in expression is not "
             "defined; attribute value: :v"),
            (dict(UpdateExpression="SET status = :v", ExpressionAttributeValues={":v": {"S": "x"}}),
             "Invalid UpdateExpression: Attribute name is a reserved keyword; reserved keyword: "
             "status"),
            (dict(UpdateExpression="ADD hits : incr", ExpressionAttributeValues={":incr": {"N": "1"}}),
             'Invalid UpdateExpression: Syntax error; token: ":", near: "hits : incr"'),
            (dict(UpdateExpression="SET a = :v, a.b = :v", ExpressionAttributeValues={":v": {"S": "x"}}),
             "Invalid UpdateExpression: Two document paths overlap with each other; must remove or "
             "rewrite one of these paths; path one: [a], path two: [a, b]"),
            (dict(UpdateExpression="SET id = :v", ExpressionAttributeValues={":v": {"S": "x"}}),
             "One or more parameter values were invalid: Cannot update attribute id. This "
             "attribute is part of the key"),
        ]
        for kw, message in cases:
            err = self.error(self.ddb.update_item, TableName="items", Key={"id": {"S": "e"}}, **kw)
            self.assertEqual(err["Code"], "ValidationException", kw)
            self.assertEqual(err["Message"], message)

    def test_item_validation_errors(self):
        err = self.error(self.ddb.get_item, TableName="items", Key={"id": {"N": "1"}})
        self.assertEqual(err["Message"], "The provided key element does not match the schema")
        err = self.error(self.ddb.put_item, TableName="items", Item={"x": {"S": "1"}})
        self.assertEqual(err["Message"], "One or more parameter values were invalid: Missing the "
                                         "key id in the item")
        err = self.error(self.ddb.put_item, TableName="items",
                         Item={"id": {"S": "s"}, "s": {"SS": ["a", "a"]}})
        self.assertIn("contains duplicates", err["Message"])
        err = self.error(self.ddb.put_item, TableName="items",
                         Item={"id": {"S": "big"}, "data": {"S": "x" * 410000}})
        self.assertEqual(err["Message"], "Item size has exceeded the maximum allowed size")
        err = self.error(self.ddb.get_item, TableName="nope", Key={"id": {"S": "1"}})
        self.assertEqual(err["Code"], "ResourceNotFoundException")


if __name__ == "__main__":
    unittest.main()
