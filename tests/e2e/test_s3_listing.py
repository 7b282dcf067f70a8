"""S3 listings end to end: ListObjects v1/v2 with prefixes, delimiters, pagination and URL
encoding, through boto3 paginators and the aws CLI."""

import unittest
import urllib.parse

from harness import ServerTestCase
from s3_support import bucket_name, error_of

KEYS = sorted(["a.txt", "b/1", "b/2", "b/c/3", "d e/4", "plus+/5", "z%/6", "ünï/7", "top"]
              + [f"many/{i:03d}" for i in range(25)])


class S3ListingTest(ServerTestCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.s3 = cls.boto3_client("s3")
        cls.bucket = bucket_name("list")
        cls.s3.create_bucket(Bucket=cls.bucket)
        for key in KEYS:
            cls.s3.put_object(Bucket=cls.bucket, Key=key, Body=key.encode())

    def test_v2_all_keys_in_order(self):
        out = self.s3.list_objects_v2(Bucket=self.bucket)
        self.assertEqual([o["Key"] for o in out["Contents"]], KEYS)
        self.assertEqual(out["KeyCount"], len(KEYS))
        self.assertFalse(out["IsTruncated"])
        first = out["Contents"][0]
        self.assertEqual(first["Size"], len(first["Key"].encode()))
        self.assertEqual(first["StorageClass"], "STANDARD")
        self.assertNotIn("Owner", first)
        self.assertIn("Owner", self.s3.list_objects_v2(Bucket=self.bucket,
                                                       FetchOwner=True)["Contents"][0])

    def test_v2_delimiter_and_prefix(self):
        out = self.s3.list_objects_v2(Bucket=self.bucket, Delimiter="/")
        self.assertEqual([p["Prefix"] for p in out["CommonPrefixes"]],
                         ["b/", "d e/", "many/", "plus+/", "z%/", "ünï/"])
        self.assertEqual([o["Key"] for o in out["Contents"]], ["a.txt", "top"])
        out = self.s3.list_objects_v2(Bucket=self.bucket, Prefix="b/", Delimiter="/")
        self.assertEqual([o["Key"] for o in out["Contents"]], ["b/1", "b/2"])
        self.assertEqual([p["Prefix"] for p in out["CommonPrefixes"]], ["b/c/"])
        out = self.s3.list_objects_v2(Bucket=self.bucket, StartAfter="many/020", Prefix="many/")
        self.assertEqual([o["Key"] for o in out["Contents"]],
                         [f"many/{i:03d}" for i in range(21, 25)])

    def test_v2_paginator(self):
        pages = self.s3.get_paginator("list_objects_v2").paginate(
            Bucket=self.bucket, PaginationConfig={"PageSize": 4})
        keys, prefixes, count = [], [], 0
        for page in pages:
            count += 1
            keys += [o["Key"] for o in page.get("Contents", [])]
            prefixes += [p["Prefix"] for p in page.get("CommonPrefixes", [])]
        self.assertEqual(keys, KEYS)
        self.assertEqual(count, (len(KEYS) + 3) // 4)
        pages = self.s3.get_paginator("list_objects_v2").paginate(
            Bucket=self.bucket, Delimiter="/", PaginationConfig={"PageSize": 3})
        prefixes = [p["Prefix"] for page in pages for p in page.get("CommonPrefixes", [])]
        self.assertEqual(prefixes, ["b/", "d e/", "many/", "plus+/", "z%/", "ünï/"])

    def test_v1_marker_pagination(self):
        pages = self.s3.get_paginator("list_objects").paginate(
            Bucket=self.bucket, PaginationConfig={"PageSize": 5})
        keys = [o["Key"] for page in pages for o in page.get("Contents", [])]
        self.assertEqual(keys, KEYS)
        out = self.s3.list_objects(Bucket=self.bucket, Delimiter="/", MaxKeys=2)
        self.assertTrue(out["IsTruncated"])
        self.assertEqual(out["NextMarker"], "b/")
        out = self.s3.list_objects(Bucket=self.bucket, Delimiter="/", Marker="b/", MaxKeys=2)
        self.assertEqual([p["Prefix"] for p in out["CommonPrefixes"]], ["d e/", "many/"])
        self.assertIn("Owner", self.s3.list_objects(Bucket=self.bucket)["Contents"][0])

    def test_url_encoding_type_raw(self):
        # Asked for explicitly, the encoded keys reach the caller as S3 sent them.
        out = self.s3.list_objects_v2(Bucket=self.bucket, Prefix="plus+", EncodingType="url")
        self.assertEqual([o["Key"] for o in out["Contents"]], ["plus%2B/5"])
        captured = []

        def capture(http_response, **kwargs):
            captured.append(http_response.content)

        client = self.boto3_client("s3")
        client.meta.events.register("after-call.s3.ListObjectVersions",
                                    lambda http_response, **kw: capture(http_response))
        client.list_object_versions(Bucket=self.bucket, Prefix="d e/", EncodingType="url")
        self.assertIn(b"<Key>d%20e/4</Key>", captured[0])
        self.assertEqual(urllib.parse.unquote("d%20e/4"), "d e/4")

    def test_errors(self):
        code, status, _ = error_of(self, self.s3.list_objects_v2, Bucket="missing-bucket-l")
        self.assertEqual((code, status), ("NoSuchBucket", 404))
        code, status, _ = error_of(self, self.s3.list_objects_v2, Bucket=self.bucket,
                                   ContinuationToken="!!!")
        self.assertEqual((code, status), ("InvalidArgument", 400))

    def test_cli_ls(self):
        proc = self.aws("s3", "ls", f"s3://{self.bucket}/", check=False)
        self.assertEqual(proc.returncode, 0, proc.stderr)
        self.assertIn("PRE b/", proc.stdout)
        self.assertIn("a.txt", proc.stdout)
        proc = self.aws("s3", "ls", "--recursive", f"s3://{self.bucket}/many/", check=False)
        self.assertEqual(proc.stdout.count("many/"), 25)


if __name__ == "__main__":
    unittest.main()
