#!/usr/bin/env python3
"""Creates what services.sh measures, over plain HTTP (no SDK, so set-up is quick).

Usage: services_setup.py ENDPOINT  -> prints "name=value" lines services.sh reads:
  queue_send, queue_shallow, queue_deep   three fresh SQS queues (queue_shallow holds 100 messages)
  and the DynamoDB table "bench" (pk, sk strings) with partitions "get" and "q1k" of 1,000 items
  each (~150 bytes; a Query of "q1k" answers ~180 KB).
"""
import json
import sys
import time
import urllib.request

ENDPOINT = sys.argv[1].rstrip("/")


def call(service, target, body):
    auth = (f"AWS4-HMAC-SHA256 Credential=test/20260101/us-east-1/{service}/aws4_request, "
            "SignedHeaders=host;x-amz-date, Signature=0000")
    request = urllib.request.Request(
        ENDPOINT + "/", data=json.dumps(body).encode(), method="POST",
        headers={"Authorization": auth, "X-Amz-Date": "20260101T000000Z",
                 "Content-Type": "application/x-amz-json-1.0", "X-Amz-Target": target})
    with urllib.request.urlopen(request, timeout=60) as response:
        return json.loads(response.read() or b"{}")


def item(pk, sk):
    return {"pk": {"S": pk}, "sk": {"S": sk}, "owner": {"S": "someone@example.com"},
            "count": {"N": "42"}, "flag": {"BOOL": True}, "note": {"S": "n" * 60}}


tag = str(int(time.time()))
for name in ("send", "shallow", "deep"):
    url = call("sqs", "AmazonSQS.CreateQueue", {"QueueName": f"bench-{name}-{tag}"})["QueueUrl"]
    print(f"queue_{name}={url}")
    if name == "shallow":
        for batch in range(10):
            call("sqs", "AmazonSQS.SendMessageBatch",
                 {"QueueUrl": url,
                  "Entries": [{"Id": f"m{i}", "MessageBody": "m" * 128} for i in range(10)]})

call("dynamodb", "DynamoDB_20120810.CreateTable", {
    "TableName": "bench", "BillingMode": "PAY_PER_REQUEST",
    "AttributeDefinitions": [{"AttributeName": "pk", "AttributeType": "S"},
                             {"AttributeName": "sk", "AttributeType": "S"}],
    "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"},
                  {"AttributeName": "sk", "KeyType": "RANGE"}]})
for partition in ("get", "q1k"):
    for start in range(0, 1000, 25):
        call("dynamodb", "DynamoDB_20120810.BatchWriteItem", {"RequestItems": {"bench": [
            {"PutRequest": {"Item": item(partition, f"{i:012d}")}}
            for i in range(start, start + 25)]}})
size = len(json.dumps(call("dynamodb", "DynamoDB_20120810.Query", {
    "TableName": "bench", "KeyConditionExpression": "pk = :p",
    "ExpressionAttributeValues": {":p": {"S": "q1k"}}})))
print(f"query_1k_bytes={size}")
