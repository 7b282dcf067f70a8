"""Lambda event sources end to end: SQS and DynamoDB stream mappings delivering to python
functions, S3 notifications to a function and a queue, code from S3, mapping CRUD and errors."""

import json
import time
import unittest

from botocore.exceptions import ClientError

from harness import ServerTestCase
from lambda_support import ROLE, create_python_function, python_zip

# Writes each SQS message body into a DynamoDB table (the function's own boto3 reaches the
# emulator through AWS_ENDPOINT_URL).
SQS_TO_DYNAMODB = """
import boto3, json
table = boto3.resource("dynamodb").Table("esm-items")
def handler(event, context):
    for record in event["Records"]:
        body = json.loads(record["body"])
        table.put_item(Item={"id": body["id"], "value": body["value"],
                             "source": record["eventSource"],
                             "receives": record["attributes"]["ApproximateReceiveCount"]})
    return {"done": len(event["Records"])}
"""

ALWAYS_FAILS = """
def handler(event, context):
    raise RuntimeError("cannot process " + event["Records"][0]["body"])
"""

# Records each stream batch (event names and keys in order) in an SQS queue.
STREAM_RECORDER = """
import boto3, json, os
sqs = boto3.client("sqs")
def handler(event, context):
    url = sqs.get_queue_url(QueueName="esm-stream-log")["QueueUrl"]
    batch = [[r["eventName"], r["dynamodb"]["Keys"]["pk"]["S"], r["eventSourceARN"]]
             for r in event["Records"]]
    sqs.send_message(QueueUrl=url, MessageBody=json.dumps(batch))
"""

# Copies the S3 event it gets into a marker object.
S3_HANDLER = """
import boto3, json
s3 = boto3.client("s3")
def handler(event, context):
    record = event["Records"][0]
    key = record["s3"]["object"]["key"]
    s3.put_object(Bucket="esm-marks", Key="seen/" + key, Body=json.dumps(record))
"""


def wait_for(predicate, timeout=20.0, interval=0.2):
    deadline = time.time() + timeout
    while time.time() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(interval)
    return predicate()


