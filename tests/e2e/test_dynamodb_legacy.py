"""DynamoDB legacy parameters end to end: Expected, AttributeUpdates, AttributesToGet,
KeyConditions, QueryFilter, ScanFilter."""

import unittest

from botocore.exceptions import ClientError

from harness import ServerTestCase


class DynamoDbLegacyTest(ServerTestCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.ddb = cls.boto3_client("dynamodb")
        cls.ddb.create_table(
            TableName="legacy", BillingMode="PAY_PER_REQUEST",
            AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"},
                                  {"AttributeName": "sk", "AttributeType": "S"}],
            KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"},
                       {"AttributeName": "sk", "KeyType": "RANGE"}])
        for sk, n in (("a1", "1"), ("a2", "2"), ("b1", "3")):
            cls.ddb.put_item(TableName="legacy", Item={"pk": {"S": "p"}, "sk": {"S": sk},
                                                       "n": {"N": n}})

    def test_expected_and_attribute_updates(self):
        key = {"pk": {"S": "p"}, "sk": {"S": "u"}}
        self.ddb.put_item(TableName="legacy", Item={**key, "n": {"N": "1"}},
                          Expected={"pk": {"Exists": False}})
        with self.assertRaises(ClientError) as err:
            self.ddb.put_item(TableName="legacy", Item=key, Expected={"pk": {"Exists": False}})
        self.assertEqual(err.exception.response["Error"]["Code"], "ConditionalCheckFailedException")
        out = self.ddb.update_item(
            TableName="legacy", Key=key,
            AttributeUpdates={"n": {"Action": "ADD", "Value": {"N": "5"}},
                              "s": {"Action": "PUT", "Value": {"SS": ["x"]}},
                              "l": {"Action": "ADD", "Value": {"L": [{"S": "e"}]}}},
            Expected={"n": {"ComparisonOperator": "EQ", "AttributeValueList": [{"N": "1"}]}},
            ReturnValues="ALL_NEW")
        self.assertEqual(out["Attributes"]["n"], {"N": "6"})
        self.assertEqual(out["Attributes"]["l"], {"L": [{"S": "e"}]})
        out = self.ddb.update_item(TableName="legacy", Key=key,
                                   AttributeUpdates={"s": {"Action": "DELETE"}},
                                   ReturnValues="ALL_NEW")
        self.assertNotIn("s", out["Attributes"])
        item = self.ddb.get_item(TableName="legacy", Key=key, AttributesToGet=["n"])["Item"]
        self.assertEqual(item, {"n": {"N": "6"}})

    def test_mixing_is_rejected(self):
        with self.assertRaises(ClientError) as err:
            self.ddb.put_item(TableName="legacy", Item={"pk": {"S": "p"}, "sk": {"S": "m"}},
                              Expected={"pk": {"Exists": False}},
                              ConditionExpression="attribute_not_exists(pk)")
        self.assertEqual(err.exception.response["Error"]["Message"],
                         "Can not use both expression and non-expression parameters in the same "
                         "request: Non-expression parameters: {Expected} Expression parameters: "
                         "{ConditionExpression}")

    def test_key_conditions_and_filters(self):
        out = self.ddb.query(TableName="legacy", KeyConditions={
            "pk": {"ComparisonOperator": "EQ", "AttributeValueList": [{"S": "p"}]},
            "sk": {"ComparisonOperator": "BEGINS_WITH", "AttributeValueList": [{"S": "a"}]}},
            QueryFilter={"n": {"ComparisonOperator": "GT", "AttributeValueList": [{"N": "1"}]}})
        self.assertEqual([i["sk"]["S"] for i in out["Items"]], ["a2"])
        self.assertEqual(out["ScannedCount"], 2)
        out = self.ddb.scan(TableName="legacy", ScanFilter={
            "n": {"ComparisonOperator": "IN", "AttributeValueList": [{"N": "1"}, {"N": "3"}]},
            "sk": {"ComparisonOperator": "NOT_NULL"}}, ConditionalOperator="AND")
        self.assertEqual(sorted(i["sk"]["S"] for i in out["Items"]), ["a1", "b1"])


if __name__ == "__main__":
    unittest.main()
