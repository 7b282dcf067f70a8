"""S3 with the AWS SDK for JavaScript v3 (@aws-sdk/client-s3, from npm on first use): PutObject
(string, Buffer and stream bodies, with the SDK's default checksums and aws-chunked streaming),
GetObject, ListObjectsV2."""

import base64
import hashlib
import unittest
import zlib

from harness import ServerTestCase
from js_sdk_support import run_node_script

SCRIPT = r"""
const { S3Client, CreateBucketCommand, PutObjectCommand, GetObjectCommand,
        ListObjectsV2Command, HeadObjectCommand } = require("@aws-sdk/client-s3");
const { Readable } = require("stream");
const crypto = require("crypto");
(async () => {
  const s3 = new S3Client({ endpoint: process.env.ENDPOINT, region: "us-east-1",
    forcePathStyle: true, credentials: { accessKeyId: "test", secretAccessKey: "test" } });
  const out = {};
  await s3.send(new CreateBucketCommand({ Bucket: "js-sdk" }));
  const put = await s3.send(new PutObjectCommand({ Bucket: "js-sdk", Key: "hello.txt",
    Body: "hello from js", ContentType: "text/plain" }));
  out.putEtag = put.ETag; out.putCrc32 = put.ChecksumCRC32;
  const big = crypto.randomBytes(3 * 1024 * 1024 + 7);
  await s3.send(new PutObjectCommand({ Bucket: "js-sdk", Key: "buffer.bin", Body: big }));
  const streamed = crypto.randomBytes(200000);
  await s3.send(new PutObjectCommand({ Bucket: "js-sdk", Key: "stream.bin",
    Body: Readable.from([streamed.subarray(0, 100000), streamed.subarray(100000)]),
    ContentLength: streamed.length }));
  const got = await s3.send(new GetObjectCommand({ Bucket: "js-sdk", Key: "hello.txt" }));
  out.text = await got.Body.transformToString(); out.contentType = got.ContentType;
  const gotBig = Buffer.from(await (await s3.send(new GetObjectCommand({ Bucket: "js-sdk",
    Key: "buffer.bin" }))).Body.transformToByteArray());
  out.bufferSame = gotBig.equals(big);
  const gotStream = Buffer.from(await (await s3.send(new GetObjectCommand({ Bucket: "js-sdk",
    Key: "stream.bin" }))).Body.transformToByteArray());
  out.streamSame = gotStream.equals(streamed);
  const head = await s3.send(new HeadObjectCommand({ Bucket: "js-sdk", Key: "stream.bin" }));
  out.streamLength = head.ContentLength;
  const listed = await s3.send(new ListObjectsV2Command({ Bucket: "js-sdk" }));
  out.keys = listed.Contents.map((o) => o.Key);
  console.log(JSON.stringify(out));
})().catch((e) => { console.error(e); process.exit(1); });
"""


class S3JavaScriptSdkTest(ServerTestCase):

    def test_put_get_list_with_default_checksums(self):
        out = run_node_script(self, ["@aws-sdk/client-s3"], "s3.js", SCRIPT)
        crc32 = base64.b64encode(zlib.crc32(b"hello from js").to_bytes(4, "big")).decode()
        self.assertEqual(out["putEtag"], f'"{hashlib.md5(b"hello from js").hexdigest()}"')
        self.assertEqual(out["putCrc32"], crc32)
        self.assertEqual(out["text"], "hello from js")
        self.assertEqual(out["contentType"], "text/plain")
        self.assertTrue(out["bufferSame"])
        self.assertTrue(out["streamSame"])
        self.assertEqual(out["streamLength"], 200000)
        self.assertEqual(out["keys"], ["buffer.bin", "hello.txt", "stream.bin"])


if __name__ == "__main__":
    unittest.main()
