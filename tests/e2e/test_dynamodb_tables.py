"""DynamoDB tables end to end: boto3 and the aws CLI against a real server."""

import unittest

import botocore.config

from botocore.exceptions import ClientError

from harness import ServerTestCase

ACCOUNT = "000000000000"


class DynamoDbTablesTest(ServerTestCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.ddb = cls.boto3_client("dynamodb")

    def create(self, name, **kw):
        kw.setdefault("AttributeDefinitions", [{"AttributeName": "pk", "AttributeType": "S"},
                                               {"AttributeName": "sk", "AttributeType": "N"}])
        kw.setdefault("KeySchema", [{"AttributeName": "pk", "KeyType": "HASH"},
                                    {"AttributeName": "sk", "KeyType": "RANGE"}])
        kw.setdefault("BillingMode", "PAY_PER_REQUEST")
        return self.ddb.create_table(TableName=name, **kw)["TableDescription"]

    def test_create_describe_delete_like_terraform(self):
        desc = self.create(
            "tf-table",
            AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"},
                                  {"AttributeName": "sk", "AttributeType": "N"},
                                  {"AttributeName": "g", "AttributeType": "S"}],
            GlobalSecondaryIndexes=[{"IndexName": "by-g",
                                     "KeySchema": [{"AttributeName": "g", "KeyType": "HASH"}],
                                     "Projection": {"ProjectionType": "ALL"}}],
            StreamSpecification={"StreamEnabled": True, "StreamViewType": "NEW_AND_OLD_IMAGES"},
            Tags=[{"Key": "env", "Value": "test"}])
        self.assertEqual(desc["TableArn"], f"arn:aws:dynamodb:us-east-1:{ACCOUNT}:table/tf-table")
        self.assertTrue(desc["LatestStreamArn"].startswith(desc["TableArn"] + "/stream/"))
        self.ddb.get_waiter("table_exists").wait(TableName="tf-table")
        table = self.ddb.describe_table(TableName="tf-table")["Table"]
        self.assertEqual(table["TableStatus"], "ACTIVE")
        self.assertEqual(table["BillingModeSummary"]["BillingMode"], "PAY_PER_REQUEST")
        self.assertEqual(table["GlobalSecondaryIndexes"][0]["IndexStatus"], "ACTIVE")
        self.assertEqual(table["ItemCount"], 0)
        self.assertEqual(self.ddb.list_tags_of_resource(ResourceArn=desc["TableArn"])["Tags"],
                         [{"Key": "env", "Value": "test"}])
        self.assertEqual(self.ddb.describe_time_to_live(TableName="tf-table")
                         ["TimeToLiveDescription"], {"TimeToLiveStatus": "DISABLED"})
        self.ddb.update_time_to_live(TableName="tf-table", TimeToLiveSpecification={
            "Enabled": True, "AttributeName": "expires"})
        self.assertEqual(self.ddb.describe_time_to_live(TableName="tf-table")
                         ["TimeToLiveDescription"],
                         {"TimeToLiveStatus": "ENABLED", "AttributeName": "expires"})
        backups = self.ddb.describe_continuous_backups(TableName="tf-table")
        self.assertEqual(backups["ContinuousBackupsDescription"]["PointInTimeRecoveryDescription"]
                         ["PointInTimeRecoveryStatus"], "DISABLED")
        self.ddb.update_continuous_backups(TableName="tf-table", PointInTimeRecoverySpecification={
            "PointInTimeRecoveryEnabled": True})
        backups = self.ddb.describe_continuous_backups(TableName="tf-table")
        self.assertEqual(backups["ContinuousBackupsDescription"]["PointInTimeRecoveryDescription"]
                         ["PointInTimeRecoveryStatus"], "ENABLED")
        self.ddb.tag_resource(ResourceArn=desc["TableArn"], Tags=[{"Key": "k", "Value": "v"}])
        self.ddb.untag_resource(ResourceArn=desc["TableArn"], TagKeys=["env"])
        self.assertEqual(self.ddb.list_tags_of_resource(ResourceArn=desc["TableArn"])["Tags"],
                         [{"Key": "k", "Value": "v"}])
        self.ddb.delete_table(TableName="tf-table")
        self.ddb.get_waiter("table_not_exists").wait(TableName="tf-table")
        with self.assertRaises(ClientError) as err:
            self.ddb.describe_table(TableName="tf-table")
        self.assertEqual(err.exception.response["Error"]["Code"], "ResourceNotFoundException")
        self.assertEqual(err.exception.response["Error"]["Message"],
                         "Requested resource not found: Table: tf-table not found")

    def test_create_twice_and_validation(self):
        self.create("dup")
        with self.assertRaises(ClientError) as err:
            self.create("dup")
        self.assertEqual(err.exception.response["Error"]["Code"], "ResourceInUseException")
        with self.assertRaises(ClientError) as err:
            self.create("bad", AttributeDefinitions=[{"AttributeName": "pk",
                                                      "AttributeType": "S"}])
        self.assertEqual(err.exception.response["Error"]["Code"], "ValidationException")
        self.assertIn("Some index key attributes are not defined", str(err.exception))
        with self.assertRaises(ClientError) as err:
            self.boto3_client("dynamodb", config=botocore.config.Config(
                parameter_validation=False)).list_tables(Limit=0)
        self.assertEqual(err.exception.response["Error"]["Code"], "ValidationException")
        self.assertEqual(err.exception.response["Error"]["Message"],
                         "1 validation error detected: Value '0' at 'limit' failed to satisfy "
                         "constraint: Member must have value greater than or equal to 1")

    def test_table_name_pattern(self):
        with self.assertRaises(ClientError) as err:
            self.create("bad/name")
        self.assertIn("regular expression pattern: [a-zA-Z0-9_.-]+",
                      err.exception.response["Error"]["Message"])

    def test_table_arn_as_name(self):
        arn = self.create("by-arn")["TableArn"]
        self.assertEqual(self.ddb.describe_table(TableName=arn)["Table"]["TableName"], "by-arn")

    def test_list_tables_paginates(self):
        for name in ("list-a", "list-b", "list-c"):
            self.create(name)
        page = self.ddb.list_tables(ExclusiveStartTableName="list-", Limit=2)
        self.assertEqual(page["TableNames"], ["list-a", "list-b"])
        self.assertEqual(page["LastEvaluatedTableName"], "list-b")
        page = self.ddb.list_tables(ExclusiveStartTableName="list-b", Limit=2)
        self.assertEqual(page["TableNames"][0], "list-c")

    def test_update_table_adds_gsi_and_stream(self):
        self.create("upd")
        out = self.ddb.update_table(
            TableName="upd",
            AttributeDefinitions=[{"AttributeName": "g", "AttributeType": "S"}],
            GlobalSecondaryIndexUpdates=[{"Create": {
                "IndexName": "g-index", "KeySchema": [{"AttributeName": "g", "KeyType": "HASH"}],
                "Projection": {"ProjectionType": "KEYS_ONLY"}}}],
            StreamSpecification={"StreamEnabled": True, "StreamViewType": "KEYS_ONLY"})
        desc = out["TableDescription"]
        self.assertEqual([i["IndexName"] for i in desc["GlobalSecondaryIndexes"]], ["g-index"])
        self.assertIn("LatestStreamArn", desc)

    def test_cli_and_endpoints(self):
        out = self.aws("dynamodb", "create-table", "--table-name", "cli-table",
                       "--attribute-definitions", "AttributeName=id,AttributeType=S",
                       "--key-schema", "AttributeName=id,KeyType=HASH",
                       "--provisioned-throughput", "ReadCapacityUnits=5,WriteCapacityUnits=5")
        self.assertEqual(out["TableDescription"]["ProvisionedThroughput"]["ReadCapacityUnits"], 5)
        self.assertIn("cli-table", self.aws("dynamodb", "list-tables")["TableNames"])
        self.assertTrue(self.ddb.describe_endpoints()["Endpoints"])
        self.assertEqual(self.ddb.describe_limits()["TableMaxReadCapacityUnits"], 40000)


if __name__ == "__main__":
    unittest.main()
