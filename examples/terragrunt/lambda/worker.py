"""Writes one result row per job message it is given (an SQS event or a direct invoke)."""

import json
import os
import time

import boto3

TABLE = boto3.resource("dynamodb").Table(os.environ["TABLE_NAME"])


def handler(event, context):
    records = event.get("Records") or [{"messageId": "direct", "body": json.dumps(event)}]
    for record in records:
        job = json.loads(record["body"])
        TABLE.put_item(Item={
            "job_id": str(job.get("job_id", record["messageId"])),
            "attempt": int(job.get("attempt", 1)),
            "result": "done",
            "expires_at": int(time.time()) + 86400,
        })
    return {"processed": len(records)}
