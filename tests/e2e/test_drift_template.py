"""`terrarium drift --template` and `--stack` in a non-default account and region: a template
deployed as a stack in account 123456789012 / eu-west-1 is in sync; after changing a queue's
visibility timeout, deleting a bucket's tag and a declared queue, and adding a table nothing
declares, behind the declaration's back, both report exactly those four findings (table, JSON,
JUnit), the template's unnamed resource is reported not checked, and the stack's queue URL names
the server's own port."""

import json
import os
import subprocess
import tempfile
import unittest
import xml.etree.ElementTree as ET

from harness import ServerTestCase, clean_env, terrarium_bin

ACCOUNT = "123456789012"
REGION = "eu-west-1"

TEMPLATE = """
Parameters:
  Prefix:
    Type: String
Resources:
  Jobs:
    Type: AWS::SQS::Queue
    Properties:
      QueueName: !Sub "${Prefix}-jobs"
      VisibilityTimeout: 45
  Spare:
    Type: AWS::SQS::Queue
    Properties:
      QueueName: !Sub "${Prefix}-spare"
  Assets:
    Type: AWS::S3::Bucket
    Properties:
      BucketName: !Sub "${Prefix}-assets"
      Tags:
        - {Key: env, Value: dev}
        - {Key: owner, Value: ops}
  JobsPolicy:
    Type: AWS::SQS::QueuePolicy
    Properties:
      Queues: [!Ref Jobs]
      PolicyDocument:
        Version: "2012-10-17"
        Statement:
          - {Effect: Allow, Principal: "*", Action: "sqs:SendMessage", Resource: !GetAtt Jobs.Arn}
"""


