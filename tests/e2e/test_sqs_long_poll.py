"""SQS long polling end to end: a waiting ReceiveMessage wakes on a send; an empty one returns
after WaitTimeSeconds; a delayed message wakes a poll when it becomes visible."""

import threading
import time
import unittest

from sqs_support import SqsTestCase


class SqsLongPollTest(SqsTestCase):

    def test_send_wakes_a_waiting_receive(self):
        url = self.create("lp-wake")
        receiver = self.boto3_client("sqs")
        result = {}

        def receive():
            start = time.monotonic()
            result["out"] = receiver.receive_message(QueueUrl=url, WaitTimeSeconds=5)
            result["elapsed"] = time.monotonic() - start

        thread = threading.Thread(target=receive)
        thread.start()
        time.sleep(0.5)
        self.sqs.send_message(QueueUrl=url, MessageBody="wake up")
        thread.join(10)
        self.assertFalse(thread.is_alive())
        self.assertEqual(result["out"]["Messages"][0]["Body"], "wake up")
        self.assertLess(result["elapsed"], 2.0)

    def test_empty_poll_returns_after_wait(self):
        url = self.create("lp-empty")
        start = time.monotonic()
        out = self.sqs.receive_message(QueueUrl=url, WaitTimeSeconds=2)
        elapsed = time.monotonic() - start
        self.assertNotIn("Messages", out)
        self.assertGreaterEqual(elapsed, 2.0)
        self.assertLess(elapsed, 4.0)

    def test_queue_default_wait_and_delayed_message(self):
        url = self.create("lp-delay", ReceiveMessageWaitTimeSeconds=5)
        self.sqs.send_message(QueueUrl=url, MessageBody="soon", DelaySeconds=1)
        start = time.monotonic()
        out = self.sqs.receive_message(QueueUrl=url)
        elapsed = time.monotonic() - start
        self.assertEqual(out["Messages"][0]["Body"], "soon")
        self.assertGreaterEqual(elapsed, 0.8)
        self.assertLess(elapsed, 3.0)


if __name__ == "__main__":
    unittest.main()
