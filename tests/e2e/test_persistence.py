"""Persistence (issue 10): with --data-dir every service's state survives a restart, clocks resume
across the downtime, a second process on the same directory is refused, and a server killed with
SIGKILL in the middle of a load loses none of the writes it acknowledged."""

import base64
import hashlib
import io
import json
import os
import random
import shutil
import signal
import subprocess
import tempfile
import threading
import time
import unittest
import zipfile

import boto3
import botocore.config
import botocore.exceptions

from harness import Server, clean_env, terrarium_bin

FUNCTION_SOURCE = "def handler(event, context):\n    return {'echo': event}\n"


def client(server, service):
    config = botocore.config.Config(retries={"total_max_attempts": 1, "mode": "standard"},
                                    connect_timeout=5, read_timeout=30)
    return boto3.session.Session().client(
        service, region_name="us-east-1", aws_access_key_id="test",
        aws_secret_access_key="test", endpoint_url=server.endpoint, config=config)


def function_zip():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        # A fixed date: the same source gives the same bytes, so CodeSha256 can be compared.
        archive.writestr(zipfile.ZipInfo("index.py", (2020, 1, 1, 0, 0, 0)), FUNCTION_SOURCE)
    return buffer.getvalue()


class DataDirTestCase(unittest.TestCase):
    """Each test gets its own data directory and starts servers on it."""

    def setUp(self):
        self.data_dir = tempfile.mkdtemp(prefix="terrarium-persist-")
        self.addCleanup(shutil.rmtree, self.data_dir, True)
        self.servers = []

    def tearDown(self):
        for server in self.servers:
            server.cleanup()

    def start(self, port=None):
        server = Server(args=["--data-dir", self.data_dir], port=port).start()
        self.servers.append(server)
        return server

    def restart(self, server, sig=signal.SIGTERM):
        code = server.stop(sig)
        if sig == signal.SIGTERM:
            self.assertEqual(code, 0, server.log_tail())
        return self.start()


