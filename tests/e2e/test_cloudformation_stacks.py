"""CloudFormation stacks through boto3: lifecycle, waiters, updates, rollback, deletion,
exports and imports, templates, change sets. Resources are checked through the services'
own APIs."""

import json
import unittest

import botocore.exceptions

from cfn_support import needs_providers, FAST, CfnTestCase, example

FAILING = """
Resources:
  Fine:
    Type: AWS::SQS::Queue
    Properties: {QueueName: rollback-fine}
  Broken:
    Type: AWS::SQS::Queue
    DependsOn: Fine
    Properties: {QueueName: rollback-broken, VisibilityTimeout: 999999}
"""

EXPORTER = """
Resources:
  Shared: {Type: AWS::SQS::Queue}
Outputs:
  SharedArn:
    Value: !GetAtt Shared.Arn
    Export: {Name: shared-queue-arn}
"""

IMPORTER = """
Resources:
  Consumer:
    Type: AWS::SQS::Queue
    Properties:
      RedrivePolicy:
        deadLetterTargetArn: !ImportValue shared-queue-arn
        maxReceiveCount: 5
"""


class StackLifecycleTest(CfnTestCase):

    @needs_providers
    def test_queue_stack_creates_updates_and_deletes(self):
        stack_id = self.create("jobs", example("queue_with_dlq.yaml"))
        stack = self.stack("jobs")
        self.assertEqual(stack["StackStatus"], "CREATE_COMPLETE")
        self.assertEqual(stack["StackId"], stack_id)
        self.assertEqual(stack["Description"], "SQS queue with a dead-letter queue")
        self.assertEqual(stack["Parameters"],
                         [{"ParameterKey": "VisibilityTimeout", "ParameterValue": "30"}])
        out = self.outputs("jobs")
        attrs = self.sqs.get_queue_attributes(QueueUrl=out["QueueUrl"],
                                              AttributeNames=["All"])["Attributes"]
        self.assertEqual(attrs["VisibilityTimeout"], "30")
        self.assertEqual(json.loads(attrs["RedrivePolicy"])["maxReceiveCount"], 3)
        self.assertTrue(out["QueueUrl"].split("/")[-1].startswith("jobs-WorkQueue-"))

        statuses = self.resource_statuses("jobs")
        self.assertEqual(statuses[0], ("jobs", "CREATE_IN_PROGRESS"))
        self.assertEqual(statuses[-1], ("jobs", "CREATE_COMPLETE"))
        self.assertIn(("WorkQueue", "CREATE_COMPLETE"), statuses)
        self.assertLess(statuses.index(("DeadLetterQueue", "CREATE_COMPLETE")),
                        statuses.index(("WorkQueue", "CREATE_IN_PROGRESS")))
        resources = self.cfn.list_stack_resources(StackName="jobs")["StackResourceSummaries"]
        self.assertEqual(sorted(r["LogicalResourceId"] for r in resources),
                         ["DeadLetterQueue", "WorkQueue"])
        one = self.cfn.describe_stack_resource(StackName="jobs", LogicalResourceId="WorkQueue")
        self.assertEqual(one["StackResourceDetail"]["PhysicalResourceId"], out["QueueUrl"])

        # Update a queue attribute through a parameter: in place, same queue.
        self.cfn.update_stack(StackName="jobs", UsePreviousTemplate=True,
                              Parameters=[{"ParameterKey": "VisibilityTimeout",
                                           "ParameterValue": "45"}])
        self.cfn.get_waiter("stack_update_complete").wait(StackName="jobs", WaiterConfig=FAST)
        self.assertEqual(self.stack("jobs")["StackStatus"], "UPDATE_COMPLETE")
        self.assertEqual(self.outputs("jobs")["QueueUrl"], out["QueueUrl"])
        attrs = self.sqs.get_queue_attributes(QueueUrl=out["QueueUrl"],
                                              AttributeNames=["VisibilityTimeout"])
        self.assertEqual(attrs["Attributes"]["VisibilityTimeout"], "45")

        message = self.assert_error("ValidationError", self.cfn.update_stack, StackName="jobs",
                                    UsePreviousTemplate=True,
                                    Parameters=[{"ParameterKey": "VisibilityTimeout",
                                                 "UsePreviousValue": True}])
        self.assertEqual(message, "No updates are to be performed.")

        self.delete("jobs")
        urls = self.sqs.list_queues(QueueNamePrefix="jobs-").get("QueueUrls", [])
        self.assertEqual(urls, [])
        deleted = self.cfn.describe_stacks(StackName=stack_id)["Stacks"][0]
        self.assertEqual(deleted["StackStatus"], "DELETE_COMPLETE")
        message = self.assert_error("ValidationError", self.cfn.describe_stacks,
                                    StackName="jobs")
        self.assertEqual(message, "Stack with id jobs does not exist")

    @needs_providers
    def test_bucket_versioning_update(self):
        body = example("bucket_with_policy.yaml")
        self.create("assets", body)
        bucket = self.outputs("assets")["BucketName"]
        self.assertEqual(self.s3.get_bucket_versioning(Bucket=bucket)["Status"], "Enabled")
        self.s3.get_bucket_policy(Bucket=bucket)

        self.cfn.update_stack(StackName="assets",
                              TemplateBody=body.replace("Status: Enabled\n      Bucket",
                                                        "Status: Suspended\n      Bucket"))
        self.cfn.get_waiter("stack_update_complete").wait(StackName="assets", WaiterConfig=FAST)
        self.assertEqual(self.outputs("assets")["BucketName"], bucket)
        self.assertEqual(self.s3.get_bucket_versioning(Bucket=bucket)["Status"], "Suspended")

        self.delete("assets")
        names = [b["Name"] for b in self.s3.list_buckets()["Buckets"]]
        self.assertNotIn(bucket, names)

    @needs_providers
    def test_failing_resource_rolls_back(self):
        self.create("rollback", FAILING, wait=None)
        with self.assertRaises(botocore.exceptions.WaiterError):
            self.cfn.get_waiter("stack_create_complete").wait(StackName="rollback",
                                                              WaiterConfig=FAST)
        stack = self.stack("rollback")
        self.assertEqual(stack["StackStatus"], "ROLLBACK_COMPLETE")
        self.assertIn("[Broken]", stack["StackStatusReason"])
        events = self.cfn.describe_stack_events(StackName="rollback")["StackEvents"]
        failed = [e for e in events if e["ResourceStatus"] == "CREATE_FAILED"]
        self.assertEqual([e["LogicalResourceId"] for e in failed], ["Broken"])
        self.assertIn("VisibilityTimeout", failed[0]["ResourceStatusReason"])
        statuses = self.resource_statuses("rollback")
        self.assertIn(("rollback", "ROLLBACK_IN_PROGRESS"), statuses)
        self.assertIn(("Fine", "DELETE_COMPLETE"), statuses)
        urls = self.sqs.list_queues(QueueNamePrefix="rollback-").get("QueueUrls", [])
        self.assertEqual(urls, [])
        self.delete("rollback")

    def test_unknown_type_fails_that_resource(self):
        self.create("unknown", "Resources:\n  X: {Type: AWS::Nothing::Here}\n", wait=None)
        self.assertEqual(self.settle("unknown"), "ROLLBACK_COMPLETE")
        events = self.cfn.describe_stack_events(StackName="unknown")["StackEvents"]
        failed = [e for e in events if e["ResourceStatus"] == "CREATE_FAILED"]
        self.assertEqual(failed[0]["LogicalResourceId"], "X")
        self.assertIn("AWS::Nothing::Here", failed[0]["ResourceStatusReason"])
        self.delete("unknown")

    @needs_providers
    def test_exports_and_imports_across_stacks(self):
        self.create("exporter", EXPORTER)
        self.create("importer", IMPORTER)
        exports = {e["Name"]: e for e in self.cfn.list_exports()["Exports"]}
        arn = self.outputs("exporter")["SharedArn"]
        self.assertEqual(exports["shared-queue-arn"]["Value"], arn)
        self.assertEqual(self.cfn.list_imports(ExportName="shared-queue-arn")["Imports"],
                         ["importer"])
        consumer = self.cfn.describe_stack_resource(
            StackName="importer", LogicalResourceId="Consumer")["StackResourceDetail"]
        policy = self.sqs.get_queue_attributes(QueueUrl=consumer["PhysicalResourceId"],
                                               AttributeNames=["RedrivePolicy"])
        self.assertEqual(json.loads(policy["Attributes"]["RedrivePolicy"])["deadLetterTargetArn"],
                         arn)

        self.cfn.delete_stack(StackName="exporter")
        with self.assertRaises(botocore.exceptions.WaiterError):
            self.cfn.get_waiter("stack_delete_complete").wait(StackName="exporter",
                                                              WaiterConfig=FAST)
        stack = self.stack("exporter")
        self.assertEqual(stack["StackStatus"], "DELETE_FAILED")
        self.assertIn("in use by importer", stack["StackStatusReason"])

        self.delete("importer")
        self.delete("exporter")
        self.assertEqual(self.cfn.list_exports()["Exports"], [])

    def test_templates_and_validation(self):
        body = example("queue_with_dlq.yaml")
        valid = self.cfn.validate_template(TemplateBody=body)
        self.assertEqual(valid["Parameters"][0]["ParameterKey"], "VisibilityTimeout")
        self.assertEqual(valid["Parameters"][0]["DefaultValue"], "30")
        summary = self.cfn.get_template_summary(TemplateBody=body)
        self.assertEqual(summary["ResourceTypes"], ["AWS::SQS::Queue"])
        self.assert_error("ValidationError", self.cfn.validate_template,
                          TemplateBody="Resources: [unclosed")

        role = example("role_and_lambda.yaml")
        message = self.assert_error("InsufficientCapabilitiesException", self.cfn.create_stack,
                                    StackName="nocaps", TemplateBody=role)
        self.assertTrue(message.startswith("Requires capabilities : [CAPABILITY_"), message)

        self.s3.create_bucket(Bucket="cfn-templates")
        self.s3.put_object(Bucket="cfn-templates", Key="queue.yaml", Body=body.encode())
        stack_id = self.cfn.create_stack(
            StackName="fromurl",
            TemplateURL=f"{self.endpoint}/cfn-templates/queue.yaml")["StackId"]
        # Without resource providers the stack rolls back; its template was read all the same.
        self.assertIn(self.settle(stack_id), ("CREATE_COMPLETE", "ROLLBACK_COMPLETE"))
        got = self.cfn.get_template(StackName="fromurl")
        self.assertIn("dead-letter", json.dumps(got["TemplateBody"]))
        self.delete("fromurl")


