"""Shared helpers for the CloudFormation end-to-end modules."""

import functools
import os
import time

import botocore.exceptions

from harness import ServerTestCase

EXAMPLES = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "examples",
                        "cloudformation")
FAST = {"Delay": 1, "MaxAttempts": 60}  # the stack worker is quick; AWS's 30 s delay is not


def example(name):
    with open(os.path.join(EXAMPLES, name), encoding="utf-8") as f:
        return f.read()


def needs_providers(test):
    """Skips `test` when the server cannot create real resource types (the built-in resource
    providers are not linked in), saying why, instead of failing on every resource."""
    @functools.wraps(test)
    def run(self, *args, **kw):
        if self.providers_missing:
            self.skipTest(f"AWS::SQS::Queue cannot be created: {self.providers_missing}")
        return test(self, *args, **kw)
    return run


class CfnTestCase(ServerTestCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.cfn = cls.boto3_client("cloudformation")
        cls.sqs = cls.boto3_client("sqs")
        cls.s3 = cls.boto3_client("s3")
        cls.providers_missing = cls._probe_providers()

    @classmethod
    def _probe_providers(cls):
        """Why real resource types cannot be created (the built-in providers are not linked
        in), or None when they can."""
        cfn = cls.cfn
        stack_id = cfn.create_stack(StackName="provider-probe",
                                    TemplateBody="Resources:\n  Q: {Type: AWS::SQS::Queue}\n")["StackId"]
        deadline = time.monotonic() + 30
        while cfn.describe_stacks(StackName=stack_id)["Stacks"][0]["StackStatus"].endswith(
                "_IN_PROGRESS") and time.monotonic() < deadline:
            time.sleep(0.05)
        status = cfn.describe_stacks(StackName=stack_id)["Stacks"][0]
        cfn.delete_stack(StackName=stack_id)
        cfn.get_waiter("stack_delete_complete").wait(StackName=stack_id, WaiterConfig=FAST)
        if status["StackStatus"] == "CREATE_COMPLETE":
            return None
        return status.get("StackStatusReason", status["StackStatus"])

    last_deploy_second = 0

    def deploy_cli(self, *args, check=False):
        """Runs `aws cloudformation deploy ARGS` in a wall-clock second no other deploy ran in.
        The CLI names its change set "awscli-cloudformation-package-deploy-<epoch seconds>",
        taken some time after it starts, and leaves a failed (empty) one behind, so two deploys of
        a stack whose names fall in one second collide with AlreadyExistsException, on AWS as
        here. Waiting past the second the previous deploy finished in keeps the names apart."""
        while int(time.time()) <= CfnTestCase.last_deploy_second:
            time.sleep(0.05)
        try:
            return self.aws("cloudformation", "deploy", *args, check=check)
        finally:
            CfnTestCase.last_deploy_second = int(time.time())

    def stack(self, name):
        return self.cfn.describe_stacks(StackName=name)["Stacks"][0]

    def outputs(self, name):
        return {o["OutputKey"]: o["OutputValue"] for o in self.stack(name).get("Outputs", [])}

    def create(self, name, body, wait="stack_create_complete", **kw):
        stack_id = self.cfn.create_stack(StackName=name, TemplateBody=body, **kw)["StackId"]
        if wait:
            self.cfn.get_waiter(wait).wait(StackName=stack_id, WaiterConfig=FAST)
        return stack_id

    def delete(self, name_or_id):
        self.cfn.delete_stack(StackName=name_or_id)
        self.cfn.get_waiter("stack_delete_complete").wait(StackName=name_or_id, WaiterConfig=FAST)

    def settle(self, name_or_id, timeout=60):
        """Polls until the stack's operation has ended; returns its status."""
        deadline = time.monotonic() + timeout
        while True:
            status = self.stack(name_or_id)["StackStatus"]
            if not status.endswith("_IN_PROGRESS") or time.monotonic() > deadline:
                return status
            time.sleep(0.1)

    def resource_statuses(self, name):
        events = self.cfn.describe_stack_events(StackName=name)["StackEvents"]
        return [(e["LogicalResourceId"], e["ResourceStatus"]) for e in reversed(events)]

    def assert_error(self, code, fn, *args, **kw):
        with self.assertRaises(botocore.exceptions.ClientError) as caught:
            fn(*args, **kw)
        self.assertEqual(caught.exception.response["Error"]["Code"], code,
                         caught.exception.response)
        return caught.exception.response["Error"]["Message"]
