"""S3 multipart uploads end to end: the API by hand (ETags, part rules, part copy, listings)
and the aws CLI's transfers (cp of a 20 MiB file goes multipart, sync, rm)."""

import hashlib
import os
import shutil
import tempfile
import unittest

from harness import ServerTestCase
from s3_support import bucket_name, error_of

MIB = 1 << 20


def multipart_etag(parts):
    digest = hashlib.md5(b"".join(hashlib.md5(p).digest() for p in parts)).hexdigest()
    return f'"{digest}-{len(parts)}"'


class S3MultipartTest(ServerTestCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.s3 = cls.boto3_client("s3")
        cls.bucket = bucket_name("mp")
        cls.s3.create_bucket(Bucket=cls.bucket)
        cls.tmp = tempfile.mkdtemp(prefix="terrarium-s3-mp-")

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.tmp, ignore_errors=True)
        super().tearDownClass()

    def test_upload_complete_and_etag(self):
        parts = [os.urandom(5 * MIB), os.urandom(5 * MIB), b"tail"]
        upload = self.s3.create_multipart_upload(Bucket=self.bucket, Key="mp/obj",
                                                 ContentType="video/mp4", Metadata={"m": "1"})
        upload_id = upload["UploadId"]
        etags = []
        for number, data in enumerate(parts, 1):
            out = self.s3.upload_part(Bucket=self.bucket, Key="mp/obj", UploadId=upload_id,
                                      PartNumber=number, Body=data)
            self.assertEqual(out["ETag"], f'"{hashlib.md5(data).hexdigest()}"')
            etags.append(out["ETag"])
        listed = self.s3.list_parts(Bucket=self.bucket, Key="mp/obj", UploadId=upload_id)
        self.assertEqual([(p["PartNumber"], p["Size"]) for p in listed["Parts"]],
                         [(1, 5 * MIB), (2, 5 * MIB), (3, 4)])
        page = self.s3.list_parts(Bucket=self.bucket, Key="mp/obj", UploadId=upload_id,
                                  MaxParts=2)
        self.assertTrue(page["IsTruncated"])
        self.assertEqual(page["NextPartNumberMarker"], 2)
        uploads = self.s3.list_multipart_uploads(Bucket=self.bucket)["Uploads"]
        self.assertIn(upload_id, [u["UploadId"] for u in uploads])
        code, _, _ = error_of(self, self.s3.complete_multipart_upload, Bucket=self.bucket,
                              Key="mp/obj", UploadId=upload_id, MultipartUpload={"Parts": [
                                  {"PartNumber": 2, "ETag": etags[1]},
                                  {"PartNumber": 1, "ETag": etags[0]}]})
        self.assertEqual(code, "InvalidPartOrder")
        code, _, _ = error_of(self, self.s3.complete_multipart_upload, Bucket=self.bucket,
                              Key="mp/obj", UploadId=upload_id, MultipartUpload={"Parts": [
                                  {"PartNumber": 1, "ETag": '"00000000000000000000000000000000"'}]})
        self.assertEqual(code, "InvalidPart")
        done = self.s3.complete_multipart_upload(
            Bucket=self.bucket, Key="mp/obj", UploadId=upload_id,
            MultipartUpload={"Parts": [{"PartNumber": n, "ETag": e}
                                       for n, e in enumerate(etags, 1)]})
        self.assertEqual(done["ETag"], multipart_etag(parts))
        got = self.s3.get_object(Bucket=self.bucket, Key="mp/obj")
        self.assertEqual(got["ContentType"], "video/mp4")
        self.assertEqual(got["Metadata"], {"m": "1"})
        self.assertEqual(got["ETag"], multipart_etag(parts))
        self.assertEqual(hashlib.md5(got["Body"].read()).digest(),
                         hashlib.md5(b"".join(parts)).digest())
        part = self.s3.get_object(Bucket=self.bucket, Key="mp/obj", PartNumber=3)
        self.assertEqual(part["Body"].read(), b"tail")
        self.assertEqual(part["PartsCount"], 3)
        code, status, _ = error_of(self, self.s3.list_parts, Bucket=self.bucket, Key="mp/obj",
                                   UploadId=upload_id)
        self.assertEqual((code, status), ("NoSuchUpload", 404))

    def test_object_attributes(self):
        ALL = ["ETag", "Checksum", "ObjectParts", "StorageClass", "ObjectSize"]
        single = self.s3.put_object(Bucket=self.bucket, Key="attrs/single", Body=b"abc",
                                    ChecksumAlgorithm="CRC32")
        got = self.s3.get_object_attributes(Bucket=self.bucket, Key="attrs/single",
                                            ObjectAttributes=ALL)
        self.assertEqual(got["ETag"], single["ETag"].strip('"'))
        self.assertEqual(got["Checksum"], {"ChecksumCRC32": single["ChecksumCRC32"],
                                           "ChecksumType": "FULL_OBJECT"})
        self.assertEqual((got["StorageClass"], got["ObjectSize"]), ("STANDARD", 3))
        self.assertNotIn("ObjectParts", got)
        self.assertIn("LastModified", got)
        only_size = self.s3.get_object_attributes(Bucket=self.bucket, Key="attrs/single",
                                                  ObjectAttributes=["ObjectSize"])
        self.assertNotIn("ETag", only_size)
        code, status, _ = error_of(self, self.s3.get_object_attributes, Bucket=self.bucket,
                                   Key="attrs/single", ObjectAttributes=["Colour"])
        self.assertEqual((code, status), ("InvalidArgument", 400))

        parts = [os.urandom(5 * MIB), b"tail"]
        upload_id = self.s3.create_multipart_upload(Bucket=self.bucket, Key="attrs/mp",
                                                    ChecksumAlgorithm="SHA256")["UploadId"]
        sent = []
        for number, data in enumerate(parts, 1):
            out = self.s3.upload_part(Bucket=self.bucket, Key="attrs/mp", UploadId=upload_id,
                                      PartNumber=number, Body=data, ChecksumAlgorithm="SHA256")
            sent.append({"PartNumber": number, "ETag": out["ETag"],
                         "ChecksumSHA256": out["ChecksumSHA256"]})
        done = self.s3.complete_multipart_upload(Bucket=self.bucket, Key="attrs/mp",
                                                 UploadId=upload_id,
                                                 MultipartUpload={"Parts": sent})
        got = self.s3.get_object_attributes(Bucket=self.bucket, Key="attrs/mp",
                                            ObjectAttributes=ALL, MaxParts=1)
        self.assertEqual(got["ETag"], multipart_etag(parts).strip('"'))
        self.assertEqual(got["Checksum"]["ChecksumType"], "COMPOSITE")
        self.assertEqual(got["Checksum"]["ChecksumSHA256"],
                         done["ChecksumSHA256"].split("-")[0])
        self.assertEqual(got["ObjectSize"], 5 * MIB + 4)
        object_parts = got["ObjectParts"]
        self.assertEqual((object_parts["TotalPartsCount"], object_parts["IsTruncated"],
                          object_parts["NextPartNumberMarker"]), (2, True, 1))
        self.assertEqual(object_parts["Parts"], [
            {"PartNumber": 1, "Size": 5 * MIB, "ChecksumSHA256": sent[0]["ChecksumSHA256"]}])
        rest = self.s3.get_object_attributes(Bucket=self.bucket, Key="attrs/mp",
                                             ObjectAttributes=["ObjectParts"], PartNumberMarker=1)
        self.assertEqual([p["PartNumber"] for p in rest["ObjectParts"]["Parts"]], [2])
        self.assertFalse(rest["ObjectParts"]["IsTruncated"])

    def test_entity_too_small_and_abort(self):
        upload_id = self.s3.create_multipart_upload(Bucket=self.bucket, Key="small")["UploadId"]
        etags = [self.s3.upload_part(Bucket=self.bucket, Key="small", UploadId=upload_id,
                                     PartNumber=n, Body=b"tiny")["ETag"] for n in (1, 2)]
        code, status, _ = error_of(self, self.s3.complete_multipart_upload, Bucket=self.bucket,
                                   Key="small", UploadId=upload_id, MultipartUpload={"Parts": [
                                       {"PartNumber": n, "ETag": e}
                                       for n, e in enumerate(etags, 1)]})
        self.assertEqual((code, status), ("EntityTooSmall", 400))
        self.assertEqual(self.s3.abort_multipart_upload(
            Bucket=self.bucket, Key="small", UploadId=upload_id)["ResponseMetadata"][
                "HTTPStatusCode"], 204)
        code, _, _ = error_of(self, self.s3.upload_part, Bucket=self.bucket, Key="small",
                              UploadId=upload_id, PartNumber=1, Body=b"x")
        self.assertEqual(code, "NoSuchUpload")

    def test_upload_part_copy_with_range(self):
        source = os.urandom(6 * MIB)
        self.s3.put_object(Bucket=self.bucket, Key="copy-src", Body=source)
        upload_id = self.s3.create_multipart_upload(Bucket=self.bucket, Key="copied")["UploadId"]
        first = self.s3.upload_part_copy(
            Bucket=self.bucket, Key="copied", UploadId=upload_id, PartNumber=1,
            CopySource={"Bucket": self.bucket, "Key": "copy-src"},
            CopySourceRange=f"bytes=0-{5 * MIB - 1}")["CopyPartResult"]["ETag"]
        second = self.s3.upload_part_copy(
            Bucket=self.bucket, Key="copied", UploadId=upload_id, PartNumber=2,
            CopySource={"Bucket": self.bucket, "Key": "copy-src"},
            CopySourceRange=f"bytes={5 * MIB}-{6 * MIB - 1}")["CopyPartResult"]["ETag"]
        self.assertEqual(first, f'"{hashlib.md5(source[:5 * MIB]).hexdigest()}"')
        done = self.s3.complete_multipart_upload(
            Bucket=self.bucket, Key="copied", UploadId=upload_id,
            MultipartUpload={"Parts": [{"PartNumber": 1, "ETag": first},
                                       {"PartNumber": 2, "ETag": second}]})
        self.assertEqual(done["ETag"], multipart_etag([source[:5 * MIB], source[5 * MIB:]]))
        self.assertEqual(self.s3.get_object(Bucket=self.bucket, Key="copied")["Body"].read(),
                         source)

    def test_conditional_complete(self):
        self.s3.put_object(Bucket=self.bucket, Key="exists", Body=b"x")
        upload_id = self.s3.create_multipart_upload(Bucket=self.bucket, Key="exists")["UploadId"]
        etag = self.s3.upload_part(Bucket=self.bucket, Key="exists", UploadId=upload_id,
                                   PartNumber=1, Body=b"new")["ETag"]
        code, status, _ = error_of(self, self.s3.complete_multipart_upload, Bucket=self.bucket,
                                   Key="exists", UploadId=upload_id, IfNoneMatch="*",
                                   MultipartUpload={"Parts": [{"PartNumber": 1, "ETag": etag}]})
        self.assertEqual((code, status), ("PreconditionFailed", 412))
        # The upload survives a failed condition.
        self.s3.complete_multipart_upload(Bucket=self.bucket, Key="exists", UploadId=upload_id,
                                          MultipartUpload={"Parts": [{"PartNumber": 1,
                                                                      "ETag": etag}]})
        self.assertEqual(self.s3.get_object(Bucket=self.bucket, Key="exists")["Body"].read(),
                         b"new")

    def test_boto3_upload_download_file(self):
        path = os.path.join(self.tmp, "boto.bin")
        with open(path, "wb") as f:
            f.write(os.urandom(12 * MIB))
        self.s3.upload_file(path, self.bucket, "boto.bin")
        head = self.s3.head_object(Bucket=self.bucket, Key="boto.bin")
        self.assertEqual(head["ContentLength"], 12 * MIB)
        self.assertTrue(head["ETag"].endswith('-2"'), head["ETag"])
        out = os.path.join(self.tmp, "boto.out")
        self.s3.download_file(self.bucket, "boto.bin", out)
        with open(path, "rb") as a, open(out, "rb") as b:
            self.assertEqual(hashlib.md5(a.read()).digest(), hashlib.md5(b.read()).digest())

    def test_cli_cp_sync_rm(self):
        big = os.path.join(self.tmp, "big.bin")
        data = os.urandom(20 * MIB)
        with open(big, "wb") as f:
            f.write(data)
        proc = self.aws("s3", "cp", big, f"s3://{self.bucket}/cli/big.bin", check=False)
        self.assertEqual(proc.returncode, 0, proc.stderr)
        head = self.s3.head_object(Bucket=self.bucket, Key="cli/big.bin")
        self.assertEqual(head["ContentLength"], 20 * MIB)
        self.assertRegex(head["ETag"], r'-\d+"$')
        back = os.path.join(self.tmp, "back.bin")
        proc = self.aws("s3", "cp", f"s3://{self.bucket}/cli/big.bin", back, check=False)
        self.assertEqual(proc.returncode, 0, proc.stderr)
        with open(back, "rb") as f:
            self.assertEqual(hashlib.md5(f.read()).digest(), hashlib.md5(data).digest())

        tree = os.path.join(self.tmp, "tree")
        os.makedirs(os.path.join(tree, "sub"))
        for rel in ("a.txt", "sub/b.txt", "sub/c d.txt"):
            with open(os.path.join(tree, rel), "w") as f:
                f.write(rel)
        proc = self.aws("s3", "sync", tree, f"s3://{self.bucket}/tree", check=False)
        self.assertEqual(proc.returncode, 0, proc.stderr)
        listed = self.s3.list_objects_v2(Bucket=self.bucket, Prefix="tree/")
        self.assertEqual([o["Key"] for o in listed["Contents"]],
                         ["tree/a.txt", "tree/sub/b.txt", "tree/sub/c d.txt"])
        down = os.path.join(self.tmp, "down")
        proc = self.aws("s3", "sync", f"s3://{self.bucket}/tree", down, check=False)
        self.assertEqual(proc.returncode, 0, proc.stderr)
        with open(os.path.join(down, "sub", "c d.txt")) as f:
            self.assertEqual(f.read(), "sub/c d.txt")
        proc = self.aws("s3", "rm", "--recursive", f"s3://{self.bucket}/tree", check=False)
        self.assertEqual(proc.returncode, 0, proc.stderr)
        self.assertEqual(self.s3.list_objects_v2(Bucket=self.bucket, Prefix="tree/")["KeyCount"],
                         0)
        proc = self.aws("s3", "presign", f"s3://{self.bucket}/cli/big.bin", check=False)
        self.assertIn("cli/big.bin", proc.stdout)


if __name__ == "__main__":
    unittest.main()