class LambdaEventSourcesTest(ServerTestCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.lam = cls.boto3_client("lambda")
        cls.sqs = cls.boto3_client("sqs")
        cls.ddb = cls.boto3_client("dynamodb")
        cls.s3 = cls.boto3_client("s3")

    def queue(self, name, **attributes):
        url = self.sqs.create_queue(QueueName=name, Attributes=attributes)["QueueUrl"]
        arn = self.sqs.get_queue_attributes(
            QueueUrl=url, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
        return url, arn

    def receive_all(self, url, expected, timeout=20.0):
        bodies = []
        deadline = time.time() + timeout
        while len(bodies) < expected and time.time() < deadline:
            out = self.sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=10, WaitTimeSeconds=1)
            for message in out.get("Messages", []):
                bodies.append(message["Body"])
                self.sqs.delete_message(QueueUrl=url, ReceiptHandle=message["ReceiptHandle"])
        return bodies

    def test_sqs_queue_drives_a_function_that_writes_to_dynamodb(self):
        self.ddb.create_table(
            TableName="esm-items", BillingMode="PAY_PER_REQUEST",
            AttributeDefinitions=[{"AttributeName": "id", "AttributeType": "S"}],
            KeySchema=[{"AttributeName": "id", "KeyType": "HASH"}])
        create_python_function(self.lam, "esm-writer", SQS_TO_DYNAMODB)
        url, arn = self.queue("esm-input")
        mapping = self.lam.create_event_source_mapping(
            FunctionName="esm-writer", EventSourceArn=arn, BatchSize=5)
        self.assertEqual(mapping["State"], "Creating")
        self.assertEqual(
            self.lam.get_event_source_mapping(UUID=mapping["UUID"])["State"], "Enabled")
        for i in range(3):
            self.sqs.send_message(QueueUrl=url, MessageBody=json.dumps({"id": f"k{i}", "value": i}))

        def items():
            got = self.ddb.scan(TableName="esm-items")["Items"]
            return got if len(got) == 3 else None
        got = wait_for(items)
        self.assertIsNotNone(got, "the function did not write the items")
        by_id = {item["id"]["S"]: item for item in got}
        self.assertEqual(by_id["k2"]["value"]["N"], "2")
        self.assertEqual(by_id["k0"]["source"]["S"], "aws:sqs")
        self.assertEqual(by_id["k0"]["receives"]["S"], "1")

        # Delivered messages are deleted.
        def drained():
            attrs = self.sqs.get_queue_attributes(
                QueueUrl=url, AttributeNames=["ApproximateNumberOfMessages",
                                              "ApproximateNumberOfMessagesNotVisible"])
            counts = attrs["Attributes"]
            return counts["ApproximateNumberOfMessages"] == "0" and \
                counts["ApproximateNumberOfMessagesNotVisible"] == "0"
        self.assertTrue(wait_for(drained))
        self.lam.delete_event_source_mapping(UUID=mapping["UUID"])

    def test_failing_function_sends_messages_to_the_dlq(self):
        dlq_url, dlq_arn = self.queue("esm-dlq")
        url, arn = self.queue(
            "esm-poison", VisibilityTimeout="1",
            RedrivePolicy=json.dumps({"deadLetterTargetArn": dlq_arn, "maxReceiveCount": 2}))
        create_python_function(self.lam, "esm-fails", ALWAYS_FAILS)
        mapping = self.lam.create_event_source_mapping(FunctionName="esm-fails",
                                                       EventSourceArn=arn, BatchSize=1)
        self.sqs.send_message(QueueUrl=url, MessageBody="poison-pill")
        bodies = self.receive_all(dlq_url, 1, timeout=30)
        self.assertEqual(bodies, ["poison-pill"])
        self.lam.delete_event_source_mapping(UUID=mapping["UUID"])

    def test_dynamodb_stream_mapping_delivers_changes_in_order(self):
        log_url, _ = self.queue("esm-stream-log")
        table = self.ddb.create_table(
            TableName="esm-stream", BillingMode="PAY_PER_REQUEST",
            AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}],
            KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}],
            StreamSpecification={"StreamEnabled": True, "StreamViewType": "NEW_AND_OLD_IMAGES"})
        stream_arn = table["TableDescription"]["LatestStreamArn"]
        create_python_function(self.lam, "esm-stream-fn", STREAM_RECORDER)
        with self.assertRaises(ClientError) as missing:
            self.lam.create_event_source_mapping(FunctionName="esm-stream-fn",
                                                 EventSourceArn=stream_arn)
        self.assertEqual(missing.exception.response["Error"]["Code"],
                         "InvalidParameterValueException")
        mapping = self.lam.create_event_source_mapping(
            FunctionName="esm-stream-fn", EventSourceArn=stream_arn,
            StartingPosition="TRIM_HORIZON", BatchSize=10)
        self.assertEqual(mapping["BatchSize"], 10)
        self.assertEqual(mapping["StartingPosition"], "TRIM_HORIZON")
        self.ddb.put_item(TableName="esm-stream", Item={"pk": {"S": "a"}, "v": {"N": "1"}})
        self.ddb.put_item(TableName="esm-stream", Item={"pk": {"S": "a"}, "v": {"N": "2"}})
        self.ddb.delete_item(TableName="esm-stream", Key={"pk": {"S": "a"}})
        events = []
        deadline = time.time() + 30
        while len(events) < 3 and time.time() < deadline:
            for body in self.receive_all(log_url, 1, timeout=2):
                events.extend(json.loads(body))
        self.assertEqual([e[0] for e in events], ["INSERT", "MODIFY", "REMOVE"])
        self.assertEqual({e[2] for e in events}, {stream_arn})
        self.lam.delete_event_source_mapping(UUID=mapping["UUID"])

    def test_s3_upload_triggers_a_function_and_a_queue(self):
        self.s3.create_bucket(Bucket="esm-marks")
        self.s3.create_bucket(Bucket="esm-uploads")
        fn = create_python_function(self.lam, "esm-s3-fn", S3_HANDLER)
        url, arn = self.queue("esm-s3-events")
        with self.assertRaises(ClientError) as bad:
            self.s3.put_bucket_notification_configuration(
                Bucket="esm-uploads",
                NotificationConfiguration={"QueueConfigurations": [{
                    "QueueArn": arn + "-missing", "Events": ["s3:ObjectCreated:*"]}]})
        self.assertEqual(bad.exception.response["Error"]["Code"], "InvalidArgument")
        self.assertIn("Unable to validate the following destination configurations",
                      bad.exception.response["Error"]["Message"])
        self.s3.put_bucket_notification_configuration(
            Bucket="esm-uploads",
            NotificationConfiguration={
                "QueueConfigurations": [{"Id": "to-queue", "QueueArn": arn,
                                         "Events": ["s3:ObjectCreated:*"]}],
                "LambdaFunctionConfigurations": [{
                    "Id": "to-fn", "LambdaFunctionArn": fn["FunctionArn"],
                    "Events": ["s3:ObjectCreated:Put"],
                    "Filter": {"Key": {"FilterRules": [{"Name": "suffix", "Value": ".txt"}]}}}]})
        test_event = json.loads(self.receive_all(url, 1)[0])
        self.assertEqual(test_event["Event"], "s3:TestEvent")
        self.assertEqual(test_event["Bucket"], "esm-uploads")

        self.s3.put_object(Bucket="esm-uploads", Key="docs/hello.txt", Body=b"hello world")
        event = json.loads(self.receive_all(url, 1)[0])
        record = event["Records"][0]
        self.assertEqual(record["eventVersion"], "2.1")
        self.assertEqual(record["eventSource"], "aws:s3")
        self.assertEqual(record["eventName"], "ObjectCreated:Put")
        self.assertEqual(record["awsRegion"], "us-east-1")
        self.assertEqual(record["s3"]["configurationId"], "to-queue")
        self.assertEqual(record["s3"]["bucket"]["name"], "esm-uploads")
        self.assertEqual(record["s3"]["bucket"]["arn"], "arn:aws:s3:::esm-uploads")
        self.assertEqual(record["s3"]["object"]["key"], "docs/hello.txt")
        self.assertEqual(record["s3"]["object"]["size"], 11)
        self.assertEqual(record["s3"]["object"]["eTag"], "5eb63bbbe01eeed093cb22bb8f5acdc3")
        self.assertTrue(record["s3"]["object"]["sequencer"])

        def marker():
            try:
                return self.s3.get_object(Bucket="esm-marks", Key="seen/docs/hello.txt")
            except ClientError:
                return None
        got = wait_for(marker)
        self.assertIsNotNone(got, "the function did not run")
        seen = json.loads(got["Body"].read())
        self.assertEqual(seen["eventName"], "ObjectCreated:Put")
        self.assertEqual(seen["s3"]["configurationId"], "to-fn")

    def test_function_code_from_s3(self):
        self.s3.create_bucket(Bucket="esm-code")
        self.s3.put_object(Bucket="esm-code", Key="fn.zip",
                           Body=python_zip("def handler(e, c):\n    return {'from': 's3'}\n"))
        created = self.lam.create_function(
            FunctionName="esm-from-s3", Runtime="python3.12", Role=ROLE, Handler="index.handler",
            Code={"S3Bucket": "esm-code", "S3Key": "fn.zip"})
        self.assertGreater(created["CodeSize"], 0)
        out = self.lam.invoke(FunctionName="esm-from-s3", Payload=b"{}")
        self.assertEqual(json.loads(out["Payload"].read()), {"from": "s3"})
        with self.assertRaises(ClientError) as missing:
            self.lam.create_function(
                FunctionName="esm-from-s3-missing", Runtime="python3.12", Role=ROLE,
                Handler="index.handler", Code={"S3Bucket": "esm-code", "S3Key": "nope.zip"})
        self.assertEqual(missing.exception.response["Error"]["Code"],
                         "InvalidParameterValueException")
        self.assertIn("NoSuchKey", missing.exception.response["Error"]["Message"])

    def test_mapping_crud_with_the_cli(self):
        create_python_function(self.lam, "esm-crud", "def handler(e, c):\n    return 1\n")
        _, arn = self.queue("esm-crud-q")
        created = self.aws("lambda", "create-event-source-mapping", "--function-name", "esm-crud",
                           "--event-source-arn", arn, "--batch-size", "7", "--no-enabled")
        uuid = created["UUID"]
        self.assertEqual(created["BatchSize"], 7)
        listed = self.aws("lambda", "list-event-source-mappings", "--function-name", "esm-crud")
        self.assertEqual([m["UUID"] for m in listed["EventSourceMappings"]], [uuid])
        self.assertEqual(listed["EventSourceMappings"][0]["State"], "Disabled")
        dup = self.aws("lambda", "create-event-source-mapping", "--function-name", "esm-crud",
                       "--event-source-arn", arn, check=False)
        self.assertNotEqual(dup.returncode, 0)
        self.assertIn("ResourceConflictException", dup.stderr)
        updated = self.aws("lambda", "update-event-source-mapping", "--uuid", uuid, "--enabled",
                           "--batch-size", "3")
        self.assertEqual(updated["State"], "Enabling")
        got = self.lam.get_event_source_mapping(UUID=uuid)
        self.assertEqual((got["State"], got["BatchSize"]), ("Enabled", 3))
        deleted = self.lam.delete_event_source_mapping(UUID=uuid)
        self.assertEqual(deleted["State"], "Deleting")
        with self.assertRaises(ClientError) as gone:
            self.lam.get_event_source_mapping(UUID=uuid)
        self.assertEqual(gone.exception.response["Error"]["Code"], "ResourceNotFoundException")
        self.assertEqual(gone.exception.response["ResponseMetadata"]["HTTPStatusCode"], 404)

    def test_async_failures_reach_the_on_failure_destination_and_the_dlq(self):
        dest_url, dest_arn = self.queue("esm-async-failures")
        dlq_url, dlq_arn = self.queue("esm-async-dlq")
        create_python_function(self.lam, "esm-async-fails",
                               "def handler(e, c):\n    raise ValueError('nope ' + e['n'])\n",
                               DeadLetterConfig={"TargetArn": dlq_arn})
        config = self.lam.put_function_event_invoke_config(
            FunctionName="esm-async-fails", MaximumRetryAttempts=1,
            DestinationConfig={"OnFailure": {"Destination": dest_arn}})
        self.assertTrue(config["FunctionArn"].endswith(":function:esm-async-fails:$LATEST"))
        got = self.lam.get_function_event_invoke_config(FunctionName="esm-async-fails")
        self.assertEqual(got["MaximumRetryAttempts"], 1)
        listed = self.lam.list_function_event_invoke_configs(FunctionName="esm-async-fails")
        self.assertEqual(len(listed["FunctionEventInvokeConfigs"]), 1)
        out = self.lam.invoke(FunctionName="esm-async-fails", InvocationType="Event",
                              Payload=json.dumps({"n": "7"}))
        self.assertEqual(out["StatusCode"], 202)
        record = json.loads(self.receive_all(dest_url, 1, timeout=30)[0])
        self.assertEqual(record["version"], "1.0")
        self.assertEqual(record["requestContext"]["condition"], "RetriesExhausted")
        self.assertEqual(record["requestContext"]["approximateInvokeCount"], 2)
        self.assertEqual(record["requestPayload"], {"n": "7"})
        self.assertEqual(record["responseContext"]["functionError"], "Unhandled")
        self.assertEqual(record["responsePayload"]["errorType"], "ValueError")
        dead = self.sqs.receive_message(QueueUrl=dlq_url, WaitTimeSeconds=5,
                                        MessageAttributeNames=["All"])["Messages"][0]
        self.assertEqual(json.loads(dead["Body"]), {"n": "7"})
        self.assertIn("RequestID", dead["MessageAttributes"])
        self.lam.delete_function_event_invoke_config(FunctionName="esm-async-fails")
        with self.assertRaises(ClientError) as gone:
            self.lam.get_function_event_invoke_config(FunctionName="esm-async-fails")
        self.assertEqual(gone.exception.response["Error"]["Code"], "ResourceNotFoundException")


if __name__ == "__main__":
    unittest.main()
