"""`terrarium import tfstate`: a hand-written state (a module, for_each, a bucket companion, an
unsupported type) is created in the account and region its ARNs name; --dry-run changes
nothing; re-running reports everything already present; then drift is clean."""

import json
import os
import subprocess
import tempfile
import unittest

from harness import ServerTestCase, clean_env, terrarium_bin

ACCOUNT = "000000000000"
REGION = "eu-west-1"


def resource(rtype, name, attributes, index_key=None, module=None):
    instance = {"schema_version": 0, "attributes": attributes}
    if index_key is not None:
        instance["index_key"] = index_key
    r = {"mode": "managed", "type": rtype, "name": name,
         "provider": "provider[\"registry.terraform.io/hashicorp/aws\"]", "instances": [instance]}
    if module:
        r["module"] = module
    return r


class ImportTfstateTest(ServerTestCase):
    def setUp(self):
        self.dir = tempfile.TemporaryDirectory()
        self.addCleanup(self.dir.cleanup)
        url = f"https://sqs.{REGION}.amazonaws.com/{ACCOUNT}/imp-jobs-blue"
        state = {"version": 4, "terraform_version": "1.11.0", "serial": 1, "lineage": "l",
                 "outputs": {}, "resources": [
                     resource("aws_sqs_queue", "jobs", {
                         "name": "imp-jobs-blue", "id": url, "url": url,
                         "arn": f"arn:aws:sqs:{REGION}:{ACCOUNT}:imp-jobs-blue",
                         "visibility_timeout_seconds": 75, "message_retention_seconds": 345600,
                         "max_message_size": 262144, "delay_seconds": 0,
                         "receive_wait_time_seconds": 0, "fifo_queue": False,
                         "redrive_policy": "", "tags": {"team": "core"}},
                              index_key="blue", module="module.work"),
                     resource("aws_s3_bucket", "assets", {
                         "bucket": "imp-assets", "id": "imp-assets",
                         "arn": "arn:aws:s3:::imp-assets", "region": REGION,
                         "object_lock_enabled": False, "tags": {}}),
                     resource("aws_s3_bucket_versioning", "assets", {
                         "bucket": "imp-assets", "id": "imp-assets",
                         "versioning_configuration": [{"status": "Enabled", "mfa_delete": ""}]}),
                     resource("aws_sns_topic", "alerts", {"name": "alerts"}),
                 ]}
        self.state = os.path.join(self.dir.name, "terraform.tfstate")
        with open(self.state, "w") as f:
            json.dump(state, f)

    def run_cli(self, *args):
        proc = subprocess.run([terrarium_bin(), *args, "--endpoint", self.endpoint],
                              capture_output=True, text=True, timeout=120, env=clean_env())
        return proc.returncode, proc.stdout, proc.stderr

    def test_import_dry_run_then_create_then_idempotent(self):
        sqs = self.boto3_client("sqs", region_name=REGION)
        s3 = self.boto3_client("s3", region_name=REGION)

        code, out, err = self.run_cli("import", "tfstate", self.state, "--dry-run")
        self.assertEqual(code, 0, out + err)
        self.assertIn('would create     module.work.aws_sqs_queue.jobs["blue"] (AWS::SQS::Queue)',
                      out)
        self.assertIn("skipped          aws_sns_topic.alerts (aws_sns_topic): resource type "
                      "aws_sns_topic is not supported by the importer", out)
        self.assertEqual(sqs.list_queues().get("QueueUrls", []), [])

        code, out, err = self.run_cli("import", "tfstate", self.state)
        self.assertEqual(code, 0, out + err)
        self.assertIn("created          aws_s3_bucket.assets (AWS::S3::Bucket)", out)
        self.assertIn("2 created, 1 skipped", out)
        queue_url = sqs.get_queue_url(QueueName="imp-jobs-blue")["QueueUrl"]
        self.assertIn(f"/{ACCOUNT}/imp-jobs-blue", queue_url)
        attrs = sqs.get_queue_attributes(QueueUrl=queue_url, AttributeNames=["All"])["Attributes"]
        self.assertEqual(attrs["VisibilityTimeout"], "75")
        self.assertIn(f":{REGION}:", attrs["QueueArn"])
        self.assertEqual(sqs.list_queue_tags(QueueUrl=queue_url)["Tags"], {"team": "core"})
        self.assertEqual(s3.get_bucket_versioning(Bucket="imp-assets")["Status"], "Enabled")
        # Not in the default region: the region came from the state's ARNs.
        self.assertEqual(self.boto3_client("sqs").list_queues().get("QueueUrls", []), [])

        code, out, err = self.run_cli("import", "tfstate", self.state)
        self.assertEqual(code, 0, out + err)
        self.assertIn("2 already present, 1 skipped", out)
        self.assertEqual(len(sqs.list_queues()["QueueUrls"]), 1)

    def test_bad_state_exits_1(self):
        with open(self.state, "w") as f:
            f.write('{"version": 3}')
        code, out, err = self.run_cli("import", "tfstate", self.state)
        self.assertEqual(code, 1)
        self.assertIn("version 3 is not supported", err)


if __name__ == "__main__":
    unittest.main()
