"""SQS FIFO ordering across groups, deduplication, dead-letter queues and redrive, with boto3."""

import json
import time
import unittest

from sqs_support import SqsTestCase


class SqsFifoTest(SqsTestCase):

    def test_order_per_group_with_several_groups(self):
        url = self.create("order.fifo", FifoQueue="true", ContentBasedDeduplication="true")
        sequence_numbers = []
        for i in range(4):
            for group in ("g1", "g2", "g3"):
                out = self.sqs.send_message(QueueUrl=url, MessageBody=f"{group}-{i}",
                                            MessageGroupId=group)
                sequence_numbers.append(int(out["SequenceNumber"]))
        self.assertEqual(sequence_numbers, sorted(sequence_numbers))
        self.assertEqual(len(set(sequence_numbers)), 12)
        received = {"g1": [], "g2": [], "g3": []}
        for _ in range(20):
            out = self.sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=10,
                                           AttributeNames=["MessageGroupId", "SequenceNumber"])
            messages = out.get("Messages", [])
            if not messages:
                break
            for message in messages:
                received[message["Attributes"]["MessageGroupId"]].append(message["Body"])
                self.sqs.delete_message(QueueUrl=url, ReceiptHandle=message["ReceiptHandle"])
        for group, bodies in received.items():
            self.assertEqual(bodies, [f"{group}-{i}" for i in range(4)])

    def test_group_blocked_while_in_flight(self):
        url = self.create("block.fifo", FifoQueue="true", ContentBasedDeduplication="true")
        self.sqs.send_message(QueueUrl=url, MessageBody="a1", MessageGroupId="a")
        self.sqs.send_message(QueueUrl=url, MessageBody="a2", MessageGroupId="a")
        first = self.sqs.receive_message(QueueUrl=url)["Messages"]
        self.assertEqual([m["Body"] for m in first], ["a1"])
        self.assertNotIn("Messages", self.sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=10))
        self.sqs.delete_message(QueueUrl=url, ReceiptHandle=first[0]["ReceiptHandle"])
        self.assertEqual(self.sqs.receive_message(QueueUrl=url)["Messages"][0]["Body"], "a2")

    def test_receive_request_attempt_id_replays_the_receive(self):
        url = self.create("attempt.fifo", FifoQueue="true", ContentBasedDeduplication="true")
        for body in ("a", "b"):
            self.sqs.send_message(QueueUrl=url, MessageBody=body, MessageGroupId="g")
        first = self.sqs.receive_message(QueueUrl=url, ReceiveRequestAttemptId="attempt-1",
                                         MaxNumberOfMessages=1)["Messages"]
        again = self.sqs.receive_message(QueueUrl=url, ReceiveRequestAttemptId="attempt-1",
                                         MaxNumberOfMessages=1)["Messages"]
        self.assertEqual([m["Body"] for m in again], ["a"])
        self.assertEqual(again[0]["ReceiptHandle"], first[0]["ReceiptHandle"])
        self.assertNotIn("Messages", self.sqs.receive_message(QueueUrl=url))

    def test_high_throughput_attributes(self):
        self.assert_error("InvalidAttributeValue", self.create, "ht.fifo", FifoQueue="true",
                          FifoThroughputLimit="perMessageGroupId")
        url = self.create("ht.fifo", FifoQueue="true", FifoThroughputLimit="perMessageGroupId",
                          DeduplicationScope="messageGroup")
        attrs = self.sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["All"])["Attributes"]
        self.assertEqual(attrs["FifoThroughputLimit"], "perMessageGroupId")
        self.assertEqual(attrs["DeduplicationScope"], "messageGroup")

    def test_deduplication(self):
        url = self.create("dedup.fifo", FifoQueue="true")
        a = self.sqs.send_message(QueueUrl=url, MessageBody="x", MessageGroupId="g",
                                  MessageDeduplicationId="d1")
        b = self.sqs.send_message(QueueUrl=url, MessageBody="y", MessageGroupId="g",
                                  MessageDeduplicationId="d1")
        self.assertEqual(a["MessageId"], b["MessageId"])
        self.assert_error("InvalidParameterValue", self.sqs.send_message, QueueUrl=url,
                          MessageBody="x", MessageGroupId="g")
        self.assert_error("MissingParameter", self.sqs.send_message, QueueUrl=url,
                          MessageBody="x", MessageDeduplicationId="d2")
        messages = self.sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=10,
                                            AttributeNames=["All"])["Messages"]
        self.assertEqual(len(messages), 1)
        self.assertEqual(messages[0]["Attributes"]["MessageDeduplicationId"], "d1")