class RestartTest(DataDirTestCase):

    def seed(self, server):
        s3 = client(server, "s3")
        s3.create_bucket(Bucket="kept")
        s3.put_bucket_versioning(Bucket="kept", VersioningConfiguration={"Status": "Enabled"})
        first = s3.put_object(Bucket="kept", Key="dir/a.txt", Body=b"one",
                              Metadata={"colour": "blue"}, ContentType="text/plain")
        s3.put_object(Bucket="kept", Key="dir/a.txt", Body=b"two")
        s3.put_bucket_tagging(Bucket="kept", Tagging={"TagSet": [{"Key": "k", "Value": "v"}]})

        ddb = client(server, "dynamodb")
        ddb.create_table(
            TableName="kept", BillingMode="PAY_PER_REQUEST",
            AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"},
                                  {"AttributeName": "sk", "AttributeType": "N"},
                                  {"AttributeName": "g", "AttributeType": "S"}],
            KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"},
                       {"AttributeName": "sk", "KeyType": "RANGE"}],
            GlobalSecondaryIndexes=[{"IndexName": "by-g",
                                     "KeySchema": [{"AttributeName": "g", "KeyType": "HASH"}],
                                     "Projection": {"ProjectionType": "ALL"}}],
            StreamSpecification={"StreamEnabled": True, "StreamViewType": "NEW_IMAGE"})
        ddb.update_time_to_live(TableName="kept", TimeToLiveSpecification={
            "Enabled": True, "AttributeName": "expires"})
        ddb.put_item(TableName="kept", Item={"pk": {"S": "p"}, "sk": {"N": "1"},
                                             "g": {"S": "green"}, "n": {"N": "12.50"}})

        sqs = client(server, "sqs")
        url = sqs.create_queue(QueueName="kept")["QueueUrl"]
        sqs.send_message(QueueUrl=url, MessageBody="waiting",
                         MessageAttributes={"a": {"DataType": "String", "StringValue": "x"}})
        fifo = sqs.create_queue(QueueName="kept.fifo", Attributes={
            "FifoQueue": "true", "ContentBasedDeduplication": "true"})["QueueUrl"]
        sqs.send_message(QueueUrl=fifo, MessageBody="f1", MessageGroupId="g")

        iam = client(server, "iam")
        iam.create_role(RoleName="kept", AssumeRolePolicyDocument=json.dumps({
            "Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "sts:AssumeRole",
                                                   "Principal": {"Service": "lambda.amazonaws.com"}}]}))
        lam = client(server, "lambda")
        lam.create_function(FunctionName="kept", Runtime="python3.11", Handler="index.handler",
                            Role="arn:aws:iam::000000000000:role/kept",
                            Code={"ZipFile": function_zip()})
        return first["VersionId"]

    def test_every_service_survives_a_restart(self):
        server = self.start()
        first_version = self.seed(server)
        server = self.restart(server)

        s3 = client(server, "s3")
        self.assertEqual(s3.get_object(Bucket="kept", Key="dir/a.txt")["Body"].read(), b"two")
        old = s3.get_object(Bucket="kept", Key="dir/a.txt", VersionId=first_version)
        self.assertEqual(old["Body"].read(), b"one")
        self.assertEqual(old["Metadata"], {"colour": "blue"})
        self.assertEqual(old["ContentType"], "text/plain")
        self.assertEqual(s3.get_bucket_versioning(Bucket="kept")["Status"], "Enabled")
        self.assertEqual(s3.get_bucket_tagging(Bucket="kept")["TagSet"],
                         [{"Key": "k", "Value": "v"}])

        ddb = client(server, "dynamodb")
        item = ddb.get_item(TableName="kept", Key={"pk": {"S": "p"}, "sk": {"N": "1"}})["Item"]
        self.assertEqual(item["n"], {"N": "12.5"})
        by_g = ddb.query(TableName="kept", IndexName="by-g", KeyConditionExpression="g = :g",
                         ExpressionAttributeValues={":g": {"S": "green"}})
        self.assertEqual(by_g["Count"], 1)
        ttl = ddb.describe_time_to_live(TableName="kept")["TimeToLiveDescription"]
        self.assertEqual((ttl["TimeToLiveStatus"], ttl["AttributeName"]), ("ENABLED", "expires"))
        stream_arn = ddb.describe_table(TableName="kept")["Table"]["LatestStreamArn"]
        streams = client(server, "dynamodbstreams")
        shard = streams.describe_stream(StreamArn=stream_arn)["StreamDescription"]["Shards"][0]
        iterator = streams.get_shard_iterator(StreamArn=stream_arn, ShardId=shard["ShardId"],
                                              ShardIteratorType="TRIM_HORIZON")["ShardIterator"]
        records = streams.get_records(ShardIterator=iterator)["Records"]
        self.assertEqual([r["eventName"] for r in records], ["INSERT"])

        sqs = client(server, "sqs")
        url = sqs.get_queue_url(QueueName="kept")["QueueUrl"]
        got = sqs.receive_message(QueueUrl=url, MessageAttributeNames=["All"])["Messages"]
        self.assertEqual(got[0]["Body"], "waiting")
        self.assertEqual(got[0]["MessageAttributes"]["a"]["StringValue"], "x")
        fifo = sqs.get_queue_url(QueueName="kept.fifo")["QueueUrl"]
        # The deduplication window survives: the same body again is not a second message.
        sqs.send_message(QueueUrl=fifo, MessageBody="f1", MessageGroupId="g")
        attrs = sqs.get_queue_attributes(QueueUrl=fifo, AttributeNames=["All"])["Attributes"]
        self.assertEqual(attrs["ApproximateNumberOfMessages"], "1")

        self.assertEqual(client(server, "iam").get_role(RoleName="kept")["Role"]["RoleName"],
                         "kept")
        lam = client(server, "lambda")
        config = lam.get_function_configuration(FunctionName="kept")
        expected_sha = base64.b64encode(hashlib.sha256(function_zip()).digest()).decode()
        self.assertEqual(config["CodeSha256"], expected_sha)
        out = lam.invoke(FunctionName="kept", Payload=b'{"k": 1}')
        self.assertEqual(json.loads(out["Payload"].read()), {"echo": {"k": 1}})

    def test_visibility_timeout_runs_out_while_the_server_is_down(self):
        server = self.start()
        sqs = client(server, "sqs")
        url = sqs.create_queue(QueueName="clock")["QueueUrl"]
        sqs.send_message(QueueUrl=url, MessageBody="m")
        taken = sqs.receive_message(QueueUrl=url, VisibilityTimeout=2)["Messages"]
        self.assertEqual(len(taken), 1)
        server.stop(signal.SIGKILL)
        time.sleep(2.5)  # the deadline passes while no server runs
        server = self.start()
        sqs = client(server, "sqs")
        url = sqs.get_queue_url(QueueName="clock")["QueueUrl"]
        again = sqs.receive_message(QueueUrl=url)["Messages"]
        self.assertEqual(again[0]["Body"], "m")
        self.assertNotEqual(again[0]["ReceiptHandle"], taken[0]["ReceiptHandle"])

    def test_a_second_process_on_the_same_directory_is_refused(self):
        server = self.start()
        result = subprocess.run(
            [terrarium_bin(), "serve", "--port", "0", "--data-dir", self.data_dir],
            capture_output=True, text=True, timeout=30, env=clean_env())
        self.assertNotEqual(result.returncode, 0)
        self.assertIn("in use by another terrarium process", result.stdout + result.stderr)
        self.assertIn(str(server.proc.pid), result.stdout + result.stderr)
        # The first server is unharmed.
        client(server, "s3").create_bucket(Bucket="still-serving")


