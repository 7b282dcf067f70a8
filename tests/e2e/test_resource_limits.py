"""Resource limits (issue 11): every structure a client can grow has a bound, set small here by
flag or environment variable, and at the bound the answer is immediate and AWS-shaped:
connections past --max-connections are closed (and logged) while the others keep working;
long polls past --max-pending-polls answer at once (an empty receive; a throttled Invoke);
multipart uploads past --max-multipart-uploads per bucket get SlowDown; Lambda invocations past
--lambda-concurrency and Event invocations past --max-queued-events get
TooManyRequestsException."""

import json
import socket
import threading
import time
import unittest

import botocore.config
import botocore.exceptions

from harness import HOST, ServerTestCase, http_get
from lambda_support import create_python_function

NO_RETRIES = botocore.config.Config(retries={"total_max_attempts": 1}, read_timeout=30)


def refused(port):
    """True when a new connection is closed by the server without an answer (the reset can
    come before connect returns)."""
    try:
        sock = socket.create_connection((HOST, port), timeout=5)
    except ConnectionResetError:
        return True
    try:
        sock.sendall(b"GET /_terrarium/health HTTP/1.1\r\nHost: x\r\n\r\n")
        return sock.recv(4096) == b""
    except (ConnectionResetError, BrokenPipeError):
        return True
    finally:
        sock.close()


def assert_throttled(test, invoke):
    """Lambda's answer past a concurrency bound: 429 TooManyRequestsException."""
    with test.assertRaises(botocore.exceptions.ClientError) as caught:
        invoke()
    error = caught.exception.response
    test.assertEqual(error["Error"]["Code"], "TooManyRequestsException")
    test.assertEqual(error["ResponseMetadata"]["HTTPStatusCode"], 429)
    test.assertEqual(error["Reason"], "ConcurrentInvocationLimitExceeded")
    test.assertEqual(error["ResponseMetadata"]["HTTPHeaders"].get("retry-after"), "1")


class ConnectionLimitTest(ServerTestCase):
    server_args = ["--max-connections", "6"]

    def test_connections_past_the_bound_are_closed_and_logged(self):
        idle = [socket.create_connection((HOST, self.port), timeout=5) for _ in range(6)]
        try:
            time.sleep(0.3)  # the server accepts them
            self.assertTrue(refused(self.port))
            self.assertTrue(refused(self.port))
            self.assertIn("connection refused: 6 connections open", self.server.log_tail(50))
            idle.pop().close()
            time.sleep(0.3)  # the server sees it go
            status, _, _ = http_get(HOST, self.port, "/_terrarium/health")
            self.assertEqual(status, 200)
        finally:
            for sock in idle:
                sock.close()
        time.sleep(0.3)
        self.assert_server_alive()


class PendingPollLimitTest(ServerTestCase):
    # Set through the environment, the flags' alternative.
    server_env = {"TERRARIUM_MAX_PENDING_POLLS": "3"}

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.sqs = cls.boto3_client("sqs", config=NO_RETRIES)
        cls.queue = cls.sqs.create_queue(QueueName="limits-polls")["QueueUrl"]
        # Made before the waiters start: on a loaded machine making it can take seconds, and
        # the Invoke below must come while all three places are still taken.
        cls.lam = cls.boto3_client("lambda", config=NO_RETRIES)
        create_python_function(cls.lam, "limits-poll-fn", "def handler(e, c):\n    return 1\n")

    def receive(self, wait):
        start = time.monotonic()
        got = self.sqs.receive_message(QueueUrl=self.queue, WaitTimeSeconds=wait)
        return got.get("Messages", []), time.monotonic() - start

    def test_polls_past_the_bound_answer_at_once(self):
        results = []
        # The waiters' polls outlast everything up to the message that wakes one of them.
        waiters = [threading.Thread(target=lambda: results.append(self.receive(10)))
                   for _ in range(3)]
        for t in waiters:
            t.start()
        time.sleep(0.5)  # all three are waiting
        messages, elapsed = self.receive(4)
        self.assertEqual(messages, [])
        self.assertLess(elapsed, 1.5, "the fourth long poll should have answered at once")

        # A synchronous Invoke would wait too: throttled, in Lambda's shape.
        assert_throttled(self,
                         lambda: self.lam.invoke(FunctionName="limits-poll-fn", Payload=b"{}"))

        self.sqs.send_message(QueueUrl=self.queue, MessageBody="wake one")
        for t in waiters:
            t.join(timeout=20)
        self.assertEqual(sorted(len(m) for m, _ in results), [0, 0, 1])
        # The places are free again: a poll waits its full time.
        messages, elapsed = self.receive(1)
        self.assertEqual(messages, [])
        self.assertGreaterEqual(elapsed, 0.9)


class MultipartLimitTest(ServerTestCase):
    server_args = ["--max-multipart-uploads", "2"]

    def test_uploads_in_progress_per_bucket_are_bounded(self):
        s3 = self.boto3_client("s3", config=NO_RETRIES)
        s3.create_bucket(Bucket="limits-mpu")
        s3.create_bucket(Bucket="limits-mpu-other")
        first = s3.create_multipart_upload(Bucket="limits-mpu", Key="a")["UploadId"]
        s3.create_multipart_upload(Bucket="limits-mpu", Key="b")
        with self.assertRaises(botocore.exceptions.ClientError) as caught:
            s3.create_multipart_upload(Bucket="limits-mpu", Key="c")
        error = caught.exception.response
        self.assertEqual(error["Error"]["Code"], "SlowDown")
        self.assertEqual(error["ResponseMetadata"]["HTTPStatusCode"], 503)
        self.assertIn("--max-multipart-uploads", error["Error"]["Message"])
        # Per bucket: another bucket has room; aborting one makes room.
        s3.create_multipart_upload(Bucket="limits-mpu-other", Key="c")
        s3.abort_multipart_upload(Bucket="limits-mpu", Key="a", UploadId=first)
        s3.create_multipart_upload(Bucket="limits-mpu", Key="c")
        uploads = s3.list_multipart_uploads(Bucket="limits-mpu")["Uploads"]
        self.assertEqual(sorted(u["Key"] for u in uploads), ["b", "c"])


SLEEPS = """
import time
def handler(event, context):
    time.sleep(event.get("sleep", 0))
    return "done"
"""


class LambdaLimitTest(ServerTestCase):
    server_args = ["--max-lambda-environments", "1", "--lambda-concurrency", "1",
                   "--max-queued-events", "2"]

    def test_concurrency_and_event_queue_are_bounded(self):
        lam = self.boto3_client("lambda", config=NO_RETRIES)
        create_python_function(lam, "limits-sleeper", SLEEPS)
        busy = []
        first = threading.Thread(target=lambda: busy.append(lam.invoke(
            FunctionName="limits-sleeper", Payload=json.dumps({"sleep": 3}))))
        first.start()
        time.sleep(0.3)  # submitted: it holds the one unit of concurrency

        assert_throttled(self, lambda: lam.invoke(FunctionName="limits-sleeper", Payload=b"{}"))

        # Two Event invocations wait for the one environment; a third is refused.
        for _ in range(2):
            self.assertEqual(lam.invoke(FunctionName="limits-sleeper", InvocationType="Event",
                                        Payload=b"{}")["StatusCode"], 202)
        assert_throttled(self, lambda: lam.invoke(FunctionName="limits-sleeper",
                                                  InvocationType="Event", Payload=b"{}"))

        first.join(timeout=30)
        self.assertEqual(busy[0]["StatusCode"], 200)
        self.assertEqual(busy[0]["Payload"].read(), b'"done"')


if __name__ == "__main__":
    unittest.main()