class SqsDeadLetterTest(SqsTestCase):

    def test_redrive_to_dlq_and_back(self):
        dlq = self.create("dead")
        policy = json.dumps({"deadLetterTargetArn": self.arn(dlq), "maxReceiveCount": 2})
        src = self.create("source", RedrivePolicy=policy, VisibilityTimeout=0)
        attrs = self.sqs.get_queue_attributes(QueueUrl=src, AttributeNames=["RedrivePolicy"])
        self.assertEqual(attrs["Attributes"]["RedrivePolicy"], policy)
        self.sqs.send_message(QueueUrl=src, MessageBody="poison")
        self.assertEqual(len(self.sqs.receive_message(QueueUrl=src)["Messages"]), 1)
        self.assertEqual(len(self.sqs.receive_message(QueueUrl=src)["Messages"]), 1)
        self.assertNotIn("Messages", self.sqs.receive_message(QueueUrl=src))
        moved = self.sqs.receive_message(QueueUrl=dlq, AttributeNames=["All"],
                                         VisibilityTimeout=0)["Messages"]
        self.assertEqual(moved[0]["Body"], "poison")
        self.assertEqual(moved[0]["Attributes"]["DeadLetterQueueSourceArn"], self.arn(src))
        self.assertEqual(self.sqs.list_dead_letter_source_queues(QueueUrl=dlq)["queueUrls"], [src])
        task = self.sqs.start_message_move_task(SourceArn=self.arn(dlq))
        self.assertTrue(task["TaskHandle"])
        tasks = self.sqs.list_message_move_tasks(SourceArn=self.arn(dlq))["Results"]
        self.assertEqual(tasks[0]["Status"], "COMPLETED")
        self.assertEqual(tasks[0]["ApproximateNumberOfMessagesMoved"], 1)
        back = self.sqs.receive_message(QueueUrl=src)["Messages"]
        self.assertEqual(back[0]["Body"], "poison")

    def test_move_task_at_a_rate_runs_in_the_background(self):
        dlq = self.create("rate-dead")
        policy = json.dumps({"deadLetterTargetArn": self.arn(dlq), "maxReceiveCount": 1})
        src = self.create("rate-source", RedrivePolicy=policy)
        for i in range(3):
            self.sqs.send_message(QueueUrl=dlq, MessageBody=f"m{i}")
        handle = self.sqs.start_message_move_task(
            SourceArn=self.arn(dlq), DestinationArn=self.arn(src),
            MaxNumberOfMessagesPerSecond=1)["TaskHandle"]
        self.assert_error("InvalidParameterValue", self.sqs.start_message_move_task,
                          SourceArn=self.arn(dlq))
        running = self.sqs.list_message_move_tasks(SourceArn=self.arn(dlq))["Results"][0]
        self.assertEqual(running["Status"], "RUNNING")
        self.assertEqual(running["TaskHandle"], handle)
        self.assertEqual(running["ApproximateNumberOfMessagesToMove"], 3)
        self.assertEqual(running["MaxNumberOfMessagesPerSecond"], 1)
        # The server's once-a-second upkeep moves the rest and wakes a long poll on the
        # destination; no call to the task is needed.
        bodies = set()
        deadline = time.monotonic() + 15
        while len(bodies) < 3 and time.monotonic() < deadline:
            got = self.sqs.receive_message(QueueUrl=src, WaitTimeSeconds=5,
                                           MaxNumberOfMessages=10)
            bodies.update(m["Body"] for m in got.get("Messages", []))
        self.assertEqual(bodies, {"m0", "m1", "m2"})
        done = self.sqs.list_message_move_tasks(SourceArn=self.arn(dlq))["Results"][0]
        self.assertEqual(done["Status"], "COMPLETED")
        self.assertEqual(done["ApproximateNumberOfMessagesMoved"], 3)
        self.assertNotIn("TaskHandle", done)
        self.assert_error("ResourceNotFoundException", self.sqs.cancel_message_move_task,
                          TaskHandle=handle)

    def test_redrive_policy_checks(self):
        fifo_dlq = self.create("fdead.fifo", FifoQueue="true")
        bad = json.dumps({"deadLetterTargetArn": self.arn(fifo_dlq), "maxReceiveCount": 3})
        self.assert_error("InvalidParameterValue", self.create, "mismatch", RedrivePolicy=bad)
        missing = json.dumps({"deadLetterTargetArn": "arn:aws:sqs:us-east-1:000000000000:nope",
                              "maxReceiveCount": 3})
        self.assert_error("InvalidParameterValue", self.create, "nodlq", RedrivePolicy=missing)
        deny = self.create("deny-dlq", RedriveAllowPolicy=json.dumps({"redrivePermission": "denyAll"}))
        denied = json.dumps({"deadLetterTargetArn": self.arn(deny), "maxReceiveCount": 3})
        self.assert_error("InvalidParameterValue", self.create, "denied", RedrivePolicy=denied)


if __name__ == "__main__":
    unittest.main()
