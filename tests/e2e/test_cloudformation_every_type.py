"""The template with every supported resource type (examples/cloudformation/every_resource_type.yaml)
through the real API and through `terrarium apply-template`: it deploys, updates in place (a queue
attribute and a bucket's versioning), rolls back an update with an injected failure leaving the
stack as it was, and deletes leaving nothing behind (issue 8's "Done when")."""

import os
import subprocess
import tempfile
import unittest

from cfn_support import needs_providers, EXAMPLES, CfnTestCase, example
from harness import clean_env, terrarium_bin

TEMPLATE = os.path.join(EXAMPLES, "every_resource_type.yaml")

# A queue SQS refuses (VisibilityTimeout above 43,200 s), created after the function's alias and
# the buckets, so the failure comes late in the update and everything before it must roll back.
BROKEN = ("  Broken:\n"
          "    Type: AWS::SQS::Queue\n"
          "    DependsOn: [ProcessorAlias, UploadsBucket, OrdersTable]\n"
          "    Properties:\n"
          "      VisibilityTimeout: 99999\n")


class EveryResourceTypeTest(CfnTestCase):

    def inventory(self):
        iam = self.boto3_client("iam")
        lam = self.boto3_client("lambda")
        ddb = self.boto3_client("dynamodb")
        return {
            "queues": sorted(self.sqs.list_queues().get("QueueUrls", [])),
            "buckets": sorted(b["Name"] for b in self.s3.list_buckets()["Buckets"]),
            "roles": sorted(r["RoleName"] for r in iam.list_roles()["Roles"]),
            "policies": sorted(p["PolicyName"] for p in
                               iam.list_policies(Scope="Local")["Policies"]),
            "profiles": sorted(p["InstanceProfileName"] for p in
                               iam.list_instance_profiles()["InstanceProfiles"]),
            "functions": sorted(f["FunctionName"] for f in lam.list_functions()["Functions"]),
            "mappings": len(lam.list_event_source_mappings()["EventSourceMappings"]),
            "tables": sorted(ddb.list_tables()["TableNames"]),
        }

    def deploy(self, template, stack, *extra):
        return self.deploy_cli("--template-file", template, "--stack-name", stack,
                               "--capabilities", "CAPABILITY_IAM", "CAPABILITY_NAMED_IAM", *extra)

    def queue_timeout(self, stack):
        url = self.outputs(stack)["WorkQueueUrl"]
        attrs = self.sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["VisibilityTimeout"])
        return attrs["Attributes"]["VisibilityTimeout"]

    def versioning(self, stack):
        bucket = self.outputs(stack)["UploadsBucketName"]
        return self.s3.get_bucket_versioning(Bucket=bucket).get("Status")

    @needs_providers
    def test_deploy_update_rollback_and_delete_with_the_cli(self):
        before = self.inventory()
        created = self.deploy(TEMPLATE, "every")
        self.assertEqual(created.returncode, 0, created.stderr + self.server.log_tail())
        self.assertEqual(self.stack("every")["StackStatus"], "CREATE_COMPLETE")
        self.assertEqual((self.queue_timeout("every"), self.versioning("every")),
                         ("45", "Suspended"))
        made = self.inventory()
        self.assertEqual(len(made["functions"]) - len(before["functions"]), 1)
        self.assertEqual(made["mappings"] - before["mappings"], 1)

        updated = self.deploy(TEMPLATE, "every", "--parameter-overrides", "Environment=prod",
                              "VisibilityTimeout=90")
        self.assertEqual(updated.returncode, 0, updated.stderr + self.server.log_tail())
        self.assertEqual(self.stack("every")["StackStatus"], "UPDATE_COMPLETE")
        self.assertEqual((self.queue_timeout("every"), self.versioning("every")),
                         ("90", "Enabled"))
        # Updated in place: the same resources, no replacement.
        self.assertEqual(self.inventory(), made)

        text = example("every_resource_type.yaml")
        text = text.replace("Outputs:", BROKEN + "Outputs:", 1)
        with tempfile.NamedTemporaryFile("w", suffix=".yaml", delete=False) as f:
            f.write(text)
        self.addCleanup(os.unlink, f.name)
        failed = self.deploy(f.name, "every", "--parameter-overrides", "Environment=dev",
                             "VisibilityTimeout=120")
        self.assertNotEqual(failed.returncode, 0, failed.stdout)
        self.assertEqual(self.settle("every"), "UPDATE_ROLLBACK_COMPLETE")
        reasons = [e.get("ResourceStatusReason", "") for e in
                   self.cfn.describe_stack_events(StackName="every")["StackEvents"]
                   if e["LogicalResourceId"] == "Broken" and e["ResourceStatus"] == "CREATE_FAILED"]
        self.assertTrue(reasons and "VisibilityTimeout" in reasons[0], reasons)
        # Rolled back to what the last successful update left.
        self.assertEqual((self.queue_timeout("every"), self.versioning("every")),
                         ("90", "Enabled"))
        self.assertEqual(self.inventory(), made)

        self.aws("cloudformation", "delete-stack", "--stack-name", "every")
        self.aws("cloudformation", "wait", "stack-delete-complete", "--stack-name", "every")
        self.assertEqual(self.inventory(), before)

    @needs_providers
    def test_apply_template_creates_and_deletes_every_type(self):
        before = self.inventory()

        def apply(*args):
            return subprocess.run([terrarium_bin(), "apply-template", TEMPLATE, "--stack-name",
                                   "every-cli", *args, "--endpoint", self.endpoint],
                                  env=clean_env(), capture_output=True, text=True, timeout=300)

        created = apply()
        self.assertEqual(created.returncode, 0, created.stderr + self.server.log_tail())
        self.assertRegex(created.stdout, r"Processor\s+AWS::Lambda::Function\s+CREATE_COMPLETE")
        self.assertRegex(created.stdout, r"QueueMapping\s+AWS::Lambda::EventSourceMapping\s+"
                                         r"CREATE_COMPLETE")
        self.assertIn("Stack every-cli: CREATE_COMPLETE", created.stdout)
        self.assertIn(f"FunctionArn = {self.outputs('every-cli')['FunctionArn']}", created.stdout)

        deleted = apply("--delete")
        self.assertEqual(deleted.returncode, 0, deleted.stderr)
        self.assertIn("Stack every-cli deleted.", deleted.stdout)
        self.assertEqual(self.inventory(), before)


if __name__ == "__main__":
    unittest.main()
