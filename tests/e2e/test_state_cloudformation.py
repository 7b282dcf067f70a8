"""Snapshots of CloudFormation state (issue 10): a stack with parameters, outputs, an export,
events and resources of several types (SQS, S3, DynamoDB, IAM), and a second stack importing
the export. After a save, an update, a reset and a load, the CloudFormation API (DescribeStacks,
ListStackResources, DescribeStackResources, GetTemplate, ListExports, ListImports,
DescribeStackEvents) answers exactly as before, and again after a restart on the same data dir;
`state diff` shows the update as changed stack properties."""

import os
import shutil
import tempfile
import unittest

import botocore.exceptions

from harness import Server
from state_support import client, state, state_json

FAST = {"Delay": 1, "MaxAttempts": 60}

TEMPLATE = """
Parameters:
  Stage:
    Type: String
    AllowedValues: [dev, prod]
  Retention:
    Type: Number
    Default: "345600"
Resources:
  Jobs:
    Type: AWS::SQS::Queue
    Properties:
      QueueName: !Sub "snapcfn-jobs-${Stage}"
      MessageRetentionPeriod: !Ref Retention
  Artifacts:
    Type: AWS::S3::Bucket
    Properties:
      BucketName: !Sub "snapcfn-artifacts-${Stage}"
      Tags: [{Key: stage, Value: !Ref Stage}]
  Orders:
    Type: AWS::DynamoDB::Table
    Properties:
      TableName: !Sub "snapcfn-orders-${Stage}"
      BillingMode: PAY_PER_REQUEST
      AttributeDefinitions: [{AttributeName: id, AttributeType: S}]
      KeySchema: [{AttributeName: id, KeyType: HASH}]
  Worker:
    Type: AWS::IAM::Role
    Properties:
      RoleName: !Sub "snapcfn-worker-${Stage}"
      AssumeRolePolicyDocument:
        Version: "2012-10-17"
        Statement:
          - Effect: Allow
            Principal: {Service: lambda.amazonaws.com}
            Action: sts:AssumeRole
Outputs:
  JobsUrl:
    Value: !Ref Jobs
  JobsArn:
    Value: !GetAtt Jobs.Arn
    Export: {Name: !Sub "snapcfn-jobs-arn-${Stage}"}
  TableName:
    Value: !Ref Orders
    Description: the orders table
"""

IMPORTER = """
Resources:
  Retry:
    Type: AWS::SQS::Queue
    Properties:
      RedrivePolicy:
        deadLetterTargetArn: !ImportValue snapcfn-jobs-arn-dev
        maxReceiveCount: 3
"""

MAIN = "snapcfn-main"
CONSUMER = "snapcfn-consumer"


