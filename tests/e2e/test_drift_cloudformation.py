"""CloudFormation's drift API on a stack: in sync after deploy; after changing the queue's
visibility timeout and deleting the bucket behind the stack's back, DetectStackDrift says
DRIFTED and DescribeStackResourceDrifts gives AWS's shapes; DetectStackResourceDrift agrees; the
aws CLI's detect-stack-drift works."""

import json
import subprocess
import unittest

from harness import ServerTestCase, clean_env, terrarium_bin

TEMPLATE = {
    "Resources": {
        "Jobs": {"Type": "AWS::SQS::Queue",
                 "Properties": {"QueueName": "cfn-drift-jobs", "VisibilityTimeout": 45}},
        "Assets": {"Type": "AWS::S3::Bucket", "Properties": {"BucketName": "cfn-drift-assets"}},
    }
}


class CloudFormationDriftTest(ServerTestCase):
    def test_detect_describe_and_cli(self):
        cfn = self.boto3_client("cloudformation")
        sqs = self.boto3_client("sqs")
        s3 = self.boto3_client("s3")
        cfn.create_stack(StackName="drift-demo", TemplateBody=json.dumps(TEMPLATE))
        cfn.get_waiter("stack_create_complete").wait(
            StackName="drift-demo", WaiterConfig={"Delay": 1, "MaxAttempts": 60})

        detection = cfn.detect_stack_drift(StackName="drift-demo")["StackDriftDetectionId"]
        status = cfn.describe_stack_drift_detection_status(StackDriftDetectionId=detection)
        self.assertEqual(status["DetectionStatus"], "DETECTION_COMPLETE")
        self.assertEqual(status["StackDriftStatus"], "IN_SYNC")
        self.assertEqual(status["DriftedStackResourceCount"], 0)

        url = sqs.get_queue_url(QueueName="cfn-drift-jobs")["QueueUrl"]
        sqs.set_queue_attributes(QueueUrl=url, Attributes={"VisibilityTimeout": "99"})
        s3.delete_bucket(Bucket="cfn-drift-assets")

        detection = cfn.detect_stack_drift(StackName="drift-demo")["StackDriftDetectionId"]
        status = cfn.describe_stack_drift_detection_status(StackDriftDetectionId=detection)
        self.assertEqual(status["StackDriftStatus"], "DRIFTED")
        self.assertEqual(status["DriftedStackResourceCount"], 2)
        drifts = {d["LogicalResourceId"]: d for d in
                  cfn.describe_stack_resource_drifts(StackName="drift-demo")["StackResourceDrifts"]}
        self.assertEqual(drifts["Assets"]["StackResourceDriftStatus"], "DELETED")
        self.assertEqual(drifts["Jobs"]["StackResourceDriftStatus"], "MODIFIED")
        self.assertEqual(drifts["Jobs"]["PropertyDifferences"], [
            {"PropertyPath": "/VisibilityTimeout", "ExpectedValue": "45", "ActualValue": "99",
             "DifferenceType": "NOT_EQUAL"}])
        modified_only = cfn.describe_stack_resource_drifts(
            StackName="drift-demo", StackResourceDriftStatusFilters=["MODIFIED"])
        self.assertEqual([d["LogicalResourceId"] for d in modified_only["StackResourceDrifts"]],
                         ["Jobs"])

        one = cfn.detect_stack_resource_drift(StackName="drift-demo", LogicalResourceId="Jobs")
        self.assertEqual(one["StackResourceDrift"]["StackResourceDriftStatus"], "MODIFIED")
        with self.assertRaises(cfn.exceptions.ClientError) as e:
            cfn.detect_stack_resource_drift(StackName="drift-demo", LogicalResourceId="Nope")
        self.assertEqual(e.exception.response["Error"]["Code"], "ValidationError")

        proc = subprocess.run(
            ["aws", "--endpoint-url", self.endpoint, "--region", "us-east-1", "cloudformation",
             "detect-stack-drift", "--stack-name", "drift-demo", "--output", "json"],
            capture_output=True, text=True, timeout=60,
            env=clean_env(AWS_ACCESS_KEY_ID="test", AWS_SECRET_ACCESS_KEY="test"))
        self.assertEqual(proc.returncode, 0, proc.stderr)
        self.assertIn("StackDriftDetectionId", json.loads(proc.stdout))

        # terrarium drift --stack agrees with the API, and lists what the stack does not declare.
        sqs.create_queue(QueueName="cfn-drift-stray")
        proc = subprocess.run([terrarium_bin(), "drift", "--stack", "drift-demo", "--format",
                               "json", "--endpoint", self.endpoint],
                              capture_output=True, text=True, timeout=60, env=clean_env())
        self.assertEqual(proc.returncode, 2, proc.stderr)
        report = {r["LogicalResourceId"] or r["PhysicalResourceId"].rsplit("/", 1)[-1]: r
                  for r in json.loads(proc.stdout)["Resources"]}
        self.assertEqual(report["Jobs"]["DriftStatus"], "MODIFIED")
        self.assertEqual(report["Jobs"]["PropertyDifferences"], [
            {"PropertyPath": "/VisibilityTimeout", "ExpectedValue": 45, "ActualValue": 99,
             "DifferenceType": "NOT_EQUAL"}])
        self.assertEqual(report["Assets"]["DriftStatus"], "DELETED")
        self.assertEqual(report["cfn-drift-stray"]["DriftStatus"], "UNMANAGED")
        proc = subprocess.run([terrarium_bin(), "drift", "--stack", "nope", "--endpoint",
                               self.endpoint], capture_output=True, text=True, timeout=60,
                              env=clean_env())
        self.assertEqual(proc.returncode, 1)
        self.assertIn("does not exist", proc.stderr)


if __name__ == "__main__":
    unittest.main()