class DriftTemplateTest(ServerTestCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.dir = tempfile.TemporaryDirectory()
        cls.template = os.path.join(cls.dir.name, "stack.yaml")
        with open(cls.template, "w") as f:
            f.write(TEMPLATE)
        env = clean_env(AWS_ACCESS_KEY_ID=ACCOUNT, AWS_SECRET_ACCESS_KEY="test",
                        AWS_REGION=REGION)
        proc = subprocess.run([terrarium_bin(), "apply-template", cls.template, "--stack-name",
                               "tpl-drift", "--parameter", "Prefix=tpl", "--endpoint",
                               cls.endpoint], capture_output=True, text=True, timeout=120,
                              env=env)
        if proc.returncode != 0:
            raise AssertionError(proc.stdout + proc.stderr)

    @classmethod
    def tearDownClass(cls):
        cls.dir.cleanup()
        super().tearDownClass()

    def client(self, service):
        return self.boto3_client(service, region_name=REGION, aws_access_key_id=ACCOUNT)

    def drift(self, *args):
        proc = subprocess.run([terrarium_bin(), "drift", *args, "--endpoint", self.endpoint],
                              capture_output=True, text=True, timeout=60, env=clean_env())
        return proc.returncode, proc.stdout, proc.stderr

    def from_template(self, *args):
        return self.drift("--template", self.template, "--parameter", "Prefix=tpl",
                          "--account", ACCOUNT, "--region", REGION, *args)

    def from_stack(self, *args):
        return self.drift("--stack", "tpl-drift", "--account", ACCOUNT, "--region", REGION, *args)

    def test_1_in_sync_in_its_account_and_region(self):
        code, out, err = self.from_template("--format", "json")
        self.assertEqual(code, 0, out + err)
        report = json.loads(out)
        self.assertEqual(report["Summary"], {"IN_SYNC": 3, "MODIFIED": 0, "DELETED": 0,
                                             "UNMANAGED": 0})
        self.assertEqual(report["NotChecked"], [{
            "Name": "JobsPolicy",
            "Reason": "AWS::SQS::QueuePolicy resources are found by no name: check them with "
                      "--stack"}])
        jobs = next(r for r in report["Resources"] if r["LogicalResourceId"] == "Jobs")
        # The queue URL names this server's port, not 4566.
        self.assertEqual(jobs["PhysicalResourceId"],
                         f"http://127.0.0.1:{self.port}/{ACCOUNT}/tpl-jobs")

        code, out, err = self.from_stack("--format", "json")
        self.assertEqual(code, 0, out + err)
        self.assertFalse(json.loads(out)["Drifted"])

        # The queues are not in the default account and region (bucket names are global).
        code, out, err = self.drift("--template", self.template, "--parameter", "Prefix=tpl",
                                    "--format", "json")
        self.assertEqual(code, 2, out + err)
        self.assertEqual({r["LogicalResourceId"]: r["DriftStatus"]
                          for r in json.loads(out)["Resources"]},
                         {"Assets": "IN_SYNC", "Jobs": "DELETED", "Spare": "DELETED"})

        # The stack's own queue URL (created by the CloudFormation service) names this port too.
        cfn = self.client("cloudformation")
        resources = cfn.describe_stack_resources(StackName="tpl-drift")["StackResources"]
        jobs_url = next(r["PhysicalResourceId"] for r in resources
                        if r["LogicalResourceId"] == "Jobs")
        self.assertEqual(jobs_url, f"http://127.0.0.1:{self.port}/{ACCOUNT}/tpl-jobs")

    def test_2_four_findings_in_every_format(self):
        sqs, s3 = self.client("sqs"), self.client("s3")
        sqs.set_queue_attributes(QueueUrl=sqs.get_queue_url(QueueName="tpl-jobs")["QueueUrl"],
                                 Attributes={"VisibilityTimeout": "99"})
        s3.put_bucket_tagging(Bucket="tpl-assets", Tagging={"TagSet": [
            {"Key": "env", "Value": "dev"}]})
        sqs.delete_queue(QueueUrl=sqs.get_queue_url(QueueName="tpl-spare")["QueueUrl"])
        self.client("dynamodb").create_table(
            TableName="tpl-unmanaged", BillingMode="PAY_PER_REQUEST",
            AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}],
            KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}])

        expected = {"Assets": "MODIFIED", "Jobs": "MODIFIED", "Spare": "DELETED",
                    None: "UNMANAGED"}
        for run in (self.from_template, self.from_stack):
            code, out, err = run("--format", "json")
            self.assertEqual(code, 2, out + err)
            report = json.loads(out)
            statuses = {r["LogicalResourceId"]: r["DriftStatus"] for r in report["Resources"]
                        if r["DriftStatus"] != "IN_SYNC"}
            self.assertEqual(statuses, expected, run.__name__)
            by_id = {r["LogicalResourceId"]: r for r in report["Resources"]}
            self.assertEqual(by_id["Jobs"]["PropertyDifferences"], [{
                "PropertyPath": "/VisibilityTimeout", "ExpectedValue": 45, "ActualValue": 99,
                "DifferenceType": "NOT_EQUAL"}])
            self.assertEqual(by_id["Assets"]["PropertyDifferences"][0]["DifferenceType"],
                             "REMOVE")
            self.assertEqual(by_id[None]["PhysicalResourceId"], "tpl-unmanaged")

        code, out, err = self.from_template()
        self.assertEqual(code, 2, err)
        self.assertIn("/VisibilityTimeout NOT_EQUAL expected 45, actual 99", out)
        self.assertRegex(out, r"Spare\s+AWS::SQS::Queue\s+DELETED\s+tpl-spare")
        self.assertIn("not checked: JobsPolicy", out)
        self.assertIn("0 in sync, 2 modified, 1 deleted, 1 unmanaged", out)

        code, out, err = self.from_template("--format", "junit")
        self.assertEqual(code, 2, err)
        suite = ET.fromstring(out).find("testsuite")
        failures = {case.get("name"): case.find("failure").get("type")
                    for case in suite.findall("testcase") if case.find("failure") is not None}
        self.assertEqual(failures, {"Assets": "MODIFIED", "Jobs": "MODIFIED", "Spare": "DELETED",
                                    "tpl-unmanaged": "UNMANAGED"})
        jobs = next(c for c in suite.findall("testcase") if c.get("name") == "Jobs")
        self.assertEqual(jobs.find("failure").text,
                         "/VisibilityTimeout NOT_EQUAL expected 45, actual 99\n")

    def test_bad_input_exits_1(self):
        code, _, err = self.drift("--template", self.template)  # Prefix has no default
        self.assertEqual(code, 1)
        self.assertIn("Prefix", err)
        code, _, err = self.drift("--stack", "tpl-drift", "--account", "12")
        self.assertEqual(code, 1)
        self.assertIn("the account must be 12 digits", err)


if __name__ == "__main__":
    unittest.main()
