"""examples/terraform/ against a fresh server: init, apply, a clean plan, an update of one attribute
of every resource, a clean plan again, destroy, and nothing of the stack left (checked through the
API).

The Lambda package is built here from examples/terraform/lambda/ (the provider mirror has no
hashicorp/archive, so the example does not use archive_file; its README shows the same command).
"""

import os
import unittest

from terraform_support import EXAMPLES, TerraformTestCase, apply_edits, deterministic_zip

STACK = os.path.join(EXAMPLES, "terraform")
ACCOUNT = "000000000000"
BUCKET = f"dev-uploads-{ACCOUNT}"
TABLE = "dev-uploads"
QUEUES = ("dev-upload-events", "dev-upload-events-dlq", "dev-orders.fifo")
FUNCTION = "dev-upload-consumer"
ROLE = "dev-upload-consumer"

# One attribute of every resource, changed in place (or replaced where the provider must).
UPDATE = [
    ("storage.tf", 'purpose = "user uploads"', 'purpose = "uploads"'),
    ("storage.tf", 'status = "Enabled"\n  }\n}', 'status = "Suspended"\n  }\n}'),
    ("storage.tf", "bucket_key_enabled = false", "bucket_key_enabled = true"),
    ("storage.tf", "restrict_public_buckets = true", "restrict_public_buckets = false"),
    ("storage.tf", "noncurrent_days = 30", "noncurrent_days = 60"),
    ("storage.tf", '["s3:GetObject", "s3:GetObjectVersion"]',
     '["s3:GetObject", "s3:GetObjectVersion", "s3:GetObjectTagging"]'),
    ("storage.tf", 'events        = ["s3:ObjectCreated:*"]',
     'events        = ["s3:ObjectCreated:Put", "s3:ObjectCreated:CompleteMultipartUpload"]'),
    ("storage.tf", 'content_type = "text/plain"', 'content_type = "text/plain; charset=utf-8"'),
    ("table.tf", 'purpose = "upload index"', 'purpose = "upload index, v2"'),
    ("queues.tf", "message_retention_seconds = 1209600", "message_retention_seconds = 604800"),
    ("queues.tf", "visibility_timeout_seconds = 60", "visibility_timeout_seconds = 90"),
    ("queues.tf", "content_based_deduplication = true", "content_based_deduplication = false"),
    ("queues.tf", 'Sid       = "UploadsBucketSends"', 'Sid       = "UploadsBucketSendsEvents"'),
    ("lambda.tf", '"Runs the upload consumer Lambda"', '"Runs the upload consumer"'),
    ("lambda.tf", '"sqs:ReceiveMessage", "sqs:DeleteMessage"',
     '"sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:ChangeMessageVisibility"'),
    ("lambda.tf", "service-role/AWSLambdaBasicExecutionRole",
     "service-role/AWSLambdaSQSQueueExecutionRole"),
    ("lambda.tf", "memory_size      = 256", "memory_size      = 512"),
    ("lambda.tf", 'statement_id   = "AllowUploadsBucket"',
     'statement_id   = "AllowUploadsBucketDirect"'),
    ("event_source_mapping.tf", "batch_size                         = 10",
     "batch_size                         = 5"),
]


