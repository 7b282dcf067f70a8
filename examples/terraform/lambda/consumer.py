"""Records each S3 upload announced on the events queue as a row of the uploads table."""

import json
import os
import time
import urllib.parse

import boto3

TABLE = boto3.resource("dynamodb").Table(os.environ["TABLE_NAME"])
RETENTION_SECONDS = 30 * 24 * 3600


def handler(event, context):
    recorded = 0
    for message in event.get("Records", []):
        notification = json.loads(message["body"])
        # S3 sends one test event when the notification is configured; it has no Records.
        for record in notification.get("Records", []):
            s3 = record["s3"]
            key = urllib.parse.unquote_plus(s3["object"]["key"])
            now = int(time.time())
            TABLE.put_item(Item={
                "pk": s3["bucket"]["name"],
                "sk": f'{key}#{s3["object"].get("versionId", "null")}',
                "status": "received",
                "processed_at": now,
                "expires_at": now + RETENTION_SECONDS,
                "size": s3["object"].get("size", 0),
            })
            recorded += 1
    return {"recorded": recorded}