class ChangeSetTest(CfnTestCase):

    @needs_providers
    def test_change_set_create_then_update(self):
        body = example("queue_with_dlq.yaml")
        made = self.cfn.create_change_set(StackName="staged", ChangeSetName="one",
                                          ChangeSetType="CREATE", TemplateBody=body)
        self.assertEqual(self.stack("staged")["StackStatus"], "REVIEW_IN_PROGRESS")
        self.cfn.get_waiter("change_set_create_complete").wait(ChangeSetName=made["Id"],
                                                               WaiterConfig=FAST)
        described = self.cfn.describe_change_set(ChangeSetName="one", StackName="staged")
        actions = sorted((c["ResourceChange"]["LogicalResourceId"], c["ResourceChange"]["Action"])
                         for c in described["Changes"])
        self.assertEqual(actions, [("DeadLetterQueue", "Add"), ("WorkQueue", "Add")])
        summaries = self.cfn.list_change_sets(StackName="staged")["Summaries"]
        self.assertEqual([s["ChangeSetName"] for s in summaries], ["one"])

        self.cfn.execute_change_set(ChangeSetName=made["Id"])
        self.cfn.get_waiter("stack_create_complete").wait(StackName="staged", WaiterConfig=FAST)

        update = self.cfn.create_change_set(
            StackName="staged", ChangeSetName="two", UsePreviousTemplate=True,
            Parameters=[{"ParameterKey": "VisibilityTimeout", "ParameterValue": "60"}])
        self.cfn.get_waiter("change_set_create_complete").wait(ChangeSetName=update["Id"],
                                                               WaiterConfig=FAST)
        change = self.cfn.describe_change_set(ChangeSetName=update["Id"])["Changes"][0]
        rc = change["ResourceChange"]
        self.assertEqual((rc["Action"], rc["LogicalResourceId"], rc["Replacement"]),
                         ("Modify", "WorkQueue", "False"))
        self.assertEqual(rc["Details"][0]["Target"]["Name"], "VisibilityTimeout")

        same = self.cfn.create_change_set(StackName="staged", ChangeSetName="three",
                                          UsePreviousTemplate=True)
        with self.assertRaises(botocore.exceptions.WaiterError):
            self.cfn.get_waiter("change_set_create_complete").wait(ChangeSetName=same["Id"],
                                                                   WaiterConfig=FAST)
        failed = self.cfn.describe_change_set(ChangeSetName=same["Id"])
        self.assertEqual(failed["Status"], "FAILED")
        self.assertIn("didn't contain changes", failed["StatusReason"])
        self.cfn.delete_change_set(ChangeSetName=same["Id"])

        self.cfn.execute_change_set(ChangeSetName="two", StackName="staged")
        self.cfn.get_waiter("stack_update_complete").wait(StackName="staged", WaiterConfig=FAST)
        url = self.outputs("staged")["QueueUrl"]
        attrs = self.sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["VisibilityTimeout"])
        self.assertEqual(attrs["Attributes"]["VisibilityTimeout"], "60")
        self.delete("staged")


if __name__ == "__main__":
    unittest.main()
