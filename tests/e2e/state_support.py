"""Helpers for the snapshot tests: the `terrarium state` CLI, and a seeded S3 + DynamoDB + SQS
state whose contents can be read back and compared."""

import json
import os
import subprocess

import boto3
import botocore.config

from harness import clean_env, terrarium_bin

BINARY_BODY = bytes(range(256)) * 1200 + b"\x00tail"  # 300 KiB, every byte value


def client(server, service, config=None):
    config = config or botocore.config.Config(
        retries={"total_max_attempts": 1, "mode": "standard"}, connect_timeout=5,
        read_timeout=30)
    return boto3.session.Session().client(
        service, region_name="us-east-1", aws_access_key_id="test",
        aws_secret_access_key="test", endpoint_url=server.endpoint, config=config)


def state(server, *args, check=True, env=None):
    """Runs `terrarium state ARGS --endpoint <server>` (with `env` added to the environment);
    returns the CompletedProcess."""
    command = [terrarium_bin(), "state", *args, "--endpoint", server.endpoint]
    result = subprocess.run(command, capture_output=True, text=True, env=clean_env(**(env or {})),
                            timeout=120)
    if check and result.returncode != 0:
        raise AssertionError(f"{' '.join(command)} exited {result.returncode}\n"
                             f"stdout: {result.stdout}\nstderr: {result.stderr}")
    return result


def state_json(server, *args):
    return json.loads(state(server, *args, "--json").stdout)


def seed(server, prefix):
    """A bucket with a binary and a text object, a table with items, a queue with a message."""
    s3 = client(server, "s3")
    s3.create_bucket(Bucket=f"{prefix}-bucket")
    s3.put_object(Bucket=f"{prefix}-bucket", Key="data/blob.bin", Body=BINARY_BODY)
    s3.put_object(Bucket=f"{prefix}-bucket", Key="notes.txt", Body=b"hello snapshots\n",
                  Metadata={"owner": "team-a"})
    ddb = client(server, "dynamodb")
    ddb.create_table(TableName=f"{prefix}-table",
                     KeySchema=[{"AttributeName": "id", "KeyType": "HASH"}],
                     AttributeDefinitions=[{"AttributeName": "id", "AttributeType": "S"}],
                     BillingMode="PAY_PER_REQUEST")
    for i in range(5):
        ddb.put_item(TableName=f"{prefix}-table",
                     Item={"id": {"S": f"item-{i}"}, "count": {"N": str(i)},
                           "tags": {"SS": ["a", f"t{i}"]}})
    sqs = client(server, "sqs")
    url = sqs.create_queue(QueueName=f"{prefix}-queue")["QueueUrl"]
    sqs.send_message(QueueUrl=url, MessageBody="queued before the snapshot")


def contents(server, prefix):
    """Everything seed() made, as comparable values: object bodies and metadata, items, queues."""
    s3 = client(server, "s3")
    objects = {}
    for bucket in s3.list_buckets()["Buckets"]:
        name = bucket["Name"]
        for entry in s3.list_objects_v2(Bucket=name).get("Contents", []):
            got = s3.get_object(Bucket=name, Key=entry["Key"])
            objects[(name, entry["Key"])] = (got["Body"].read(), got["ETag"], got.get("Metadata"))
    ddb = client(server, "dynamodb")
    items = {}
    for table in ddb.list_tables()["TableNames"]:
        scanned = ddb.scan(TableName=table)["Items"]
        items[table] = sorted(scanned, key=lambda item: item["id"]["S"])
    queues = sorted(client(server, "sqs").list_queues().get("QueueUrls", []))
    queues = [url.rsplit("/", 1)[1] for url in queues]
    return {"objects": objects, "items": items, "queues": queues}


def write_script(path, text):
    with open(path, "w") as f:
        f.write(text)
    os.chmod(path, 0o755)
