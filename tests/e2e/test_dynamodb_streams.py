"""DynamoDB Streams end to end: records for INSERT/MODIFY/REMOVE per StreamViewType."""

import time
import unittest

from botocore.exceptions import ClientError

from harness import ServerTestCase


class DynamoDbStreamsTest(ServerTestCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.ddb = cls.boto3_client("dynamodb")
        cls.streams = cls.boto3_client("dynamodbstreams")

    def make_table(self, name, view):
        desc = self.ddb.create_table(
            TableName=name, BillingMode="PAY_PER_REQUEST",
            AttributeDefinitions=[{"AttributeName": "id", "AttributeType": "S"}],
            KeySchema=[{"AttributeName": "id", "KeyType": "HASH"}],
            StreamSpecification={"StreamEnabled": True, "StreamViewType": view})
        return desc["TableDescription"]["LatestStreamArn"]

    def read_all(self, arn, iterator_type="TRIM_HORIZON", **kw):
        shard = self.streams.describe_stream(StreamArn=arn)["StreamDescription"]["Shards"][0]
        it = self.streams.get_shard_iterator(StreamArn=arn, ShardId=shard["ShardId"],
                                             ShardIteratorType=iterator_type, **kw)["ShardIterator"]
        return self.streams.get_records(ShardIterator=it)

    def test_new_and_old_images(self):
        arn = self.make_table("s-both", "NEW_AND_OLD_IMAGES")
        self.ddb.put_item(TableName="s-both", Item={"id": {"S": "a"}, "v": {"N": "1"}})
        self.ddb.update_item(TableName="s-both", Key={"id": {"S": "a"}},
                             UpdateExpression="SET v = :v",
                             ExpressionAttributeValues={":v": {"N": "2"}})
        self.ddb.delete_item(TableName="s-both", Key={"id": {"S": "a"}})
        out = self.read_all(arn)
        records = out["Records"]
        self.assertEqual([r["eventName"] for r in records], ["INSERT", "MODIFY", "REMOVE"])
        self.assertEqual(records[0]["dynamodb"]["NewImage"]["v"], {"N": "1"})
        self.assertNotIn("OldImage", records[0]["dynamodb"])
        self.assertEqual(records[1]["dynamodb"]["OldImage"]["v"], {"N": "1"})
        self.assertEqual(records[1]["dynamodb"]["NewImage"]["v"], {"N": "2"})
        self.assertEqual(records[2]["dynamodb"]["Keys"], {"id": {"S": "a"}})
        seqs = [r["dynamodb"]["SequenceNumber"] for r in records]
        self.assertEqual(seqs, sorted(seqs))
        self.assertEqual(len(set(seqs)), 3)
        self.assertEqual(records[0]["eventSource"], "aws:dynamodb")
        # AT/AFTER_SEQUENCE_NUMBER and the next iterator.
        after = self.read_all(arn, "AFTER_SEQUENCE_NUMBER", SequenceNumber=seqs[0])
        self.assertEqual([r["eventName"] for r in after["Records"]], ["MODIFY", "REMOVE"])
        at = self.read_all(arn, "AT_SEQUENCE_NUMBER", SequenceNumber=seqs[1])
        self.assertEqual([r["eventName"] for r in at["Records"]], ["MODIFY", "REMOVE"])
        self.ddb.put_item(TableName="s-both", Item={"id": {"S": "b"}})
        more = self.streams.get_records(ShardIterator=out["NextShardIterator"])
        self.assertEqual([r["eventName"] for r in more["Records"]], ["INSERT"])

    def test_keys_only_and_latest(self):
        arn = self.make_table("s-keys", "KEYS_ONLY")
        self.ddb.put_item(TableName="s-keys", Item={"id": {"S": "a"}, "v": {"N": "1"}})
        latest = self.read_all(arn, "LATEST")
        self.assertEqual(latest["Records"], [])
        records = self.read_all(arn)["Records"]
        self.assertEqual(set(records[0]["dynamodb"]), {"ApproximateCreationDateTime", "Keys",
                                                      "SequenceNumber", "SizeBytes",
                                                      "StreamViewType"})

    def test_ttl_deletes_in_the_background(self):
        arn = self.make_table("s-ttl", "KEYS_ONLY")
        self.ddb.update_time_to_live(TableName="s-ttl", TimeToLiveSpecification={
            "Enabled": True, "AttributeName": "exp"})
        self.ddb.put_item(TableName="s-ttl", Item={"id": {"S": "old"},
                                                  "exp": {"N": str(int(time.time()) - 5)}})
        self.assertNotIn("Item", self.ddb.get_item(TableName="s-ttl", Key={"id": {"S": "old"}}))
        deadline = time.monotonic() + 5
        while time.monotonic() < deadline:
            records = self.read_all(arn)["Records"]
            if len(records) == 2:
                break
            time.sleep(0.1)
        self.assertEqual([r["eventName"] for r in records], ["INSERT", "REMOVE"])
        self.assertEqual(records[1]["userIdentity"],
                         {"PrincipalId": "dynamodb.amazonaws.com", "Type": "Service"})

    def test_list_and_describe(self):
        arn = self.make_table("s-list", "NEW_IMAGE")
        streams = self.streams.list_streams(TableName="s-list")["Streams"]
        self.assertEqual([s["StreamArn"] for s in streams], [arn])
        desc = self.streams.describe_stream(StreamArn=arn)["StreamDescription"]
        self.assertEqual(desc["StreamStatus"], "ENABLED")
        self.assertEqual(desc["StreamViewType"], "NEW_IMAGE")
        self.assertEqual(desc["TableName"], "s-list")
        self.ddb.update_table(TableName="s-list", StreamSpecification={"StreamEnabled": False})
        desc = self.streams.describe_stream(StreamArn=arn)["StreamDescription"]
        self.assertEqual(desc["StreamStatus"], "DISABLED")
        with self.assertRaises(ClientError) as err:
            self.streams.describe_stream(StreamArn=arn + "x")
        self.assertEqual(err.exception.response["Error"]["Code"], "ResourceNotFoundException")


if __name__ == "__main__":
    unittest.main()
