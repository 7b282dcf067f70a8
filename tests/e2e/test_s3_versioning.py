"""S3 versioning end to end: version ids, delete markers, the null version, listing versions,
and emptying a versioned bucket the way Terraform's force_destroy does."""

import datetime
import unittest

from botocore.exceptions import ClientError

from harness import ServerTestCase
from s3_support import bucket_name, error_of


class S3VersioningTest(ServerTestCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.s3 = cls.boto3_client("s3")

    def versioned_bucket(self):
        name = bucket_name("ver")
        self.s3.create_bucket(Bucket=name)
        self.s3.put_bucket_versioning(Bucket=name, VersioningConfiguration={"Status": "Enabled"})
        return name

    def error_headers(self, call, **kwargs):
        """The HTTP headers of a boto3 call that must fail."""
        with self.assertRaises(ClientError) as ctx:
            call(**kwargs)
        return ctx.exception.response["ResponseMetadata"]["HTTPHeaders"]

    def test_versions_and_delete_markers(self):
        name = self.versioned_bucket()
        v1 = self.s3.put_object(Bucket=name, Key="k", Body=b"one")["VersionId"]
        v2 = self.s3.put_object(Bucket=name, Key="k", Body=b"two")["VersionId"]
        self.assertNotEqual(v1, v2)
        self.assertEqual(self.s3.get_object(Bucket=name, Key="k")["Body"].read(), b"two")
        got = self.s3.get_object(Bucket=name, Key="k", VersionId=v1)
        self.assertEqual((got["Body"].read(), got["VersionId"]), (b"one", v1))
        deleted = self.s3.delete_object(Bucket=name, Key="k")
        self.assertTrue(deleted["DeleteMarker"])
        marker = deleted["VersionId"]
        code, status, _ = error_of(self, self.s3.get_object, Bucket=name, Key="k")
        self.assertEqual((code, status), ("NoSuchKey", 404))
        headers = self.error_headers(self.s3.get_object, Bucket=name, Key="k")
        self.assertEqual((headers["x-amz-delete-marker"], headers["x-amz-version-id"]),
                         ("true", marker))
        self.assertIn("last-modified", headers)
        code, status, _ = error_of(self, self.s3.get_object, Bucket=name, Key="k",
                                   VersionId=marker)
        self.assertEqual((code, status), ("MethodNotAllowed", 405))
        headers = self.error_headers(self.s3.get_object, Bucket=name, Key="k", VersionId=marker)
        self.assertEqual((headers["x-amz-delete-marker"], headers["x-amz-version-id"]),
                         ("true", marker))
        headers = self.error_headers(self.s3.head_object, Bucket=name, Key="k", VersionId=marker)
        self.assertEqual((headers["x-amz-delete-marker"], headers["x-amz-version-id"]),
                         ("true", marker))
        code, status, _ = error_of(self, self.s3.get_object_attributes, Bucket=name, Key="k",
                                   ObjectAttributes=["ETag"])
        self.assertEqual((code, status), ("NoSuchKey", 404))
        code, status, err = error_of(self, self.s3.head_object, Bucket=name, Key="k")
        self.assertEqual(status, 404)
        with self.assertRaises(Exception) as ctx:
            self.s3.head_object(Bucket=name, Key="k")
        headers = ctx.exception.response["ResponseMetadata"]["HTTPHeaders"]
        self.assertEqual((headers["x-amz-delete-marker"], headers["x-amz-version-id"]),
                         ("true", marker))
        self.assertEqual(self.s3.list_objects_v2(Bucket=name)["KeyCount"], 0)
        versions = self.s3.list_object_versions(Bucket=name)
        self.assertEqual([(v["VersionId"], v["IsLatest"]) for v in versions["Versions"]],
                         [(v2, False), (v1, False)])
        self.assertEqual([(m["VersionId"], m["IsLatest"]) for m in versions["DeleteMarkers"]],
                         [(marker, True)])
        # Removing the marker brings v2 back.
        out = self.s3.delete_object(Bucket=name, Key="k", VersionId=marker)
        self.assertTrue(out["DeleteMarker"])
        self.assertEqual(self.s3.get_object(Bucket=name, Key="k")["Body"].read(), b"two")
        self.s3.delete_object(Bucket=name, Key="k", VersionId=v2)
        self.assertEqual(self.s3.get_object(Bucket=name, Key="k")["Body"].read(), b"one")
        code, status, _ = error_of(self, self.s3.get_object, Bucket=name, Key="k",
                                   VersionId="x" * 32)
        self.assertEqual((code, status), ("NoSuchVersion", 404))

    def test_suspended_null_version(self):
        name = self.versioned_bucket()
        v1 = self.s3.put_object(Bucket=name, Key="k", Body=b"one")["VersionId"]
        self.s3.put_bucket_versioning(Bucket=name, VersioningConfiguration={"Status": "Suspended"})
        self.assertEqual(self.s3.get_bucket_versioning(Bucket=name)["Status"], "Suspended")
        out = self.s3.put_object(Bucket=name, Key="k", Body=b"null1")
        self.assertEqual(out["VersionId"], "null")
        self.s3.put_object(Bucket=name, Key="k", Body=b"null2")
        versions = self.s3.list_object_versions(Bucket=name)["Versions"]
        self.assertEqual([v["VersionId"] for v in versions], ["null", v1])
        self.assertEqual(self.s3.get_object(Bucket=name, Key="k", VersionId="null")["Body"].read(),
                         b"null2")

    def test_unversioned_bucket_lists_null_versions(self):
        name = bucket_name("plain")
        self.s3.create_bucket(Bucket=name)
        out = self.s3.put_object(Bucket=name, Key="k", Body=b"x")
        self.assertNotIn("VersionId", out)
        versions = self.s3.list_object_versions(Bucket=name, Prefix="k")["Versions"]
        self.assertEqual([(v["Key"], v["VersionId"], v["IsLatest"]) for v in versions],
                         [("k", "null", True)])

    def test_force_destroy_flow(self):
        name = self.versioned_bucket()
        for i in range(3):
            for _ in range(2):
                self.s3.put_object(Bucket=name, Key=f"obj{i}", Body=b"x")
        self.s3.delete_object(Bucket=name, Key="obj0")
        code, status, _ = error_of(self, self.s3.delete_bucket, Bucket=name)
        self.assertEqual((code, status), ("BucketNotEmpty", 409))
        pages = self.s3.get_paginator("list_object_versions").paginate(
            Bucket=name, EncodingType="url", PaginationConfig={"PageSize": 2})
        objects = []
        for page in pages:
            objects += [{"Key": v["Key"], "VersionId": v["VersionId"]}
                        for v in page.get("Versions", []) + page.get("DeleteMarkers", [])]
        self.assertEqual(len(objects), 7)
        out = self.s3.delete_objects(Bucket=name, Delete={"Objects": objects, "Quiet": True})
        self.assertNotIn("Errors", out)
        self.assertNotIn("Versions", self.s3.list_object_versions(Bucket=name))
        self.s3.delete_bucket(Bucket=name)

    def test_delete_objects_reports_markers(self):
        name = self.versioned_bucket()
        self.s3.put_object(Bucket=name, Key="a", Body=b"x")
        out = self.s3.delete_objects(Bucket=name, Delete={"Objects": [{"Key": "a"}]})
        deleted = out["Deleted"][0]
        self.assertTrue(deleted["DeleteMarker"])
        self.assertTrue(deleted["DeleteMarkerVersionId"])
        out = self.s3.delete_objects(Bucket=name, Delete={"Objects": [
            {"Key": "a", "VersionId": deleted["DeleteMarkerVersionId"]}]})
        self.assertTrue(out["Deleted"][0]["DeleteMarker"])
        self.assertEqual(self.s3.get_object(Bucket=name, Key="a")["Body"].read(), b"x")

    def test_object_lock(self):
        name = bucket_name("lock")
        self.s3.create_bucket(Bucket=name, ObjectLockEnabledForBucket=True)
        self.assertEqual(self.s3.get_bucket_versioning(Bucket=name)["Status"], "Enabled")
        config = self.s3.get_object_lock_configuration(Bucket=name)["ObjectLockConfiguration"]
        self.assertEqual(config["ObjectLockEnabled"], "Enabled")
        until = datetime.datetime(2030, 1, 1, tzinfo=datetime.timezone.utc)
        version = self.s3.put_object(Bucket=name, Key="k", Body=b"x", ObjectLockMode="GOVERNANCE",
                                     ObjectLockRetainUntilDate=until)["VersionId"]
        head = self.s3.head_object(Bucket=name, Key="k")
        self.assertEqual((head["ObjectLockMode"], head["ObjectLockRetainUntilDate"]),
                         ("GOVERNANCE", until))
        self.assertEqual(self.s3.get_object_retention(Bucket=name, Key="k")["Retention"],
                         {"Mode": "GOVERNANCE", "RetainUntilDate": until})
        code, status, _ = error_of(self, self.s3.get_object_legal_hold, Bucket=name, Key="k")
        self.assertEqual((code, status), ("NoSuchObjectLockConfiguration", 404))
        self.s3.put_object_legal_hold(Bucket=name, Key="k", VersionId=version,
                                      LegalHold={"Status": "ON"})
        self.assertEqual(self.s3.get_object_legal_hold(Bucket=name, Key="k")["LegalHold"],
                         {"Status": "ON"})
        plain = bucket_name("nolock")
        self.s3.create_bucket(Bucket=plain)
        self.s3.put_object(Bucket=plain, Key="k", Body=b"x")
        code, _, _ = error_of(self, self.s3.get_object_retention, Bucket=plain, Key="k")
        self.assertEqual(code, "InvalidRequest")

    def test_copy_reports_versions(self):
        name = self.versioned_bucket()
        src = self.s3.put_object(Bucket=name, Key="src", Body=b"s")["VersionId"]
        self.s3.put_object(Bucket=name, Key="src", Body=b"newer")
        out = self.s3.copy_object(Bucket=name, Key="dst",
                                  CopySource={"Bucket": name, "Key": "src", "VersionId": src})
        self.assertEqual(out["CopySourceVersionId"], src)
        self.assertTrue(out["VersionId"])
        self.assertEqual(self.s3.get_object(Bucket=name, Key="dst")["Body"].read(), b"s")


if __name__ == "__main__":
    unittest.main()
