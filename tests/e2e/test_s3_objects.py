"""S3 objects end to end: put/get/head/delete/copy, ranges, conditions, checksums, aws-chunked
bodies, presigned URLs, odd keys."""

import base64
import datetime
import hashlib
import http.client
import os
import unittest
import urllib.error
import urllib.request
import zlib

import botocore.config

from harness import HOST, ServerTestCase
from s3_support import bucket_name, error_of


def b64(data):
    return base64.b64encode(data).decode()


def crc32(data):
    return b64(zlib.crc32(data).to_bytes(4, "big"))


def crc32c(data):
    crc = 0xFFFFFFFF
    for byte in data:
        crc ^= byte
        for _ in range(8):
            crc = (crc >> 1) ^ 0x82F63B78 if crc & 1 else crc >> 1
    return b64((crc ^ 0xFFFFFFFF).to_bytes(4, "big"))


def chunked(payload, chunk=65536, trailer=None, signed=False):
    """aws-chunked encoding of payload, with an optional trailer (name, value)."""
    out = b""
    ext = ";chunk-signature=" + "0" * 64 if signed else ""
    for i in range(0, len(payload), chunk):
        piece = payload[i:i + chunk]
        out += f"{len(piece):x}{ext}\r\n".encode() + piece + b"\r\n"
    out += f"0{ext}\r\n".encode()
    if trailer:
        out += f"{trailer[0]}:{trailer[1]}\r\n".encode()
    return out + b"\r\n"


