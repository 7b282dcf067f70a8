"""Lambda Invoke end to end with python functions run through the Runtime API."""

import base64
import json
import time
import unittest

from harness import ServerTestCase
from lambda_support import create_python_function

ECHO = """
import os
def handler(event, context):
    print("hello from the function")
    return {"event": event, "pid": os.getpid(), "request_id": context.aws_request_id,
            "name": context.function_name, "arn": context.invoked_function_arn,
            "memory": context.memory_limit_in_mb,
            "remaining": context.get_remaining_time_in_millis(),
            "env": {k: os.environ.get(k) for k in (
                "AWS_LAMBDA_FUNCTION_NAME", "AWS_REGION", "_HANDLER", "LAMBDA_TASK_ROOT",
                "AWS_LAMBDA_FUNCTION_VERSION", "AWS_ENDPOINT_URL", "MY_VAR")}}
"""

RAISES = """
def handler(event, context):
    raise ValueError("bad input: " + str(event.get("x")))
"""

SLEEPS = """
import time
def handler(event, context):
    print("going to sleep")
    time.sleep(30)
    return "woke"
"""

CALLS_BACK = """
import boto3
def handler(event, context):
    return boto3.client("sts").get_caller_identity()["Account"]
"""

FAILS_ASYNC = """
import os, time
def handler(event, context):
    with open(event["path"], "a") as f:
        f.write("attempt\\n")
    raise RuntimeError("always")
"""


class LambdaInvokeTest(ServerTestCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.client = cls.boto3_client("lambda")

    def invoke(self, name, payload=None, **kw):
        out = self.client.invoke(FunctionName=name, Payload=json.dumps(payload or {}), **kw)
        out["Body"] = out["Payload"].read()
        return out

    def test_request_response_and_warm_reuse(self):
        create_python_function(self.client, "echo", ECHO,
                               Environment={"Variables": {"MY_VAR": "mine"}}, MemorySize=256)
        cold = self.invoke("echo", {"n": 1})
        self.assertEqual(cold["StatusCode"], 200)
        self.assertNotIn("FunctionError", cold)
        self.assertEqual(cold["ExecutedVersion"], "$LATEST")
        body = json.loads(cold["Body"])
        self.assertEqual(body["event"], {"n": 1})
        self.assertEqual(body["name"], "echo")
        self.assertEqual(body["memory"], "256")
        self.assertEqual(body["arn"], "arn:aws:lambda:us-east-1:000000000000:function:echo")
        self.assertGreater(body["remaining"], 5000)
        env = body["env"]
        self.assertEqual(env["AWS_LAMBDA_FUNCTION_NAME"], "echo")
        self.assertEqual(env["AWS_REGION"], "us-east-1")
        self.assertEqual(env["_HANDLER"], "index.handler")
        self.assertEqual(env["AWS_LAMBDA_FUNCTION_VERSION"], "$LATEST")
        self.assertEqual(env["AWS_ENDPOINT_URL"], self.endpoint)
        self.assertEqual(env["MY_VAR"], "mine")

        # The same process answering is what shows the environment was reused; timings would
        # only add flakiness on a busy machine.
        warm = self.invoke("echo", {"n": 2})
        warm_body = json.loads(warm["Body"])
        self.assertEqual(warm_body["pid"], body["pid"], "a warm invoke must reuse the process")
        self.assertNotEqual(warm_body["request_id"], body["request_id"])

    def test_log_tail(self):
        create_python_function(self.client, "tail", ECHO)
        out = self.invoke("tail", LogType="Tail")
        log = base64.b64decode(out["LogResult"]).decode()
        self.assertIn("START RequestId:", log)
        self.assertIn("hello from the function", log)
        self.assertIn("REPORT RequestId:", log)

    def test_unhandled_error(self):
        create_python_function(self.client, "raises", RAISES)
        out = self.invoke("raises", {"x": 7}, LogType="Tail")
        self.assertEqual(out["StatusCode"], 200)
        self.assertEqual(out["FunctionError"], "Unhandled")
        err = json.loads(out["Body"])
        self.assertEqual(err["errorType"], "ValueError")
        self.assertEqual(err["errorMessage"], "bad input: 7")
        self.assertIsInstance(err["stackTrace"], list)
        self.assertIn("ValueError", base64.b64decode(out["LogResult"]).decode())

    def test_timeout_kills_the_process(self):
        create_python_function(self.client, "sleeper", SLEEPS, Timeout=1)
        start = time.monotonic()
        out = self.invoke("sleeper")
        self.assertLess(time.monotonic() - start, 10)
        self.assertEqual(out["FunctionError"], "Unhandled")
        err = json.loads(out["Body"])
        self.assertIn("Task timed out after 1.00 seconds", err["errorMessage"])
        # The next invoke starts a fresh environment and times out the same way.
        again = self.invoke("sleeper")
        self.assertEqual(again["FunctionError"], "Unhandled")

    def test_function_calls_back_into_the_emulator(self):
        create_python_function(self.client, "callback", CALLS_BACK, Timeout=20)
        out = self.invoke("callback")
        self.assertNotIn("FunctionError", out, out["Body"])
        self.assertEqual(json.loads(out["Body"]), "000000000000")

    def test_dry_run_and_event(self):
        create_python_function(self.client, "evented", ECHO)
        dry = self.client.invoke(FunctionName="evented", InvocationType="DryRun")
        self.assertEqual(dry["StatusCode"], 204)
        event = self.client.invoke(FunctionName="evented", InvocationType="Event",
                                   Payload=b'{"a": 1}')
        self.assertEqual(event["StatusCode"], 202)

    def test_event_is_retried_twice(self):
        path = f"{self.server.tmpdir}/attempts.txt"
        create_python_function(self.client, "fails", FAILS_ASYNC)
        self.client.invoke(FunctionName="fails", InvocationType="Event",
                           Payload=json.dumps({"path": path}))
        deadline = time.monotonic() + 15
        attempts = 0
        while time.monotonic() < deadline:
            try:
                with open(path) as f:
                    attempts = len(f.read().splitlines())
            except FileNotFoundError:
                pass
            if attempts >= 3:
                break
            time.sleep(0.1)
        self.assertEqual(attempts, 3)

    def test_code_update_takes_effect(self):
        create_python_function(self.client, "changing", "def handler(e, c):\n    return 1\n")
        self.assertEqual(json.loads(self.invoke("changing")["Body"]), 1)
        from lambda_support import python_zip
        self.client.update_function_code(
            FunctionName="changing", ZipFile=python_zip("def handler(e, c):\n    return 2\n"))
        self.assertEqual(json.loads(self.invoke("changing")["Body"]), 2)

    def test_missing_function(self):
        from botocore.exceptions import ClientError
        with self.assertRaises(ClientError) as ctx:
            self.invoke("nope")
        self.assertEqual(ctx.exception.response["Error"]["Code"], "ResourceNotFoundException")


if __name__ == "__main__":
    unittest.main()
