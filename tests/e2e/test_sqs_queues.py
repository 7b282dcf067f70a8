"""SQS queues end to end: boto3 (JSON protocol) and the aws CLI."""

import json
import unittest

from sqs_support import ACCOUNT, SqsTestCase


class SqsQueueTest(SqsTestCase):

    def test_create_is_idempotent_and_conflicts_on_other_attributes(self):
        url = self.create("idem", VisibilityTimeout=45)
        self.assertEqual(url, f"{self.endpoint}/{ACCOUNT}/idem")
        self.assertEqual(self.create("idem", VisibilityTimeout=45), url)
        self.assertEqual(self.create("idem"), url)
        self.assert_error("QueueAlreadyExists", self.create, "idem", VisibilityTimeout=46)

    def test_name_rules(self):
        self.assert_error("InvalidParameterValue", self.create, "bad name")
        self.assert_error("InvalidParameterValue", self.create, "x" * 81)
        self.assert_error("InvalidParameterValue", self.create, "nofifo", FifoQueue="true")
        self.assert_error("InvalidParameterValue", self.create, "standard.fifo")
        url = self.create("ok.fifo", FifoQueue="true")
        attrs = self.sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["All"])["Attributes"]
        self.assertEqual(attrs["FifoQueue"], "true")
        self.assertEqual(attrs["ContentBasedDeduplication"], "false")
        self.assertEqual(attrs["DeduplicationScope"], "queue")
        self.assertEqual(attrs["FifoThroughputLimit"], "perQueue")

    def test_get_queue_url_and_missing_queue(self):
        url = self.create("findme")
        self.assertEqual(self.sqs.get_queue_url(QueueName="findme")["QueueUrl"], url)
        self.assertEqual(self.sqs.get_queue_url(
            QueueName="findme", QueueOwnerAWSAccountId=ACCOUNT)["QueueUrl"], url)
        response = self.assert_error("AWS.SimpleQueueService.NonExistentQueue",
                                     self.sqs.get_queue_url, QueueName="nothere")
        self.assertEqual(response["ResponseMetadata"]["HTTPStatusCode"], 400)
        self.assertEqual(response["Error"]["Message"], "The specified queue does not exist.")

    def test_list_prefix_and_pagination(self):
        names = [f"page-{i:02}" for i in range(5)]
        for name in names:
            self.create(name)
        listed = self.sqs.list_queues(QueueNamePrefix="page-")["QueueUrls"]
        self.assertEqual([u.rsplit("/", 1)[1] for u in listed], names)
        first = self.sqs.list_queues(QueueNamePrefix="page-", MaxResults=2)
        self.assertEqual(len(first["QueueUrls"]), 2)
        seen = list(first["QueueUrls"])
        token = first.get("NextToken")
        while token:
            page = self.sqs.list_queues(QueueNamePrefix="page-", MaxResults=2, NextToken=token)
            seen += page["QueueUrls"]
            token = page.get("NextToken")
        self.assertEqual([u.rsplit("/", 1)[1] for u in seen], names)
        self.assertNotIn("QueueUrls", self.sqs.list_queues(QueueNamePrefix="zzz-none"))

    def test_attributes_round_trip_and_computed(self):
        policy = json.dumps({"Version": "2012-10-17", "Statement": []}, indent=3)
        url = self.create("attrs", DelaySeconds=3, MaximumMessageSize=2048,
                          MessageRetentionPeriod=120, ReceiveMessageWaitTimeSeconds=2,
                          VisibilityTimeout=99, Policy=policy)
        attrs = self.sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["All"])["Attributes"]
        self.assertEqual(attrs["Policy"], policy, "attributes come back byte for byte")
        self.assertEqual(attrs["DelaySeconds"], "3")
        self.assertEqual(attrs["MaximumMessageSize"], "2048")
        self.assertEqual(attrs["MessageRetentionPeriod"], "120")
        self.assertEqual(attrs["ReceiveMessageWaitTimeSeconds"], "2")
        self.assertEqual(attrs["VisibilityTimeout"], "99")
        self.assertEqual(attrs["SqsManagedSseEnabled"], "true")
        self.assertEqual(attrs["QueueArn"], f"arn:aws:sqs:us-east-1:{ACCOUNT}:attrs")
        self.assertEqual(attrs["ApproximateNumberOfMessages"], "0")
        self.assertEqual(attrs["ApproximateNumberOfMessagesNotVisible"], "0")
        self.assertEqual(attrs["ApproximateNumberOfMessagesDelayed"], "0")
        self.assertTrue(attrs["CreatedTimestamp"].isdigit())
        self.assertNotIn("FifoQueue", attrs)
        self.sqs.set_queue_attributes(QueueUrl=url, Attributes={"VisibilityTimeout": "7",
                                                                "Policy": ""})
        attrs = self.sqs.get_queue_attributes(
            QueueUrl=url, AttributeNames=["VisibilityTimeout", "Policy"])["Attributes"]
        self.assertEqual(attrs, {"VisibilityTimeout": "7"})
        self.assert_error("InvalidAttributeValue", self.sqs.set_queue_attributes, QueueUrl=url,
                          Attributes={"VisibilityTimeout": "43201"})
        self.assert_error("InvalidAttributeName", self.sqs.set_queue_attributes, QueueUrl=url,
                          Attributes={"Nonsense": "1"})
        self.assert_error("InvalidAttributeName", self.sqs.get_queue_attributes, QueueUrl=url,
                          AttributeNames=["Nonsense"])

    def test_tags(self):
        url = self.sqs.create_queue(QueueName="tagged", tags={"a": "1", "b": "2"})["QueueUrl"]
        self.assertEqual(self.sqs.list_queue_tags(QueueUrl=url)["Tags"], {"a": "1", "b": "2"})
        self.sqs.tag_queue(QueueUrl=url, Tags={"c": "3", "a": "x"})
        self.sqs.untag_queue(QueueUrl=url, TagKeys=["b"])
        self.assertEqual(self.sqs.list_queue_tags(QueueUrl=url)["Tags"], {"a": "x", "c": "3"})

    def test_purge_and_delete(self):
        url = self.create("purged")
        self.sqs.send_message(QueueUrl=url, MessageBody="x")
        self.sqs.purge_queue(QueueUrl=url)
        self.assertNotIn("Messages", self.sqs.receive_message(QueueUrl=url))
        response = self.assert_error("AWS.SimpleQueueService.PurgeQueueInProgress",
                                     self.sqs.purge_queue, QueueUrl=url)
        self.assertEqual(response["ResponseMetadata"]["HTTPStatusCode"], 403)
        self.sqs.delete_queue(QueueUrl=url)
        self.assert_error("AWS.SimpleQueueService.NonExistentQueue", self.sqs.get_queue_attributes,
                          QueueUrl=url, AttributeNames=["All"])
        # AWS keeps the name for 60 s after a deletion.
        response = self.assert_error("AWS.SimpleQueueService.QueueDeletedRecently",
                                     self.sqs.create_queue, QueueName="purged")
        self.assertEqual(response["ResponseMetadata"]["HTTPStatusCode"], 400)
        self.assertIn("wait 60 seconds", response["Error"]["Message"])

    def test_other_host_forms_reach_the_queue(self):
        self.create("hosts")
        for url in (f"http://sqs.us-east-1.localhost.localstack.cloud:4566/{ACCOUNT}/hosts",
                    f"https://sqs.us-east-1.amazonaws.com/{ACCOUNT}/hosts",
                    f"http://localhost:4566/{ACCOUNT}/hosts"):
            self.sqs.send_message(QueueUrl=url, MessageBody="x")
        attrs = self.sqs.get_queue_attributes(
            QueueUrl=f"{self.endpoint}/{ACCOUNT}/hosts",
            AttributeNames=["ApproximateNumberOfMessages"])["Attributes"]
        self.assertEqual(attrs["ApproximateNumberOfMessages"], "3")

    def test_permissions(self):
        url = self.create("perm")
        self.sqs.add_permission(QueueUrl=url, Label="l1", AWSAccountIds=["111122223333"],
                                Actions=["SendMessage"])
        policy = json.loads(self.sqs.get_queue_attributes(
            QueueUrl=url, AttributeNames=["Policy"])["Attributes"]["Policy"])
        self.assertEqual(policy["Statement"][0]["Sid"], "l1")
        self.assertEqual(policy["Statement"][0]["Principal"]["AWS"],
                         ["arn:aws:iam::111122223333:root"])
        self.assertEqual(policy["Statement"][0]["Action"], ["SQS:SendMessage"])
        self.assert_error("InvalidParameterValue", self.sqs.add_permission, QueueUrl=url,
                          Label="l1", AWSAccountIds=["111122223333"], Actions=["SendMessage"])
        self.sqs.remove_permission(QueueUrl=url, Label="l1")
        self.assertNotIn("Attributes", self.sqs.get_queue_attributes(
            QueueUrl=url, AttributeNames=["Policy"]))

    def test_cli(self):
        out = self.aws("sqs", "create-queue", "--queue-name", "cli-q",
                       "--attributes", "VisibilityTimeout=40")
        url = out["QueueUrl"]
        self.assertTrue(url.endswith(f"/{ACCOUNT}/cli-q"), url)
        self.assertIn(url, self.aws("sqs", "list-queues", "--queue-name-prefix", "cli-")["QueueUrls"])
        attrs = self.aws("sqs", "get-queue-attributes", "--queue-url", url,
                         "--attribute-names", "All")["Attributes"]
        self.assertEqual(attrs["VisibilityTimeout"], "40")
        sent = self.aws("sqs", "send-message", "--queue-url", url, "--message-body", "hi")
        self.assertEqual(sent["MD5OfMessageBody"], "49f68a5c8493ec2c0bf489821c21fc3b")
        got = self.aws("sqs", "receive-message", "--queue-url", url)["Messages"]
        self.assertEqual(got[0]["Body"], "hi")
        self.aws("sqs", "delete-message", "--queue-url", url, "--receipt-handle",
                 got[0]["ReceiptHandle"])
        self.aws("sqs", "delete-queue", "--queue-url", url)
        proc = self.aws("sqs", "get-queue-url", "--queue-name", "cli-q", check=False)
        self.assertNotEqual(proc.returncode, 0)
        self.assertIn("NonExistentQueue", proc.stderr)


if __name__ == "__main__":
    unittest.main()