class CloudFormationSnapshotTest(unittest.TestCase):
    def setUp(self):
        self.data_dir = tempfile.mkdtemp(prefix="terrarium-state-cfn-")
        self.addCleanup(shutil.rmtree, self.data_dir, True)
        self.server = None
        self.start()

    def tearDown(self):
        code = self.server.stop()
        log = self.server.log_tail()
        self.server.cleanup()
        self.assertEqual(code, 0, log)

    def start(self):
        self.server = Server(args=["--data-dir", self.data_dir]).start()
        self.cfn = client(self.server, "cloudformation")

    def restart(self):
        code = self.server.stop()
        self.assertEqual(code, 0, self.server.log_tail())
        self.server.cleanup()
        self.start()

    def wait(self, waiter, name):
        self.cfn.get_waiter(waiter).wait(StackName=name, WaiterConfig=FAST)

    def api_answers(self):
        """What the CloudFormation API says about both stacks, without response metadata."""
        cfn = self.cfn

        def call(method, **kw):
            answer = getattr(cfn, method)(**kw)
            answer.pop("ResponseMetadata", None)
            return answer

        answers = {"exports": call("list_exports"),
                   "imports": call("list_imports", ExportName="snapcfn-jobs-arn-dev"),
                   "stacks": call("describe_stacks"),
                   "summaries": call("list_stacks")}
        for name in (MAIN, CONSUMER):
            answers[name] = {
                "describe": call("describe_stacks", StackName=name),
                "resources": call("list_stack_resources", StackName=name),
                "resource_details": call("describe_stack_resources", StackName=name),
                "template": call("get_template", StackName=name),
                "events": call("describe_stack_events", StackName=name),
            }
        return answers

    def test_stacks_come_back_exactly(self):
        cfn = self.cfn
        cfn.create_stack(StackName=MAIN, TemplateBody=TEMPLATE,
                         Parameters=[{"ParameterKey": "Stage", "ParameterValue": "dev"}],
                         Tags=[{"Key": "team", "Value": "snapshots"}],
                         Capabilities=["CAPABILITY_NAMED_IAM"])
        self.wait("stack_create_complete", MAIN)
        cfn.create_stack(StackName=CONSUMER, TemplateBody=IMPORTER)
        self.wait("stack_create_complete", CONSUMER)
        before = self.api_answers()
        main = before[MAIN]["describe"]["Stacks"][0]
        self.assertEqual(main["StackStatus"], "CREATE_COMPLETE")
        self.assertEqual({r["ResourceType"] for r in before[MAIN]["resources"]
                          ["StackResourceSummaries"]},
                         {"AWS::SQS::Queue", "AWS::S3::Bucket", "AWS::DynamoDB::Table",
                          "AWS::IAM::Role"})
        self.assertEqual([e["Name"] for e in before["exports"]["Exports"]],
                         ["snapcfn-jobs-arn-dev"])
        self.assertEqual(before["imports"]["Imports"], [CONSUMER])
        self.assertGreaterEqual(len(before[MAIN]["events"]["StackEvents"]), 10)
        state(self.server, "save", "cfn-base", "-m", "two stacks")

        # An update: another parameter value changes the outputs, the export, the resources'
        # names (replacements) and adds events.
        cfn.delete_stack(StackName=CONSUMER)
        self.wait("stack_delete_complete", CONSUMER)
        cfn.update_stack(StackName=MAIN, TemplateBody=TEMPLATE,
                         Parameters=[{"ParameterKey": "Stage", "ParameterValue": "prod"},
                                     {"ParameterKey": "Retention", "ParameterValue": "86400"}],
                         Capabilities=["CAPABILITY_NAMED_IAM"])
        self.wait("stack_update_complete", MAIN)
        updated = cfn.describe_stacks(StackName=MAIN)["Stacks"][0]
        self.assertEqual(updated["StackStatus"], "UPDATE_COMPLETE")
        self.assertNotEqual(updated["Outputs"], main["Outputs"])

        diff = state_json(self.server, "diff", "cfn-base")
        stack_changes = [r for r in diff["changed"] if r["table"] == "cloudformation.stacks"]
        main_change = [r for r in stack_changes if f"/{MAIN}/" in r["key"]]
        self.assertEqual(len(main_change), 1, stack_changes)
        properties = {c["property"]: c for c in main_change[0]["changes"]}
        status = [c for p, c in properties.items() if p.endswith("/StackStatus") or p == "/Status"]
        self.assertTrue(status, properties.keys())
        self.assertEqual(status[0]["before"], "CREATE_COMPLETE")
        self.assertEqual(status[0]["after"], "UPDATE_COMPLETE")
        self.assertTrue(any(c.get("before") == "dev" and c.get("after") == "prod"
                            for c in properties.values()), properties)
        self.assertTrue(any(r["table"] == "cloudformation.events" for r in diff["added"]))
        text = state(self.server, "diff", "cfn-base").stdout
        self.assertRegex(text, r"~ cloudformation/stacks/[^\n]*/snapcfn-main/")
        self.assertIn('"CREATE_COMPLETE" -> "UPDATE_COMPLETE"', text)
        self.assertIn('"dev" -> "prod"', text)

        state(self.server, "reset")
        with self.assertRaises(botocore.exceptions.ClientError) as gone:
            cfn.describe_stacks(StackName=MAIN)
        self.assertEqual(gone.exception.response["Error"]["Code"], "ValidationError")
        self.assertEqual(cfn.list_exports()["Exports"], [])

        state(self.server, "load", "cfn-base")
        self.assertEqual(self.api_answers(), before)
        # The resources the stack names are those of the snapshot too.
        self.assertIn("QueueUrl", client(self.server, "sqs").get_queue_url(
            QueueName="snapcfn-jobs-dev"))
        with self.assertRaises(botocore.exceptions.ClientError):
            client(self.server, "sqs").get_queue_url(QueueName="snapcfn-jobs-prod")
        client(self.server, "dynamodb").describe_table(TableName="snapcfn-orders-dev")
        client(self.server, "iam").get_role(RoleName="snapcfn-worker-dev")

        self.restart()
        self.assertEqual(self.api_answers(), before)
        # The restored stack still works: it updates and deletes as any other.
        self.cfn.delete_stack(StackName=CONSUMER)
        self.wait("stack_delete_complete", CONSUMER)
        self.cfn.delete_stack(StackName=MAIN)
        self.wait("stack_delete_complete", MAIN)
        with self.assertRaises(botocore.exceptions.ClientError):
            client(self.server, "sqs").get_queue_url(QueueName="snapcfn-jobs-dev")


if __name__ == "__main__":
    unittest.main()