class S3ObjectTest(ServerTestCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.s3 = cls.boto3_client("s3")
        cls.bucket = bucket_name("objects")
        cls.s3.create_bucket(Bucket=cls.bucket)

    def raw(self, method, path, body=b"", headers=None):
        conn = http.client.HTTPConnection(HOST, self.port, timeout=30)
        try:
            conn.request(method, path, body=body, headers=headers or {})
            resp = conn.getresponse()
            return resp.status, {k.lower(): v for k, v in resp.getheaders()}, resp.read()
        finally:
            conn.close()

    def test_put_get_head_with_headers_and_metadata(self):
        body = b"hello world"
        put = self.s3.put_object(
            Bucket=self.bucket, Key="doc.txt", Body=body, ContentType="text/plain",
            ContentEncoding="identity", ContentDisposition="attachment", CacheControl="no-cache",
            ContentLanguage="en", Expires=datetime.datetime(2030, 1, 1, tzinfo=datetime.timezone.utc),
            Metadata={"Color": "blue", "n": "1"}, Tagging="a=1&b=two")
        etag = f'"{hashlib.md5(body).hexdigest()}"'
        self.assertEqual(put["ETag"], etag)
        self.assertEqual(put["ServerSideEncryption"], "AES256")
        got = self.s3.get_object(Bucket=self.bucket, Key="doc.txt")
        self.assertEqual(got["Body"].read(), body)
        self.assertEqual(got["ETag"], etag)
        self.assertEqual(got["ContentType"], "text/plain")
        self.assertEqual(got["ContentEncoding"], "identity")
        self.assertEqual(got["ContentDisposition"], "attachment")
        self.assertEqual(got["CacheControl"], "no-cache")
        self.assertEqual(got["ContentLanguage"], "en")
        self.assertEqual(got["Metadata"], {"color": "blue", "n": "1"})
        self.assertEqual(got["TagCount"], 2)
        self.assertEqual(got["AcceptRanges"], "bytes")
        age = datetime.datetime.now(datetime.timezone.utc) - got["LastModified"]
        self.assertLess(abs(age.total_seconds()), 60)
        head = self.s3.head_object(Bucket=self.bucket, Key="doc.txt")
        self.assertEqual(head["ContentLength"], len(body))
        self.assertEqual(head["ETag"], etag)
        tags = self.s3.get_object_tagging(Bucket=self.bucket, Key="doc.txt")["TagSet"]
        self.assertEqual(tags, [{"Key": "a", "Value": "1"}, {"Key": "b", "Value": "two"}])
        self.s3.put_object_tagging(Bucket=self.bucket, Key="doc.txt",
                                   Tagging={"TagSet": [{"Key": "k", "Value": "v"}]})
        self.assertEqual(self.s3.get_object_tagging(Bucket=self.bucket, Key="doc.txt")["TagSet"],
                         [{"Key": "k", "Value": "v"}])
        self.s3.delete_object_tagging(Bucket=self.bucket, Key="doc.txt")
        self.assertEqual(self.s3.get_object_tagging(Bucket=self.bucket, Key="doc.txt")["TagSet"], [])
        # response-* overrides
        got = self.s3.get_object(Bucket=self.bucket, Key="doc.txt",
                                 ResponseContentType="application/json")
        self.assertEqual(got["ContentType"], "application/json")

    def test_missing_key_and_bucket(self):
        code, status, err = error_of(self, self.s3.get_object, Bucket=self.bucket, Key="nope/x")
        self.assertEqual((code, status, err["Key"]), ("NoSuchKey", 404, "nope/x"))
        code, status, _ = error_of(self, self.s3.head_object, Bucket=self.bucket, Key="nope")
        self.assertEqual(status, 404)
        code, status, err = error_of(self, self.s3.get_object, Bucket="no-such-bucket-x", Key="k")
        self.assertEqual((code, status), ("NoSuchBucket", 404))
        status, headers, body = self.raw("HEAD", f"/{self.bucket}/nope")
        self.assertEqual((status, body), (404, b""))

    def test_ranges(self):
        data = bytes(range(256)) * 4
        self.s3.put_object(Bucket=self.bucket, Key="range.bin", Body=data)
        for header, expected, content_range in [
                ("bytes=0-9", data[:10], f"bytes 0-9/{len(data)}"),
                ("bytes=1000-", data[1000:], f"bytes 1000-1023/{len(data)}"),
                ("bytes=-5", data[-5:], f"bytes 1019-1023/{len(data)}"),
                ("bytes=10-99999", data[10:], f"bytes 10-1023/{len(data)}")]:
            got = self.s3.get_object(Bucket=self.bucket, Key="range.bin", Range=header)
            self.assertEqual(got["ResponseMetadata"]["HTTPStatusCode"], 206)
            self.assertEqual(got["ContentRange"], content_range)
            self.assertEqual(got["Body"].read(), expected)
        code, status, err = error_of(self, self.s3.get_object, Bucket=self.bucket,
                                     Key="range.bin", Range="bytes=5000-")
        self.assertEqual((code, status), ("InvalidRange", 416))
        self.assertEqual(err["ActualObjectSize"], str(len(data)))

    def test_conditional_reads(self):
        put = self.s3.put_object(Bucket=self.bucket, Key="cond", Body=b"c")
        etag = put["ETag"]
        self.assertEqual(self.s3.get_object(Bucket=self.bucket, Key="cond",
                                            IfMatch=etag)["Body"].read(), b"c")
        code, status, _ = error_of(self, self.s3.get_object, Bucket=self.bucket, Key="cond",
                                   IfMatch='"0000"')
        self.assertEqual((code, status), ("PreconditionFailed", 412))
        code, status, _ = error_of(self, self.s3.get_object, Bucket=self.bucket, Key="cond",
                                   IfNoneMatch=etag)
        self.assertEqual(status, 304)
        status, headers, body = self.raw("GET", f"/{self.bucket}/cond", headers={
            "If-None-Match": etag})
        self.assertEqual((status, headers["etag"], body), (304, etag, b""))
        self.assertIn("last-modified", headers)
        future = datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(hours=1)
        past = datetime.datetime(2000, 1, 1, tzinfo=datetime.timezone.utc)
        code, status, _ = error_of(self, self.s3.head_object, Bucket=self.bucket, Key="cond",
                                   IfModifiedSince=future)
        self.assertEqual(status, 304)
        code, status, _ = error_of(self, self.s3.get_object, Bucket=self.bucket, Key="cond",
                                   IfUnmodifiedSince=past)
        self.assertEqual(status, 412)
        self.assertEqual(self.s3.get_object(Bucket=self.bucket, Key="cond",
                                            IfModifiedSince=past)["Body"].read(), b"c")

    def test_conditional_writes_lock_file(self):
        key = "state/terraform.tfstate.tflock"
        self.s3.put_object(Bucket=self.bucket, Key=key, Body=b"{}", IfNoneMatch="*")
        code, status, err = error_of(self, self.s3.put_object, Bucket=self.bucket, Key=key,
                                     Body=b"{}", IfNoneMatch="*")
        self.assertEqual((code, status), ("PreconditionFailed", 412))
        self.assertEqual(err["Condition"], "If-None-Match")
        etag = self.s3.head_object(Bucket=self.bucket, Key=key)["ETag"]
        code, status, _ = error_of(self, self.s3.put_object, Bucket=self.bucket, Key=key,
                                   Body=b"x", IfMatch='"abc"')
        self.assertEqual(status, 412)
        self.s3.put_object(Bucket=self.bucket, Key=key, Body=b"y", IfMatch=etag)
        self.assertEqual(self.s3.get_object(Bucket=self.bucket, Key=key)["Body"].read(), b"y")
        self.s3.delete_object(Bucket=self.bucket, Key=key)
        self.s3.put_object(Bucket=self.bucket, Key=key, Body=b"{}", IfNoneMatch="*")

    def test_checksums(self):
        data = b"checksum me" * 100
        out = self.s3.put_object(Bucket=self.bucket, Key="sum", Body=data,
                                 ChecksumAlgorithm="SHA256")
        self.assertEqual(out["ChecksumSHA256"], b64(hashlib.sha256(data).digest()))
        head = self.s3.head_object(Bucket=self.bucket, Key="sum", ChecksumMode="ENABLED")
        self.assertEqual(head["ChecksumSHA256"], b64(hashlib.sha256(data).digest()))
        out = self.s3.put_object(Bucket=self.bucket, Key="sum1", Body=data,
                                 ChecksumSHA1=b64(hashlib.sha1(data).digest()))
        self.assertEqual(out["ChecksumSHA1"], b64(hashlib.sha1(data).digest()))
        out = self.s3.put_object(Bucket=self.bucket, Key="sumc", Body=data,
                                 ChecksumCRC32C=crc32c(data))
        self.assertEqual(out["ChecksumCRC32C"], crc32c(data))
        code, status, _ = error_of(self, self.s3.put_object, Bucket=self.bucket, Key="bad",
                                   Body=data, ChecksumCRC32C=crc32c(b"other"))
        self.assertEqual((code, status), ("BadDigest", 400))
        code, status, _ = error_of(self, self.s3.put_object, Bucket=self.bucket, Key="bad",
                                   Body=data, ContentMD5=b64(hashlib.md5(b"other").digest()))
        self.assertEqual((code, status), ("BadDigest", 400))
        self.assertEqual(error_of(self, self.s3.head_object, Bucket=self.bucket, Key="bad")[1], 404)

    def test_aws_chunked_unsigned_trailer_and_signed(self):
        for name, size, signed in [("small", 1000, False), ("spooled", 9 << 20, False),
                                   ("signed", 200000, True)]:
            data = os.urandom(size)
            body = chunked(data, trailer=("x-amz-checksum-crc32", crc32(data)), signed=signed)
            status, headers, text = self.raw("PUT", f"/{self.bucket}/chunked-{name}", body, {
                "Content-Encoding": "aws-chunked",
                "x-amz-content-sha256": ("STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER" if signed
                                         else "STREAMING-UNSIGNED-PAYLOAD-TRAILER"),
                "x-amz-decoded-content-length": str(size),
                "x-amz-trailer": "x-amz-checksum-crc32",
                "x-amz-sdk-checksum-algorithm": "CRC32",
                "Content-Length": str(len(body))})
            self.assertEqual(status, 200, text)
            self.assertEqual(headers["etag"], f'"{hashlib.md5(data).hexdigest()}"')
            got = self.s3.get_object(Bucket=self.bucket, Key=f"chunked-{name}")
            self.assertEqual(got["ContentLength"], size)
            self.assertNotIn("ContentEncoding", got)
            self.assertEqual(got["Body"].read(), data)
        data = b"abc"
        body = chunked(data, trailer=("x-amz-checksum-crc32", crc32(b"xyz")))
        status, _, text = self.raw("PUT", f"/{self.bucket}/chunked-bad", body, {
            "Content-Encoding": "aws-chunked", "x-amz-sdk-checksum-algorithm": "CRC32",
            "x-amz-content-sha256": "STREAMING-UNSIGNED-PAYLOAD-TRAILER"})
        self.assertEqual(status, 400)
        self.assertIn(b"<Code>BadDigest</Code>", text)

    def test_large_put_through_spool(self):
        data = os.urandom(9 << 20)
        self.s3.put_object(Bucket=self.bucket, Key="large.bin", Body=data)
        got = self.s3.get_object(Bucket=self.bucket, Key="large.bin")
        self.assertEqual(hashlib.md5(got["Body"].read()).digest(), hashlib.md5(data).digest())
        got = self.s3.get_object(Bucket=self.bucket, Key="large.bin", Range="bytes=8388600-8388700")
        self.assertEqual(got["Body"].read(), data[8388600:8388701])

    def test_spooled_bodies_are_verified_as_they_arrive(self):
        # Over the server's 1 MiB memory limit: hashed while spooled (Content-MD5, checksums,
        # aws-chunked decoding), then the spool file kept as the object.
        data = os.urandom((2 << 20) + 5)
        md5 = b64(hashlib.md5(data).digest())
        out = self.s3.put_object(Bucket=self.bucket, Key="spooled-md5", Body=data, ContentMD5=md5,
                                 ChecksumSHA256=b64(hashlib.sha256(data).digest()))
        self.assertEqual(out["ETag"], f'"{hashlib.md5(data).hexdigest()}"')
        self.assertEqual(out["ChecksumSHA256"], b64(hashlib.sha256(data).digest()))
        got = self.s3.get_object(Bucket=self.bucket, Key="spooled-md5")
        self.assertEqual(got["Body"].read(), data)
        for wrong in [{"ContentMD5": b64(hashlib.md5(b"other").digest())},
                      {"ChecksumSHA256": b64(hashlib.sha256(b"other").digest())},
                      {"ChecksumCRC32C": crc32c(b"other")}]:
            code, status, _ = error_of(self, self.s3.put_object, Bucket=self.bucket,
                                       Key="spooled-bad", Body=data, **wrong)
            self.assertEqual((code, status), ("BadDigest", 400), wrong)
        self.assertEqual(
            error_of(self, self.s3.head_object, Bucket=self.bucket, Key="spooled-bad")[1], 404)
        headers = {"Content-Encoding": "aws-chunked", "x-amz-sdk-checksum-algorithm": "CRC32",
                   "x-amz-content-sha256": "STREAMING-UNSIGNED-PAYLOAD-TRAILER",
                   "x-amz-trailer": "x-amz-checksum-crc32"}
        body = chunked(data, trailer=("x-amz-checksum-crc32", crc32(b"xyz")))
        status, _, text = self.raw("PUT", f"/{self.bucket}/spooled-bad", body, headers)
        self.assertEqual(status, 400)
        self.assertIn(b"<Code>BadDigest</Code>", text)
        body = chunked(data, trailer=("x-amz-checksum-crc32", crc32(data)))
        status, _, text = self.raw("PUT", f"/{self.bucket}/spooled-cut", body[:-1000], headers)
        self.assertEqual(status, 400, text)
        self.assertIn(b"<Code>IncompleteBody</Code>", text)
        status, _, text = self.raw("PUT", f"/{self.bucket}/spooled-bad",
                                   b"zz" + body[5:], headers)
        self.assertEqual(status, 400, text)
        self.assertIn(b"<Code>InvalidRequest</Code>", text)
        self.assertEqual(
            error_of(self, self.s3.head_object, Bucket=self.bucket, Key="spooled-bad")[1], 404)

    def test_delete_objects(self):
        keys = [f"del/{i}" for i in range(5)]
        for key in keys:
            self.s3.put_object(Bucket=self.bucket, Key=key, Body=b"d")
        self.assertEqual(self.s3.delete_object(Bucket=self.bucket, Key="del/0")[
            "ResponseMetadata"]["HTTPStatusCode"], 204)
        out = self.s3.delete_objects(Bucket=self.bucket, Delete={
            "Objects": [{"Key": k} for k in keys[1:3] + ["del/missing"]]})
        self.assertEqual(sorted(d["Key"] for d in out["Deleted"]),
                         ["del/1", "del/2", "del/missing"])
        out = self.s3.delete_objects(Bucket=self.bucket, Delete={
            "Objects": [{"Key": k} for k in keys[3:]], "Quiet": True})
        self.assertNotIn("Deleted", out)
        listed = self.s3.list_objects_v2(Bucket=self.bucket, Prefix="del/")
        self.assertEqual(listed["KeyCount"], 0)

    def test_copy_object(self):
        self.s3.put_object(Bucket=self.bucket, Key="src key+%.txt", Body=b"copy me",
                           ContentType="text/plain", Metadata={"a": "1"}, Tagging="t=1")
        out = self.s3.copy_object(Bucket=self.bucket, Key="dst1",
                                  CopySource={"Bucket": self.bucket, "Key": "src key+%.txt"})
        self.assertEqual(out["CopyObjectResult"]["ETag"],
                         f'"{hashlib.md5(b"copy me").hexdigest()}"')
        got = self.s3.get_object(Bucket=self.bucket, Key="dst1")
        self.assertEqual((got["Body"].read(), got["ContentType"], got["Metadata"]),
                         (b"copy me", "text/plain", {"a": "1"}))
        self.assertEqual(got["TagCount"], 1)
        self.s3.copy_object(Bucket=self.bucket, Key="dst2", MetadataDirective="REPLACE",
                            ContentType="application/x-new", Metadata={"b": "2"},
                            CopySource=f"{self.bucket}/src key+%.txt")  # botocore URL-encodes it
        got = self.s3.head_object(Bucket=self.bucket, Key="dst2")
        self.assertEqual((got["ContentType"], got["Metadata"]), ("application/x-new", {"b": "2"}))
        code, _, _ = error_of(self, self.s3.copy_object, Bucket=self.bucket, Key="dst1",
                              CopySource={"Bucket": self.bucket, "Key": "dst1"})
        self.assertEqual(code, "InvalidRequest")
        self.s3.copy_object(Bucket=self.bucket, Key="dst1", MetadataDirective="REPLACE",
                            Metadata={"c": "3"}, CopySource={"Bucket": self.bucket, "Key": "dst1"})
        self.assertEqual(self.s3.head_object(Bucket=self.bucket, Key="dst1")["Metadata"],
                         {"c": "3"})
        code, status, _ = error_of(self, self.s3.copy_object, Bucket=self.bucket, Key="dst3",
                                   CopySource={"Bucket": self.bucket, "Key": "dst1"},
                                   CopySourceIfMatch='"nope"')
        self.assertEqual(status, 412)
        code, _, _ = error_of(self, self.s3.copy_object, Bucket=self.bucket, Key="dst3",
                              CopySource={"Bucket": self.bucket, "Key": "missing"})
        self.assertEqual(code, "NoSuchKey")

    def test_odd_and_long_keys(self):
        keys = ["../../etc/passwd", "a b", "plus+sign", "per%cent", "ünïcödé/ключ", "x" * 1024,
                "y" * 700 + "/z", "dots/./..", "q?x=1&y#z"]
        for key in keys:
            self.s3.put_object(Bucket=self.bucket, Key=key, Body=key.encode())
            self.assertEqual(self.s3.get_object(Bucket=self.bucket, Key=key)["Body"].read(),
                             key.encode(), key[:40])
        code, _, _ = error_of(self, self.s3.put_object, Bucket=self.bucket, Key="k" * 1025,
                              Body=b"")
        self.assertEqual(code, "KeyTooLongError")
        for key in keys:
            self.s3.delete_object(Bucket=self.bucket, Key=key)
            self.assertEqual(error_of(self, self.s3.head_object, Bucket=self.bucket,
                                      Key=key)[1], 404)

    def test_presigned_urls(self):
        self.s3.put_object(Bucket=self.bucket, Key="presigned", Body=b"secret")
        for version in ("s3", "s3v4"):
            client = self.boto3_client(
                "s3", config=botocore.config.Config(signature_version=version))
            url = client.generate_presigned_url(
                "get_object", Params={"Bucket": self.bucket, "Key": "presigned"}, ExpiresIn=60)
            self.assertIn("Signature" if version == "s3" else "X-Amz-Signature", url)
            with urllib.request.urlopen(url, timeout=10) as resp:
                self.assertEqual(resp.read(), b"secret")
            url = client.generate_presigned_url(
                "put_object", Params={"Bucket": self.bucket, "Key": f"up-{version}"},
                ExpiresIn=60)
            request = urllib.request.Request(url, data=b"uploaded", method="PUT")
            with urllib.request.urlopen(request, timeout=10) as resp:
                self.assertEqual(resp.status, 200)
            self.assertEqual(self.s3.get_object(Bucket=self.bucket,
                                                Key=f"up-{version}")["Body"].read(), b"uploaded")

    def post_form(self, url, fields, filename, content):
        boundary = "----terrarium" + os.urandom(8).hex()
        body = b""
        for name, value in fields.items():
            body += (f"--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n"
                     f"{value}\r\n").encode()
        body += (f"--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; "
                 f"filename=\"{filename}\"\r\nContent-Type: text/plain\r\n\r\n").encode()
        body += content + f"\r\n--{boundary}--\r\n".encode()
        request = urllib.request.Request(url, data=body, method="POST", headers={
            "Content-Type": f"multipart/form-data; boundary={boundary}"})
        try:
            with urllib.request.urlopen(request, timeout=10) as resp:
                return resp.status, dict(resp.headers), resp.read()
        except urllib.error.HTTPError as e:
            return e.code, dict(e.headers), e.read()

    def test_post_object_with_policy(self):
        post = self.s3.generate_presigned_post(
            self.bucket, "uploads/${filename}",
            Fields={"success_action_status": "201", "x-amz-meta-who": "browser"},
            Conditions=[["starts-with", "$key", "uploads/"], ["content-length-range", 1, 100],
                        {"success_action_status": "201"}, {"x-amz-meta-who": "browser"}])
        status, headers, body = self.post_form(post["url"], post["fields"], "form.txt", b"from a form")
        self.assertEqual(status, 201, body)
        self.assertIn(b"<Key>uploads/form.txt</Key>", body)
        self.assertEqual(headers["ETag"], f'"{hashlib.md5(b"from a form").hexdigest()}"')
        got = self.s3.get_object(Bucket=self.bucket, Key="uploads/form.txt")
        self.assertEqual((got["Body"].read(), got["ContentType"], got["Metadata"]),
                         (b"from a form", "text/plain", {"who": "browser"}))
        status, _, body = self.post_form(post["url"], post["fields"], "big.txt", b"x" * 101)
        self.assertEqual(status, 403, body)
        self.assertIn(b"<Code>AccessDenied</Code>", body)
        plain = {"key": "plain-post"}
        status, _, _ = self.post_form(f"{self.endpoint}/{self.bucket}", plain, "p.txt", b"p")
        self.assertEqual(status, 204)
        self.assertEqual(self.s3.get_object(Bucket=self.bucket, Key="plain-post")["Body"].read(),
                         b"p")

    def test_virtual_hosted_addressing(self):
        status, headers, body = self.raw("PUT", "/vh-key", b"virtual",
                                         {"Host": f"{self.bucket}.s3.localhost:{self.port}"})
        self.assertEqual(status, 200, body)
        self.assertEqual(self.s3.get_object(Bucket=self.bucket, Key="vh-key")["Body"].read(),
                         b"virtual")


if __name__ == "__main__":
    unittest.main()
