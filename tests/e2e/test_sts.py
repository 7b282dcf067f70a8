"""STS end to end: the aws CLI and boto3 against a real server."""

import datetime
import http.client
import unittest

import botocore.config
from botocore.exceptions import ClientError

from harness import HOST, ServerTestCase

DEFAULT_ACCOUNT = "000000000000"
ROLE_ARN = f"arn:aws:iam::{DEFAULT_ACCOUNT}:role/demo"
# Clock slack between our "now" and the server's, plus the time the call takes.
SLACK = datetime.timedelta(seconds=60)


def utcnow():
    return datetime.datetime.now(datetime.timezone.utc)


class StsTest(ServerTestCase):

    def assert_expires_in(self, expiration, seconds):
        self.assertIsInstance(expiration, datetime.datetime)
        self.assertIsNotNone(expiration.tzinfo, "Expiration must carry a time zone")
        expected = utcnow() + datetime.timedelta(seconds=seconds)
        self.assertLess(abs(expiration - expected), SLACK,
                        f"Expiration {expiration} is not about {seconds} s from now")

    def assert_temporary_credentials(self, creds):
        self.assertRegex(creds["AccessKeyId"], r"^ASIA[A-Z0-9]{12,}$")
        self.assertTrue(creds["SecretAccessKey"])
        self.assertTrue(creds["SessionToken"])

    def test_cli_get_caller_identity(self):
        out = self.aws("sts", "get-caller-identity")
        self.assertEqual(out["Account"], DEFAULT_ACCOUNT)
        self.assertEqual(out["Arn"], f"arn:aws:iam::{DEFAULT_ACCOUNT}:root")
        self.assertTrue(out["UserId"])

    def test_cli_get_caller_identity_account_from_access_key(self):
        out = self.aws("sts", "get-caller-identity", access_key="123456789012")
        self.assertEqual(out["Account"], "123456789012")
        self.assertTrue(out["Arn"].startswith("arn:aws:iam::123456789012:"), out["Arn"])
        self.assertTrue(out["UserId"])

    def test_boto3_get_caller_identity(self):
        out = self.boto3_client("sts").get_caller_identity()
        self.assertEqual(out["ResponseMetadata"]["HTTPStatusCode"], 200)
        self.assertEqual(out["Account"], DEFAULT_ACCOUNT)
        self.assertEqual(out["Arn"], f"arn:aws:iam::{DEFAULT_ACCOUNT}:root")
        self.assertTrue(out["UserId"])

    def test_boto3_assume_role(self):
        out = self.boto3_client("sts").assume_role(RoleArn=ROLE_ARN, RoleSessionName="s1")
        self.assert_temporary_credentials(out["Credentials"])
        self.assert_expires_in(out["Credentials"]["Expiration"], 3600)
        user = out["AssumedRoleUser"]
        self.assertEqual(user["Arn"], f"arn:aws:sts::{DEFAULT_ACCOUNT}:assumed-role/demo/s1")
        self.assertIn(":s1", user["AssumedRoleId"])
        self.assertTrue(user["AssumedRoleId"].endswith(":s1"), user["AssumedRoleId"])

    def test_boto3_assume_role_duration(self):
        out = self.boto3_client("sts").assume_role(
            RoleArn=ROLE_ARN, RoleSessionName="s2", DurationSeconds=1800)
        self.assert_expires_in(out["Credentials"]["Expiration"], 1800)

    def test_boto3_assume_role_credentials_are_distinct(self):
        sts = self.boto3_client("sts")
        first = sts.assume_role(RoleArn=ROLE_ARN, RoleSessionName="s1")["Credentials"]
        second = sts.assume_role(RoleArn=ROLE_ARN, RoleSessionName="s1")["Credentials"]
        self.assertNotEqual(first["AccessKeyId"], second["AccessKeyId"])

    def test_boto3_get_session_token(self):
        out = self.boto3_client("sts").get_session_token(DurationSeconds=900)
        self.assert_temporary_credentials(out["Credentials"])
        self.assert_expires_in(out["Credentials"]["Expiration"], 900)

    def test_boto3_assume_role_duration_below_minimum(self):
        # botocore would reject 100 itself (the model's min is 900): let the server judge.
        sts = self.boto3_client(
            "sts", config=botocore.config.Config(parameter_validation=False))
        with self.assertRaises(ClientError) as ctx:
            sts.assume_role(RoleArn=ROLE_ARN, RoleSessionName="s1", DurationSeconds=100)
        err = ctx.exception.response
        self.assertEqual(err["Error"]["Code"], "ValidationError")
        self.assertEqual(err["ResponseMetadata"]["HTTPStatusCode"], 400)
        self.assertIn("900", err["Error"]["Message"])

    def test_request_id_header_matches_body(self):
        body = b"Action=GetCallerIdentity&Version=2011-06-15"
        headers = self.signed_headers(
            "sts", body=body,
            headers={"Content-Type": "application/x-www-form-urlencoded; charset=utf-8"})
        conn = http.client.HTTPConnection(HOST, self.port, timeout=5)
        try:
            conn.request("POST", "/", body=body, headers=headers)
            resp = conn.getresponse()
            payload = resp.read().decode()
        finally:
            conn.close()
        self.assertEqual(resp.status, 200, payload)
        request_id = resp.getheader("x-amzn-RequestId")
        self.assertTrue(request_id, f"no x-amzn-RequestId in {resp.getheaders()}")
        self.assertIn(f"<RequestId>{request_id}</RequestId>", payload)
        self.assertIn(f"<Account>{DEFAULT_ACCOUNT}</Account>", payload)
        self.assertTrue(resp.getheader("Content-Type", "").startswith("text/xml"),
                        resp.getheader("Content-Type"))

    def test_request_ids_are_unique(self):
        sts = self.boto3_client("sts")
        ids = {sts.get_caller_identity()["ResponseMetadata"]["RequestId"] for _ in range(5)}
        self.assertEqual(len(ids), 5)


if __name__ == "__main__":
    unittest.main()
