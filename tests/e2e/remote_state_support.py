"""What the remote-state modules share: examples/terraform/remote-state/ with state in the server.

The bootstrap configuration (local state) creates the state bucket and the lock table; a backend
configuration then keeps its state in that bucket. Two applies started together contend for the
lock: the one that may not wait fails with Terraform's lock error, the one given -lock-timeout
waits for the first to finish, as on AWS.
"""

import json
import os
import time

from terraform_support import EXAMPLES, TerraformTestCase, apply_edits

REMOTE_STATE = os.path.join(EXAMPLES, "terraform", "remote-state")
STATE_BUCKET = "terraform-state"
LOCK_TABLE = "terraform-locks"
LOCK_APPEAR_TIMEOUT = 120  # seconds for the first apply to take the lock


class RemoteStateTestCase(TerraformTestCase):
    """Subclasses name the backend configuration (remote-state/app/<name>.tfbackend) and say
    whether its lock is held."""

    config_name = None

    def lock_held(self):
        raise NotImplementedError

    def check_backend_records(self):
        """Checks what the backend keeps besides the state (nothing, unless overridden)."""

    @property
    def state_key(self):
        return f"{self.config_name}/terraform.tfstate"

    def read_state(self):
        body = self.s3.get_object(Bucket=STATE_BUCKET, Key=self.state_key)["Body"].read()
        return json.loads(body)

    def wait_for_lock(self, proc):
        deadline = time.monotonic() + LOCK_APPEAR_TIMEOUT
        while time.monotonic() < deadline:
            if self.lock_held():
                return
            if proc.poll() is not None:
                _, output = self.finish_terraform(proc)
                self.fail(f"the first apply ended before its lock was seen\n{output[-4000:]}")
            time.sleep(0.2)
        self.fail("the first apply never took the state lock")

    def run_backend_cycle(self):
        self.s3 = self.boto3_client("s3")
        self.dynamodb = self.boto3_client("dynamodb")
        sqs = self.boto3_client("sqs")
        bootstrap = self.copy_config(os.path.join(REMOTE_STATE, "bootstrap"))
        self.init(bootstrap)
        self.apply(bootstrap)

        config = self.copy_config(os.path.join(REMOTE_STATE, "app"))
        with open(os.path.join(config, "endpoints.tfbackend"), "w") as f:
            f.write(f'endpoints = {{\n  s3 = "{self.endpoint}"\n'
                    f'  dynamodb = "{self.endpoint}"\n}}\n')
        self.init(config, f"-backend-config={self.config_name}.tfbackend",
                  "-backend-config=endpoints.tfbackend")

        # Contention: the first apply holds the lock while the provider waits on SQS.
        first = self.start_terraform(config, "apply", "-auto-approve", "-input=false")
        self.wait_for_lock(first)
        refused = self.terraform(config, "apply", "-auto-approve", "-input=false",
                                 "-lock-timeout=0s", expect=1)
        self.assertIn("Error acquiring the state lock", refused)
        self.assertIn("Lock Info:", refused)
        waiting = self.start_terraform(config, "apply", "-auto-approve", "-input=false",
                                       "-lock-timeout=5m")
        first_code, first_output = self.finish_terraform(first)
        self.assertEqual(first_code, 0, first_output[-4000:])
        first_done = time.monotonic()
        self.assertIn("1 added", first_output)
        waited_code, waited_output = self.finish_terraform(waiting)
        self.assertEqual(waited_code, 0, waited_output[-4000:])
        self.assertGreater(time.monotonic(), first_done)
        self.assertIn("No changes.", waited_output)
        self.assertFalse(self.lock_held(), "the lock is still held after both applies")

        state = self.read_state()
        self.assertEqual([r["type"] for r in state["resources"]], ["aws_sqs_queue"])
        self.check_backend_records()
        queue_url = self.outputs(config)["queue_url"]
        self.assertEqual(sqs.get_queue_attributes(
            QueueUrl=queue_url, AttributeNames=["VisibilityTimeout"])["Attributes"],
            {"VisibilityTimeout": "30"})
        self.assert_plan_clean(config)

        apply_edits(config, [("main.tf", "visibility_timeout_seconds = 30",
                               "visibility_timeout_seconds = 60")])
        self.apply(config)
        self.assert_plan_clean(config)
        self.assertEqual(sqs.get_queue_attributes(
            QueueUrl=queue_url, AttributeNames=["VisibilityTimeout"])["Attributes"],
            {"VisibilityTimeout": "60"})

        self.destroy(config)
        self.assertEqual(self.read_state()["resources"], [])
        self.assertFalse(self.lock_held())
        self.assertEqual(sqs.list_queues().get("QueueUrls", []), [])

        self.destroy(bootstrap)
        self.assertEqual(self.s3.list_buckets()["Buckets"], [])
        self.assertEqual(self.dynamodb.list_tables()["TableNames"], [])
