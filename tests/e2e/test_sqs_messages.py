"""SQS messages end to end with boto3: send, receive, attributes, MD5s, batches, visibility."""

import hashlib
import struct
import unittest

from sqs_support import SqsTestCase


def md5_of_attributes(attributes):
    """The MD5 of message attributes, computed the way the Java and JavaScript SDKs check it."""
    data = b""
    for name in sorted(attributes):
        value = attributes[name]
        data += struct.pack(">I", len(name.encode())) + name.encode()
        data += struct.pack(">I", len(value["DataType"])) + value["DataType"].encode()
        if "BinaryValue" in value:
            data += b"\x02" + struct.pack(">I", len(value["BinaryValue"])) + value["BinaryValue"]
        else:
            raw = value["StringValue"].encode()
            data += b"\x01" + struct.pack(">I", len(raw)) + raw
    return hashlib.md5(data).hexdigest()


ATTRIBUTES = {
    "city": {"DataType": "String", "StringValue": "Zürich"},
    "count": {"DataType": "Number", "StringValue": "42"},
    "blob": {"DataType": "Binary", "BinaryValue": b"\x00\x01\xfe"},
    "custom": {"DataType": "String.custom", "StringValue": "c"},
}


class SqsMessageTest(SqsTestCase):

    def test_send_receive_with_attributes_and_md5s(self):
        url = self.create("attrs-q")
        sent = self.sqs.send_message(QueueUrl=url, MessageBody="body ✓",
                                     MessageAttributes=ATTRIBUTES,
                                     MessageSystemAttributes={"AWSTraceHeader": {
                                         "DataType": "String", "StringValue": "Root=1-abc"}})
        self.assertEqual(sent["MD5OfMessageBody"], hashlib.md5("body ✓".encode()).hexdigest())
        self.assertEqual(sent["MD5OfMessageAttributes"], md5_of_attributes(ATTRIBUTES))
        self.assertEqual(sent["MD5OfMessageSystemAttributes"], md5_of_attributes(
            {"AWSTraceHeader": {"DataType": "String", "StringValue": "Root=1-abc"}}))
        got = self.sqs.receive_message(QueueUrl=url, MessageAttributeNames=["All"],
                                       MessageSystemAttributeNames=["All"])["Messages"]
        self.assertEqual(len(got), 1)
        message = got[0]
        self.assertEqual(message["MessageId"], sent["MessageId"])
        self.assertEqual(message["Body"], "body ✓")
        self.assertEqual(message["MessageAttributes"], {
            name: {k: v for k, v in value.items()} for name, value in ATTRIBUTES.items()})
        self.assertEqual(message["MD5OfMessageAttributes"], md5_of_attributes(ATTRIBUTES))
        attrs = message["Attributes"]
        self.assertEqual(attrs["ApproximateReceiveCount"], "1")
        self.assertEqual(attrs["AWSTraceHeader"], "Root=1-abc")
        self.assertTrue(attrs["SentTimestamp"].isdigit() and len(attrs["SentTimestamp"]) == 13)
        self.assertEqual(attrs["ApproximateFirstReceiveTimestamp"][:9],
                         attrs["SentTimestamp"][:9])

    def test_selected_message_attributes(self):
        url = self.create("select-q")
        self.sqs.send_message(QueueUrl=url, MessageBody="x", MessageAttributes=ATTRIBUTES)
        message = self.sqs.receive_message(QueueUrl=url, MessageAttributeNames=["city", "cu.*"],
                                           AttributeNames=["SentTimestamp"])["Messages"][0]
        self.assertEqual(set(message["MessageAttributes"]), {"city"})
        self.assertEqual(set(message["Attributes"]), {"SentTimestamp"})
        subset = {"city": ATTRIBUTES["city"]}
        self.assertEqual(message["MD5OfMessageAttributes"], md5_of_attributes(subset))

    def test_invalid_messages(self):
        url = self.create("invalid-q", MaximumMessageSize=1024)
        self.assert_error("InvalidParameterValue", self.sqs.send_message, QueueUrl=url,
                          MessageBody="x" * 1025)
        self.assert_error("InvalidMessageContents", self.sqs.send_message, QueueUrl=url,
                          MessageBody="bad \x01 char")
        self.assert_error("InvalidParameterValue", self.sqs.send_message, QueueUrl=url,
                          MessageBody="x", MessageAttributes={
                              "n": {"DataType": "Number", "StringValue": "abc"}})
        self.assert_error("InvalidParameterValue", self.sqs.send_message, QueueUrl=url,
                          MessageBody="x", DelaySeconds=901)
        self.assert_error("InvalidParameterValue", self.sqs.receive_message, QueueUrl=url,
                          MaxNumberOfMessages=11)

    def test_batches(self):
        url = self.create("batch-q")
        out = self.sqs.send_message_batch(QueueUrl=url, Entries=[
            {"Id": "a", "MessageBody": "one"},
            {"Id": "b", "MessageBody": "two", "MessageAttributes": ATTRIBUTES},
            {"Id": "c", "MessageBody": "three", "DelaySeconds": 1000},
        ])
        self.assertEqual(sorted(e["Id"] for e in out["Successful"]), ["a", "b"])
        self.assertEqual(out["Failed"][0]["Id"], "c")
        self.assertEqual(out["Failed"][0]["Code"], "InvalidParameterValue")
        self.assertTrue(out["Failed"][0]["SenderFault"])
        by_id = {e["Id"]: e for e in out["Successful"]}
        self.assertEqual(by_id["b"]["MD5OfMessageAttributes"], md5_of_attributes(ATTRIBUTES))
        self.assert_error("AWS.SimpleQueueService.BatchEntryIdsNotDistinct",
                          self.sqs.send_message_batch, QueueUrl=url,
                          Entries=[{"Id": "x", "MessageBody": "1"}, {"Id": "x", "MessageBody": "2"}])
        self.assert_error("AWS.SimpleQueueService.TooManyEntriesInBatchRequest",
                          self.sqs.send_message_batch, QueueUrl=url,
                          Entries=[{"Id": str(i), "MessageBody": "m"} for i in range(11)])
        self.assert_error("AWS.SimpleQueueService.EmptyBatchRequest",
                          self.sqs.send_message_batch, QueueUrl=url, Entries=[])
        got = self.sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=10)["Messages"]
        self.assertEqual(sorted(m["Body"] for m in got), ["one", "two"])
        deleted = self.sqs.delete_message_batch(QueueUrl=url, Entries=[
            {"Id": "d1", "ReceiptHandle": got[0]["ReceiptHandle"]},
            {"Id": "d2", "ReceiptHandle": "not-a-handle"}])
        self.assertEqual([e["Id"] for e in deleted["Successful"]], ["d1"])
        self.assertEqual(deleted["Failed"][0]["Code"], "ReceiptHandleIsInvalid")
        changed = self.sqs.change_message_visibility_batch(QueueUrl=url, Entries=[
            {"Id": "v1", "ReceiptHandle": got[1]["ReceiptHandle"], "VisibilityTimeout": 0}])
        self.assertEqual([e["Id"] for e in changed["Successful"]], ["v1"])
        again = self.sqs.receive_message(QueueUrl=url)["Messages"]
        self.assertEqual(again[0]["Body"], got[1]["Body"])

    def test_visibility_and_counts(self):
        url = self.create("vis-q", VisibilityTimeout=30)
        self.sqs.send_message(QueueUrl=url, MessageBody="a")
        self.sqs.send_message(QueueUrl=url, MessageBody="b", DelaySeconds=60)
        message = self.sqs.receive_message(QueueUrl=url)["Messages"][0]
        attrs = self.sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["All"])["Attributes"]
        self.assertEqual(attrs["ApproximateNumberOfMessages"], "0")
        self.assertEqual(attrs["ApproximateNumberOfMessagesNotVisible"], "1")
        self.assertEqual(attrs["ApproximateNumberOfMessagesDelayed"], "1")
        self.assertNotIn("Messages", self.sqs.receive_message(QueueUrl=url))
        self.sqs.change_message_visibility(QueueUrl=url, ReceiptHandle=message["ReceiptHandle"],
                                           VisibilityTimeout=0)
        message = self.sqs.receive_message(QueueUrl=url, VisibilityTimeout=0,
                                           AttributeNames=["ApproximateReceiveCount"])["Messages"][0]
        self.assertEqual(message["Attributes"]["ApproximateReceiveCount"], "2")
        self.sqs.delete_message(QueueUrl=url, ReceiptHandle=message["ReceiptHandle"])
        self.assert_error("InvalidParameterValue", self.sqs.change_message_visibility,
                          QueueUrl=url, ReceiptHandle=message["ReceiptHandle"],
                          VisibilityTimeout=10)


if __name__ == "__main__":
    unittest.main()
