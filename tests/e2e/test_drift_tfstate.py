"""`terrarium drift --tfstate`: a hand-written Terraform state describing resources made with
boto3 is in sync (exit 0); after changing a queue's visibility timeout, deleting a bucket tag and
deleting a declared queue behind the state's back and adding a table nothing declares, the
report names exactly those four findings (exit 2) in the table, JSON and JUnit formats; an
ignore file hides accepted drift."""

import json
import os
import subprocess
import tempfile
import unittest
import xml.etree.ElementTree as ET

from harness import ServerTestCase, clean_env, terrarium_bin

ACCOUNT = "000000000000"
REGION = "us-east-1"


def resource(rtype, name, attributes, index_key=None):
    instance = {"schema_version": 0, "attributes": attributes}
    if index_key is not None:
        instance["index_key"] = index_key
    return {"mode": "managed", "type": rtype, "name": name,
            "provider": "provider[\"registry.terraform.io/hashicorp/aws\"]",
            "instances": [instance]}


def queue_attributes(name, url, visibility):
    return {"name": name, "id": url, "url": url,
            "arn": f"arn:aws:sqs:{REGION}:{ACCOUNT}:{name}",
            "visibility_timeout_seconds": visibility, "message_retention_seconds": 345600,
            "max_message_size": 262144, "delay_seconds": 0, "receive_wait_time_seconds": 0,
            "fifo_queue": False, "content_based_deduplication": False, "redrive_policy": "",
            "tags": {}}


