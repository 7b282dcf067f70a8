"""`terrarium apply-template` against a running emulator: progress lines, outputs, exit codes,
--dry-run, parameters, --delete."""

import json
import os
import subprocess
import tempfile
import unittest

from cfn_support import needs_providers, EXAMPLES, CfnTestCase
from harness import clean_env, free_port, terrarium_bin


class ApplyTemplateTest(CfnTestCase):

    def apply(self, *args, endpoint=None):
        cmd = [terrarium_bin(), "apply-template", *args, "--endpoint", endpoint or self.endpoint]
        return subprocess.run(cmd, env=clean_env(), capture_output=True, text=True, timeout=120)

    @needs_providers
    def test_create_update_dry_run_and_delete(self):
        template = os.path.join(EXAMPLES, "queue_with_dlq.yaml")
        proc = self.apply(template, "--stack-name", "cli-jobs")
        self.assertEqual(proc.returncode, 0, proc.stderr + self.server.log_tail())
        lines = proc.stdout.splitlines()
        self.assertTrue(any("Add" in l and "WorkQueue" in l for l in lines), proc.stdout)
        progress = [l.split() for l in lines if "AWS::SQS::Queue" in l and "_" in l]
        self.assertIn(["WorkQueue", "AWS::SQS::Queue", "CREATE_COMPLETE"],
                      [p[1:4] for p in progress])
        self.assertIn(["WorkQueue", "AWS::SQS::Queue", "CREATE_IN_PROGRESS"],
                      [p[1:4] for p in progress])
        url = self.outputs("cli-jobs")["QueueUrl"]
        self.assertIn(f"QueueUrl = {url}", proc.stdout)
        self.assertIn("Stack cli-jobs: CREATE_COMPLETE", proc.stdout)

        # --dry-run shows the change and leaves the queue alone.
        dry = self.apply(template, "--stack-name", "cli-jobs", "--parameter",
                         "VisibilityTimeout=120", "--dry-run")
        self.assertEqual(dry.returncode, 0, dry.stderr)
        self.assertRegex(dry.stdout, r"Modify\s+WorkQueue\s+AWS::SQS::Queue\s+replacement: False"
                                     r"\s+properties: VisibilityTimeout")
        self.assertIn("Dry run", dry.stdout)
        attrs = self.sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["VisibilityTimeout"])
        self.assertEqual(attrs["Attributes"]["VisibilityTimeout"], "30")
        # Only the executed change set of the creation is left; the dry run's is gone.
        left = self.cfn.list_change_sets(StackName="cli-jobs")["Summaries"]
        self.assertEqual([s["ExecutionStatus"] for s in left], ["EXECUTE_COMPLETE"])

        with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as f:
            json.dump({"VisibilityTimeout": "75"}, f)
        try:
            update = self.apply(template, "--stack-name", "cli-jobs", "--parameters-file", f.name)
        finally:
            os.unlink(f.name)
        self.assertEqual(update.returncode, 0, update.stderr)
        self.assertRegex(update.stdout, r"WorkQueue\s+AWS::SQS::Queue\s+UPDATE_COMPLETE")
        attrs = self.sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["VisibilityTimeout"])
        self.assertEqual(attrs["Attributes"]["VisibilityTimeout"], "75")

        same = self.apply(template, "--stack-name", "cli-jobs", "--parameter",
                          "VisibilityTimeout=75")
        self.assertEqual(same.returncode, 0, same.stderr)
        self.assertIn("No changes to deploy", same.stdout)

        gone = self.apply(template, "--stack-name", "cli-jobs", "--delete")
        self.assertEqual(gone.returncode, 0, gone.stderr)
        self.assertRegex(gone.stdout, r"WorkQueue\s+AWS::SQS::Queue\s+DELETE_COMPLETE")
        self.assertIn("Stack cli-jobs deleted.", gone.stdout)
        self.assertEqual(self.sqs.list_queues(QueueNamePrefix="cli-jobs").get("QueueUrls", []), [])

    @needs_providers
    def test_dry_run_of_a_new_stack_leaves_nothing(self):
        template = os.path.join(EXAMPLES, "queue_with_dlq.yaml")
        proc = self.apply(template, "--stack-name", "cli-dry", "--dry-run")
        self.assertEqual(proc.returncode, 0, proc.stderr)
        self.assertRegex(proc.stdout, r"Add\s+DeadLetterQueue\s+AWS::SQS::Queue")
        names = [s["StackName"] for s in self.cfn.describe_stacks()["Stacks"]]
        self.assertNotIn("cli-dry", names)
        self.assertEqual(self.sqs.list_queues(QueueNamePrefix="cli-dry").get("QueueUrls", []), [])

    @needs_providers
    def test_failure_exits_non_zero_with_the_reason(self):
        with tempfile.TemporaryDirectory() as tmp:
            path = os.path.join(tmp, "broken.yaml")
            with open(path, "w") as f:
                f.write("Resources:\n  Good: {Type: AWS::SQS::Queue}\n"
                        "  Bad:\n    Type: AWS::SQS::Queue\n    DependsOn: Good\n"
                        "    Properties: {DelaySeconds: 5000}\n")
            proc = self.apply(path)
            self.assertEqual(proc.returncode, 1, proc.stdout)
            self.assertIn("terrarium: stack broken failed: ROLLBACK_COMPLETE", proc.stderr)
            self.assertIn("[Bad]", proc.stderr)
            self.assertRegex(proc.stdout, r"Bad\s+AWS::SQS::Queue\s+CREATE_FAILED\s+\S+")
            self.assertRegex(proc.stdout, r"Good\s+AWS::SQS::Queue\s+DELETE_COMPLETE")

            invalid = os.path.join(tmp, "invalid.yaml")
            with open(invalid, "w") as f:
                f.write("Resources: {}\n")
            proc = self.apply(invalid, "--stack-name", "cli-invalid")
            self.assertEqual(proc.returncode, 1)
            self.assertIn("ValidationError", proc.stderr)

    def test_progress_and_exit_codes_without_real_types(self):
        with tempfile.TemporaryDirectory() as tmp:
            path = os.path.join(tmp, "odd-one.yaml")
            with open(path, "w") as f:
                f.write("Parameters:\n  P: {Type: String, Default: x}\n"
                        "Resources:\n  Strange: {Type: AWS::Nothing::Here, "
                        "Properties: {A: !Ref P}}\n")
            dry = self.apply(path, "--dry-run")
            self.assertEqual(dry.returncode, 0, dry.stderr)
            self.assertIn("Stack odd-one (create)", dry.stdout)
            self.assertRegex(dry.stdout, r"Add\s+Strange\s+AWS::Nothing::Here")
            self.assert_error("ValidationError", self.cfn.describe_stacks, StackName="odd-one")

            proc = self.apply(path)
            self.assertEqual(proc.returncode, 1, proc.stdout)
            self.assertRegex(proc.stdout, r"odd-one\s+AWS::CloudFormation::Stack\s+"
                                          r"CREATE_IN_PROGRESS\s+User Initiated")
            self.assertRegex(proc.stdout, r"Strange\s+AWS::Nothing::Here\s+CREATE_FAILED\s+"
                                          r".*AWS::Nothing::Here is not supported")
            self.assertRegex(proc.stdout, r"odd-one\s+AWS::CloudFormation::Stack\s+"
                                          r"ROLLBACK_COMPLETE")
            self.assertIn("terrarium: stack odd-one failed: ROLLBACK_COMPLETE: The following "
                          "resource(s) failed to create: [Strange].", proc.stderr)

            gone = self.apply(path, "--delete")
            self.assertEqual(gone.returncode, 0, gone.stderr)
            self.assertIn("Stack odd-one deleted.", gone.stdout)
            again = self.apply(path, "--delete")
            self.assertEqual(again.returncode, 0)
            self.assertIn("does not exist; nothing to delete", again.stdout)

            bad = self.apply(path, "--parameter", "novalue")
            self.assertEqual(bad.returncode, 2)
            self.assertIn("KEY=VALUE", bad.stderr)
            missing = self.apply(os.path.join(tmp, "absent.yaml"))
            self.assertEqual(missing.returncode, 2)
            self.assertIn("cannot read", missing.stderr)

        nobody = self.apply(os.path.join(EXAMPLES, "queue_with_dlq.yaml"),
                            endpoint=f"http://127.0.0.1:{free_port()}")
        self.assertEqual(nobody.returncode, 2)
        self.assertIn("cannot reach the emulator", nobody.stderr)


if __name__ == "__main__":
    unittest.main()
