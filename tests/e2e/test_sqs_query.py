"""SQS over the legacy query protocol: form POSTs (Action=...&Version=2012-11-05), XML answers,
on the same queues the JSON protocol sees."""

import hashlib
import http.client
import unittest
import urllib.parse
import xml.etree.ElementTree as ET

from harness import HOST
from sqs_support import ACCOUNT, SqsTestCase

NS = {"q": "http://queue.amazonaws.com/doc/2012-11-05/"}


class SqsQueryTest(SqsTestCase):

    def post(self, params, path="/"):
        body = urllib.parse.urlencode({**params, "Version": "2012-11-05"}).encode()
        headers = self.signed_headers(
            "sqs", path=path, body=body,
            headers={"Content-Type": "application/x-www-form-urlencoded; charset=utf-8"})
        conn = http.client.HTTPConnection(HOST, self.port, timeout=10)
        try:
            conn.request("POST", path, body=body, headers=headers)
            response = conn.getresponse()
            return response.status, ET.fromstring(response.read())
        finally:
            conn.close()

    def test_queue_and_message_round_trip(self):
        status, xml = self.post({"Action": "CreateQueue", "QueueName": "query-q",
                                 "Attribute.1.Name": "VisibilityTimeout",
                                 "Attribute.1.Value": "40", "Tag.1.Key": "team",
                                 "Tag.1.Value": "blue"})
        self.assertEqual(status, 200)
        self.assertEqual(xml.tag, "{%s}CreateQueueResponse" % NS["q"])
        url = xml.find("q:CreateQueueResult/q:QueueUrl", NS).text
        self.assertEqual(url, f"http://{HOST}:{self.port}/{ACCOUNT}/query-q")
        self.assertTrue(xml.find("q:ResponseMetadata/q:RequestId", NS).text)
        # Posted to the queue's path, without a QueueUrl parameter, as older SDKs do.
        path = f"/{ACCOUNT}/query-q"
        status, xml = self.post({"Action": "SendMessage", "MessageBody": "hello query",
                                 "MessageAttribute.1.Name": "n",
                                 "MessageAttribute.1.Value.DataType": "Number",
                                 "MessageAttribute.1.Value.StringValue": "7"}, path=path)
        self.assertEqual(status, 200)
        result = xml.find("q:SendMessageResult", NS)
        self.assertEqual(result.find("q:MD5OfMessageBody", NS).text,
                         hashlib.md5(b"hello query").hexdigest())
        self.assertTrue(result.find("q:MD5OfMessageAttributes", NS).text)
        # The same queue through the JSON protocol.
        attrs = self.sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["All"])["Attributes"]
        self.assertEqual(attrs["VisibilityTimeout"], "40")
        self.assertEqual(attrs["ApproximateNumberOfMessages"], "1")
        self.assertEqual(self.sqs.list_queue_tags(QueueUrl=url)["Tags"], {"team": "blue"})
        status, xml = self.post({"Action": "ReceiveMessage", "QueueUrl": url,
                                 "AttributeName.1": "All", "MessageAttributeName.1": "All"})
        self.assertEqual(status, 200)
        message = xml.find("q:ReceiveMessageResult/q:Message", NS)
        self.assertEqual(message.find("q:Body", NS).text, "hello query")
        attributes = {a.find("q:Name", NS).text: a.find("q:Value", NS).text
                      for a in message.findall("q:Attribute", NS)}
        self.assertEqual(attributes["ApproximateReceiveCount"], "1")
        user = message.find("q:MessageAttribute", NS)
        self.assertEqual(user.find("q:Name", NS).text, "n")
        self.assertEqual(user.find("q:Value/q:StringValue", NS).text, "7")
        self.assertEqual(user.find("q:Value/q:DataType", NS).text, "Number")
        handle = message.find("q:ReceiptHandle", NS).text
        status, xml = self.post({"Action": "DeleteMessage", "QueueUrl": url,
                                 "ReceiptHandle": handle})
        self.assertEqual(status, 200)
        self.assertEqual(xml.tag, "{%s}DeleteMessageResponse" % NS["q"])
        status, xml = self.post({"Action": "GetQueueAttributes", "QueueUrl": url,
                                 "AttributeName.1": "ApproximateNumberOfMessagesNotVisible"})
        values = {a.find("q:Name", NS).text: a.find("q:Value", NS).text
                  for a in xml.findall("q:GetQueueAttributesResult/q:Attribute", NS)}
        self.assertEqual(values, {"ApproximateNumberOfMessagesNotVisible": "0"})

    def test_errors_in_xml(self):
        status, xml = self.post({"Action": "GetQueueUrl", "QueueName": "absent"})
        self.assertEqual(status, 400)
        error = xml.find("q:Error", NS)
        self.assertEqual(error.find("q:Type", NS).text, "Sender")
        self.assertEqual(error.find("q:Code", NS).text, "AWS.SimpleQueueService.NonExistentQueue")
        self.assertEqual(error.find("q:Message", NS).text, "The specified queue does not exist.")

    def test_batch_over_query(self):
        url = self.sqs.create_queue(QueueName="query-batch")["QueueUrl"]
        status, xml = self.post({
            "Action": "SendMessageBatch", "QueueUrl": url,
            "SendMessageBatchRequestEntry.1.Id": "a",
            "SendMessageBatchRequestEntry.1.MessageBody": "one",
            "SendMessageBatchRequestEntry.2.Id": "b",
            "SendMessageBatchRequestEntry.2.MessageBody": "two"})
        self.assertEqual(status, 200)
        ids = [e.find("q:Id", NS).text for e in xml.findall(
            "q:SendMessageBatchResult/q:SendMessageBatchResultEntry", NS)]
        self.assertEqual(sorted(ids), ["a", "b"])
        status, xml = self.post({"Action": "ListQueues", "QueueNamePrefix": "query-b"})
        urls = [u.text for u in xml.findall("q:ListQueuesResult/q:QueueUrl", NS)]
        self.assertEqual(urls, [url])


if __name__ == "__main__":
    unittest.main()