class DriftTfstateTest(ServerTestCase):
    def setUp(self):
        self.sqs = self.boto3_client("sqs")
        self.s3 = self.boto3_client("s3")
        suffix = self.id().rsplit(".", 1)[-1].replace("_", "-")[:20]
        self.bucket = f"drift-{suffix}"
        self.jobs = self.sqs.create_queue(QueueName=f"drift-jobs-{suffix}",
                                          Attributes={"VisibilityTimeout": "45"})["QueueUrl"]
        self.spare = self.sqs.create_queue(QueueName=f"drift-spare-{suffix}")["QueueUrl"]
        self.s3.create_bucket(Bucket=self.bucket)
        self.s3.put_bucket_tagging(Bucket=self.bucket, Tagging={"TagSet": [
            {"Key": "env", "Value": "dev"}, {"Key": "owner", "Value": "ops"}]})
        state = {"version": 4, "terraform_version": "1.11.0", "serial": 1, "lineage": "l",
                 "outputs": {}, "resources": [
                     resource("aws_sqs_queue", "jobs",
                              queue_attributes(f"drift-jobs-{suffix}", self.jobs, 45)),
                     resource("aws_sqs_queue", "spare",
                              queue_attributes(f"drift-spare-{suffix}", self.spare, 30), "a"),
                     resource("aws_s3_bucket", "assets", {
                         "bucket": self.bucket, "id": self.bucket,
                         "arn": f"arn:aws:s3:::{self.bucket}", "region": REGION,
                         "object_lock_enabled": False,
                         "tags": {"env": "dev", "owner": "ops"}}),
                     resource("aws_sns_topic", "alerts", {"name": "alerts"}),
                 ]}
        self.dir = tempfile.TemporaryDirectory()
        self.state = os.path.join(self.dir.name, "terraform.tfstate")
        with open(self.state, "w") as f:
            json.dump(state, f)

    def tearDown(self):
        self.dir.cleanup()
        # Leave nothing behind: the other test would see it as unmanaged.
        for url in (self.jobs, self.spare):
            try:
                self.sqs.delete_queue(QueueUrl=url)
            except self.sqs.exceptions.QueueDoesNotExist:
                pass
        self.s3.delete_bucket(Bucket=self.bucket)
        ddb = self.boto3_client("dynamodb")
        for name in ddb.list_tables()["TableNames"]:
            ddb.delete_table(TableName=name)

    def drift(self, *args):
        proc = subprocess.run([terrarium_bin(), "drift", "--tfstate", self.state,
                               "--endpoint", self.endpoint, *args],
                              capture_output=True, text=True, timeout=60, env=clean_env())
        return proc.returncode, proc.stdout, proc.stderr

    def change_behind_the_states_back(self):
        self.sqs.set_queue_attributes(QueueUrl=self.jobs, Attributes={"VisibilityTimeout": "99"})
        self.s3.put_bucket_tagging(Bucket=self.bucket, Tagging={"TagSet": [
            {"Key": "env", "Value": "dev"}]})
        self.sqs.delete_queue(QueueUrl=self.spare)
        self.boto3_client("dynamodb").create_table(
            TableName="drift-unmanaged", BillingMode="PAY_PER_REQUEST",
            AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}],
            KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}])

    def test_in_sync_then_three_findings_in_every_format(self):
        code, out, err = self.drift("--format", "json")
        self.assertEqual(code, 0, out + err)
        report = json.loads(out)
        self.assertFalse(report["Drifted"])
        self.assertEqual(report["Summary"]["IN_SYNC"], 3)
        self.assertEqual(report["NotChecked"], [{
            "Name": "aws_sns_topic.alerts",
            "Reason": "resource type aws_sns_topic is not supported by the importer"}])

        self.change_behind_the_states_back()
        code, out, err = self.drift("--format", "json")
        self.assertEqual(code, 2, out + err)
        report = json.loads(out)
        found = {r["LogicalResourceId"] or r["PhysicalResourceId"]: r for r in report["Resources"]}
        self.assertEqual(found["aws_sqs_queue.jobs"]["DriftStatus"], "MODIFIED")
        self.assertEqual(found["aws_sqs_queue.jobs"]["PropertyDifferences"], [
            {"PropertyPath": "/VisibilityTimeout", "ExpectedValue": 45, "ActualValue": 99,
             "DifferenceType": "NOT_EQUAL"}])
        self.assertEqual(found["aws_s3_bucket.assets"]["DriftStatus"], "MODIFIED")
        self.assertEqual(found["aws_s3_bucket.assets"]["PropertyDifferences"], [
            {"PropertyPath": "/Tags/1", "ExpectedValue": {"Key": "owner", "Value": "ops"},
             "ActualValue": None, "DifferenceType": "REMOVE"}])
        self.assertEqual(found['aws_sqs_queue.spare["a"]']["DriftStatus"], "DELETED")
        self.assertEqual(found["drift-unmanaged"]["DriftStatus"], "UNMANAGED")
        self.assertEqual(found["drift-unmanaged"]["ResourceType"], "AWS::DynamoDB::Table")
        self.assertEqual(report["Summary"], {"IN_SYNC": 0, "MODIFIED": 2, "DELETED": 1,
                                             "UNMANAGED": 1})
        self.assertEqual(report["Coverage"], {"Managed": 2, "Total": 3})

        code, out, err = self.drift()
        self.assertEqual(code, 2, err)
        self.assertNotIn("\x1b[", out)  # piped: no colour
        self.assertRegex(out, r"aws_sqs_queue\.jobs\s+AWS::SQS::Queue\s+MODIFIED")
        self.assertIn("/VisibilityTimeout NOT_EQUAL expected 45, actual 99", out)
        self.assertRegex(out, r'aws_sqs_queue\.spare\["a"\]\s+AWS::SQS::Queue\s+DELETED')
        self.assertRegex(out, r"-\s+AWS::DynamoDB::Table\s+UNMANAGED\s+drift-unmanaged")

        code, out, err = self.drift("--format", "junit")
        self.assertEqual(code, 2, err)
        suite = ET.fromstring(out).find("testsuite")
        self.assertEqual(suite.get("tests"), "5")
        self.assertEqual(suite.get("skipped"), "1")
        self.assertEqual(suite.get("failures"), "4")
        failures = {case.get("name"): case.find("failure").get("type")
                    for case in suite.findall("testcase") if case.find("failure") is not None}
        self.assertEqual(failures, {"aws_sqs_queue.jobs": "MODIFIED",
                                    "aws_s3_bucket.assets": "MODIFIED",
                                    'aws_sqs_queue.spare["a"]': "DELETED",
                                    "drift-unmanaged": "UNMANAGED"})

        ignore = os.path.join(self.dir.name, "drift-ignore")
        with open(ignore, "w") as f:
            f.write("aws_sqs_queue.jobs.VisibilityTimeout\naws_s3_bucket.*.Tags\n"
                    "aws_sqs_queue.spare*\nAWS::DynamoDB::Table.drift-*\n")
        code, out, err = self.drift("--ignore", ignore)
        self.assertEqual(code, 0, out + err)

    def test_errors_exit_1(self):
        with open(self.state, "w") as f:
            f.write("not a state")
        code, out, err = self.drift()
        self.assertEqual(code, 1)
        self.assertIn("not a JSON object", err)
        self.state = "/nonexistent/x.tfstate"
        code, out, err = self.drift()
        self.assertIn("cannot read /nonexistent/x.tfstate", err)
        self.assertEqual(code, 1)


if __name__ == "__main__":
    unittest.main()
