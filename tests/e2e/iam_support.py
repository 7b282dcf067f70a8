"""What the IAM end-to-end modules share: a boto3 IAM client per class and error checks."""

from harness import ServerTestCase

ACCOUNT = "000000000000"


class IamTestCase(ServerTestCase):
    """A server per class, with `self.iam`, a boto3 IAM client for it."""

    iam = None

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.iam = cls.boto3_client("iam")

    def assert_error(self, ctx, code, status, message=None):
        """The ClientError caught by `ctx` has this code, HTTP status and (if given) message."""
        err = ctx.exception.response
        self.assertEqual(err["Error"]["Code"], code, err)
        self.assertEqual(err["ResponseMetadata"]["HTTPStatusCode"], status, err)
        if message is not None:
            self.assertEqual(err["Error"]["Message"], message)
