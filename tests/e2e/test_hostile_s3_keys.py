"""Hostile S3 keys (issue 11): `..`, percent-encoded dots, NUL, over-long keys and unicode
normalisation tricks are only ever names. S3 stores any UTF-8 key up to 1,024 bytes as is (no
path resolution, no normalisation), so each key must round-trip exactly, stay distinct from its
look-alikes, and never create anything outside the server's data directory."""

import os
import tempfile
import unicodedata
import unittest
import urllib.parse

from harness import ServerTestCase, build_request
from s3_support import bucket_name, error_of

CANARY = "terrarium-hostile-canary"


class HostileS3KeysTest(ServerTestCase):
    @classmethod
    def setUpClass(cls):
        # The data directory sits alone in a fresh parent, so any escape shows up as a sibling.
        cls.parent = tempfile.mkdtemp(prefix="terrarium-hostile-keys-")
        cls.data_dir = os.path.join(cls.parent, "data")
        cls.server_args = ["--data-dir", cls.data_dir]
        super().setUpClass()
        cls.s3 = cls.boto3_client("s3")
        cls.bucket = bucket_name("hostile")
        cls.s3.create_bucket(Bucket=cls.bucket)

    @classmethod
    def tearDownClass(cls):
        super().tearDownClass()
        import shutil
        shutil.rmtree(cls.parent, ignore_errors=True)

    def assert_nothing_escaped(self):
        self.assertEqual(sorted(os.listdir(self.parent)), ["data"])
        for root in (self.parent, self.server.tmpdir):
            for folder, dirs, files in os.walk(root):
                for name in dirs + files:
                    self.assertNotIn(CANARY, name, os.path.join(folder, name))

    def assert_round_trip(self, key, body):
        self.s3.put_object(Bucket=self.bucket, Key=key, Body=body)
        self.assertEqual(self.s3.get_object(Bucket=self.bucket, Key=key)["Body"].read(), body)
        listed = self.s3.list_objects_v2(Bucket=self.bucket, Prefix=key, EncodingType="url")
        keys = [urllib.parse.unquote(o["Key"]) for o in listed.get("Contents", [])]
        self.assertIn(key, keys)

    def test_dot_dot_segments_are_plain_names(self):
        for key in ["../../../" + CANARY, "a/../../" + CANARY, "/../" + CANARY, "..", "./."]:
            with self.subTest(key=key):
                self.assert_round_trip(key, key.encode())
        # "a/../b" is not "b": no path resolution.
        self.s3.put_object(Bucket=self.bucket, Key="b-target", Body=b"b")
        self.s3.put_object(Bucket=self.bucket, Key="x/../b-target", Body=b"dotted")
        self.assertEqual(self.s3.get_object(Bucket=self.bucket, Key="b-target")["Body"].read(),
                         b"b")
        self.assert_nothing_escaped()

    def test_percent_encoded_dots_in_the_raw_path(self):
        # A raw request: the path's %2e%2e decodes to "..", which is the key, not a parent.
        key_path = f"%2e%2e/%2E%2E/{CANARY}-raw"
        path = f"/{self.bucket}/{key_path}"
        headers = self.signed_headers("s3", method="PUT", path=path, body=b"raw", headers={
            "x-amz-content-sha256": "UNSIGNED-PAYLOAD", "Content-Length": "3"})
        result = self.raw_exchange(build_request("PUT", path, headers, b"raw"))
        self.assertEqual(result.status(), 200, result.data[:300])
        got = self.s3.get_object(Bucket=self.bucket, Key=f"../../{CANARY}-raw")
        self.assertEqual(got["Body"].read(), b"raw")
        # The literal text "%2e%2e" (sent encoded by the SDK) is a different key.
        self.assert_round_trip(f"%2e%2e/{CANARY}", b"literal")
        self.assert_nothing_escaped()

    def test_nul_and_control_bytes_in_keys(self):
        for key in [f"nul\x00{CANARY}", "tab\tnewline\ncr\r", "\x01\x1f"]:
            with self.subTest(key=repr(key)):
                self.assert_round_trip(key, b"ctl")
        self.assert_nothing_escaped()

    def test_key_length_limit_is_1024_bytes_of_utf8(self):
        self.assert_round_trip("k" * 1024, b"max")
        # 512 two-byte characters are 1,024 bytes: allowed; one more byte is not.
        self.assert_round_trip("é" * 512, b"max-utf8")
        for key in ["k" * 1025, "é" * 512 + "k"]:
            with self.subTest(length=len(key.encode())):
                code, status, err = error_of(self, self.s3.put_object, Bucket=self.bucket,
                                             Key=key, Body=b"x")
                self.assertEqual((code, status), ("KeyTooLongError", 400))
                self.assertEqual(err["Message"], "Your key is too long")

    def test_unicode_normalisation_forms_stay_distinct(self):
        composed = "caf\u00e9-" + CANARY
        decomposed = unicodedata.normalize("NFD", composed)
        self.assertNotEqual(composed, decomposed)
        self.s3.put_object(Bucket=self.bucket, Key=composed, Body=b"nfc")
        self.s3.put_object(Bucket=self.bucket, Key=decomposed, Body=b"nfd")
        self.assertEqual(self.s3.get_object(Bucket=self.bucket, Key=composed)["Body"].read(),
                         b"nfc")
        self.assertEqual(self.s3.get_object(Bucket=self.bucket, Key=decomposed)["Body"].read(),
                         b"nfd")
        listed = self.s3.list_objects_v2(Bucket=self.bucket, Prefix="caf")["Contents"]
        self.assertEqual(sorted(o["Key"] for o in listed), sorted([composed, decomposed]))
        # Full-width dots and a "one dot leader" look like ".." but are other characters.
        self.assert_round_trip("\uff0e\uff0e/\u2024\u2024/" + CANARY, b"lookalike")
        self.assert_nothing_escaped()


if __name__ == "__main__":
    unittest.main()