class TerraformStackTest(TerraformTestCase):

    def test_apply_plan_update_destroy(self):
        stack = self.copy_config(STACK)
        deterministic_zip(os.path.join(stack, "build", "consumer.zip"),
                          {"consumer.py": os.path.join(stack, "lambda", "consumer.py")})
        clients = {name: self.boto3_client(name) for name in
                   ("s3", "dynamodb", "sqs", "lambda", "iam")}

        self.init(stack)
        self.apply(stack)
        self.assert_plan_clean(stack)
        self.check_created(stack, clients)

        apply_edits(stack, UPDATE)
        self.apply(stack)
        self.assert_plan_clean(stack)
        self.check_updated(clients)

        self.destroy(stack)
        self.check_nothing_left(clients)

    def queue_attributes(self, sqs, name):
        url = sqs.get_queue_url(QueueName=name)["QueueUrl"]
        return sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["All"])["Attributes"]

    def check_created(self, stack, clients):
        outputs = self.outputs(stack)
        self.assertEqual(outputs["bucket"], BUCKET)
        self.assertEqual(outputs["table"], TABLE)
        s3, ddb, sqs, lam = (clients[n] for n in ("s3", "dynamodb", "sqs", "lambda"))
        self.assertEqual(s3.get_bucket_versioning(Bucket=BUCKET)["Status"], "Enabled")
        rules = s3.get_bucket_lifecycle_configuration(Bucket=BUCKET)["Rules"]
        self.assertEqual(rules[0]["NoncurrentVersionExpiration"]["NoncurrentDays"], 30)
        self.assertEqual(s3.get_object(Bucket=BUCKET, Key="README.txt")["ContentType"],
                         "text/plain")
        table = ddb.describe_table(TableName=TABLE)["Table"]
        self.assertEqual([k["AttributeName"] for k in table["KeySchema"]], ["pk", "sk"])
        self.assertEqual(table["GlobalSecondaryIndexes"][0]["IndexName"], "by-status")
        self.assertEqual(table["StreamSpecification"]["StreamViewType"], "NEW_AND_OLD_IMAGES")
        self.assertEqual(outputs["table_stream_arn"], table["LatestStreamArn"])
        ttl = ddb.describe_time_to_live(TableName=TABLE)["TimeToLiveDescription"]
        self.assertEqual(ttl["AttributeName"], "expires_at")
        events = self.queue_attributes(sqs, "dev-upload-events")
        self.assertEqual(events["VisibilityTimeout"], "60")
        self.assertIn("dev-upload-events-dlq", events["RedrivePolicy"])
        self.assertIn("UploadsBucketSends", events["Policy"])
        self.assertEqual(self.queue_attributes(sqs, "dev-orders.fifo")["FifoQueue"], "true")
        config = lam.get_function(FunctionName=FUNCTION)["Configuration"]
        self.assertEqual(config["MemorySize"], 256)
        self.assertEqual(config["Environment"]["Variables"]["TABLE_NAME"], TABLE)
        mappings = lam.list_event_source_mappings(FunctionName=FUNCTION)["EventSourceMappings"]
        self.assertEqual([(m["UUID"], m["BatchSize"], m["State"]) for m in mappings],
                         [(outputs["event_source_mapping"], 10, "Enabled")])

    def check_updated(self, clients):
        s3, sqs, lam, iam = (clients[n] for n in ("s3", "sqs", "lambda", "iam"))
        self.assertEqual(s3.get_bucket_versioning(Bucket=BUCKET)["Status"], "Suspended")
        rules = s3.get_bucket_lifecycle_configuration(Bucket=BUCKET)["Rules"]
        self.assertEqual(rules[0]["NoncurrentVersionExpiration"]["NoncurrentDays"], 60)
        self.assertEqual(self.queue_attributes(sqs, "dev-upload-events")["VisibilityTimeout"],
                         "90")
        self.assertEqual(lam.get_function(FunctionName=FUNCTION)["Configuration"]["MemorySize"],
                         512)
        mappings = lam.list_event_source_mappings(FunctionName=FUNCTION)["EventSourceMappings"]
        self.assertEqual([m["BatchSize"] for m in mappings], [5])
        attached = iam.list_attached_role_policies(RoleName=ROLE)["AttachedPolicies"]
        self.assertEqual([p["PolicyName"] for p in attached], ["AWSLambdaSQSQueueExecutionRole"])

    def check_nothing_left(self, clients):
        s3, ddb, sqs, lam, iam = (clients[n] for n in ("s3", "dynamodb", "sqs", "lambda", "iam"))
        self.assertEqual(s3.list_buckets()["Buckets"], [])
        self.assertEqual(ddb.list_tables()["TableNames"], [])
        self.assertEqual(sqs.list_queues().get("QueueUrls", []), [])
        self.assertEqual(lam.list_functions()["Functions"], [])
        self.assertEqual(lam.list_event_source_mappings()["EventSourceMappings"], [])
        self.assertNotIn(ROLE, [r["RoleName"] for r in iam.list_roles()["Roles"]])


if __name__ == "__main__":
    unittest.main()
