"""Shared helpers for the SQS end-to-end modules."""

import botocore.exceptions

from harness import ServerTestCase

ACCOUNT = "000000000000"


class SqsTestCase(ServerTestCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.sqs = cls.boto3_client("sqs")

    def create(self, name, **attributes):
        kw = {"QueueName": name}
        if attributes:
            kw["Attributes"] = {k: str(v) for k, v in attributes.items()}
        return self.sqs.create_queue(**kw)["QueueUrl"]

    def arn(self, url):
        return self.sqs.get_queue_attributes(
            QueueUrl=url, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]

    def assert_error(self, code, fn, *args, **kw):
        with self.assertRaises(botocore.exceptions.ClientError) as caught:
            fn(*args, **kw)
        self.assertEqual(caught.exception.response["Error"]["Code"], code,
                         caught.exception.response)
        return caught.exception.response