class CrashTest(DataDirTestCase):
    """Writers run against the server while it is killed with SIGKILL at a random moment; after
    the restart every acknowledged write must be there, with its content."""

    CYCLES = 20
    WRITERS = ["s3", "s3", "ddb", "ddb", "sqs", "sqs"]

    def writer(self, c, kind, name, acknowledged, stop):
        n = 0
        try:
            while not stop.is_set():
                n += 1
                key = f"{name}/{n}"
                value = f"{kind}-{key}-" + "x" * random.randint(0, 3000)
                if kind == "s3":
                    c.put_object(Bucket="crash", Key=key, Body=value.encode())
                elif kind == "ddb":
                    c.put_item(TableName="crash", Item={"pk": {"S": key}, "v": {"S": value}})
                else:
                    c.send_message(QueueUrl=self.queue_url, MessageBody=value)
                acknowledged.append((kind, key, value))
        except (botocore.exceptions.BotoCoreError, botocore.exceptions.ClientError):
            pass  # the server died under us: what was not acknowledged does not count

    def test_acknowledged_writes_survive_sigkill(self):
        server = self.start()
        # The same port on every restart, so the clients (slow to build) serve every cycle.
        port = server.port
        clients = [client(server, {"s3": "s3", "sqs": "sqs", "ddb": "dynamodb"}[kind])
                   for kind in self.WRITERS]
        clients[0].create_bucket(Bucket="crash")
        clients[2].create_table(
            TableName="crash", BillingMode="PAY_PER_REQUEST",
            AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}],
            KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}])
        self.queue_url = clients[4].create_queue(QueueName="crash")["QueueUrl"]
        rng = random.Random(int(os.environ.get("CRASH_SEED", "10")))
        acknowledged = []
        for cycle in range(self.CYCLES):
            stop = threading.Event()
            threads = [threading.Thread(target=self.writer,
                                        args=(c, kind, f"{cycle}-{i}", acknowledged, stop))
                       for i, (c, kind) in enumerate(zip(clients, self.WRITERS))]
            for t in threads:
                t.start()
            time.sleep(rng.uniform(0.05, 0.5))
            server.stop(signal.SIGKILL)
            stop.set()
            for t in threads:
                t.join(timeout=30)
            server = self.start(port=port)
        kinds = {kind for kind, _, _ in acknowledged}
        self.assertEqual(kinds, {"s3", "ddb", "sqs"}, f"{len(acknowledged)} writes acknowledged")
        self.check(server, acknowledged)

    def assert_whole(self, kind, key, value):
        prefix = f"{kind}-{key}-"
        self.assertTrue(value.startswith(prefix), f"{kind} {key}: {value[:60]!r}")
        self.assertEqual(value[len(prefix):].strip("x"), "", f"{kind} {key} is half-written")

    def check(self, server, acknowledged):
        s3 = client(server, "s3")
        ddb = client(server, "dynamodb")
        sent = []
        for kind, key, value in acknowledged:
            if kind == "s3":
                body = s3.get_object(Bucket="crash", Key=key)["Body"].read()
                self.assertEqual(body, value.encode(), key)
            elif kind == "ddb":
                item = ddb.get_item(TableName="crash", Key={"pk": {"S": key}},
                                    ConsistentRead=True).get("Item")
                self.assertIsNotNone(item, key)
                self.assertEqual(item["v"]["S"], value, key)
            else:
                sent.append(value)
        # Whatever else is there (written but not acknowledged) is whole, never half-written.
        for page in s3.get_paginator("list_objects_v2").paginate(Bucket="crash"):
            for entry in page.get("Contents", []):
                body = s3.get_object(Bucket="crash", Key=entry["Key"])["Body"].read().decode()
                self.assert_whole("s3", entry["Key"], body)
        for page in ddb.get_paginator("scan").paginate(TableName="crash", ConsistentRead=True):
            for item in page["Items"]:
                self.assert_whole("ddb", item["pk"]["S"], item["v"]["S"])
        sqs = client(server, "sqs")
        received = set()
        while True:
            batch = sqs.receive_message(QueueUrl=self.queue_url,
                                        MaxNumberOfMessages=10, VisibilityTimeout=600)
            messages = batch.get("Messages", [])
            if not messages:
                break
            for m in messages:
                key = m["Body"].split("-", 1)[1].rsplit("-", 1)[0]
                self.assert_whole("sqs", key, m["Body"])
                received.add(m["Body"])
        missing = [v[:40] for v in sent if v not in received]
        self.assertEqual(missing, [], f"{len(missing)} acknowledged messages lost")


if __name__ == "__main__":
    unittest.main()
