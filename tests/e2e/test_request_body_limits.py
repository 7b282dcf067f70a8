"""Request bodies over their service's limit are refused early, with the service's own error,
before the body is read (issue 11): a declared Content-Length is answered at once (no 100
Continue, nothing of the body sent), a chunked body as soon as it passes the limit; the
connection closes after the answer and the server keeps serving."""

import json
import socket
import time
import unittest

from harness import HOST, ServerTestCase, build_request, raw_exchange, signed_headers

S3_MAX = 5 * 1024 ** 3


def split_response(data):
    head, _, body = data.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    headers = {}
    for line in lines[1:]:
        name, _, value = line.partition(":")
        headers[name.strip().lower()] = value.strip()
    return int(lines[0].split(" ")[1]), headers, body


class RequestBodyLimitTest(ServerTestCase):
    # The general cap, for services without a limit of their own, set small.
    server_args = ["--max-request-body", "4096"]

    def head_only(self, service, method, path, headers, length):
        """Sends only the head, declaring `length` bytes; returns (status, headers, body)."""
        headers = dict(signed_headers(self.endpoint, service, method, path, headers=headers))
        headers["Content-Length"] = str(length)
        result = raw_exchange(self.port, build_request(method, path, headers), timeout=5)
        self.assertTrue(result.closed, "the server should close the connection after refusing")
        self.assertIsNotNone(result.status(), result.data[:200])
        return split_response(result.data)

    def chunked(self, service, method, path, headers, total, chunk=256 * 1024):
        """Sends a chunked body of `total` bytes (stopping early if the server answers)."""
        headers = dict(signed_headers(self.endpoint, service, method, path, headers=headers))
        headers["Transfer-Encoding"] = "chunked"
        sock = socket.create_connection((HOST, self.port), timeout=10)
        try:
            sock.sendall(build_request(method, path, headers))
            sent = 0
            piece = b"%x\r\n" % chunk + b"a" * chunk + b"\r\n"
            try:
                while sent < total:
                    sock.sendall(piece)
                    sent += chunk
                sock.sendall(b"0\r\n\r\n")
            except (BrokenPipeError, ConnectionResetError):
                pass  # refused while sending: what it answered is still readable
            data = b""
            deadline = time.monotonic() + 10
            while time.monotonic() < deadline:
                try:
                    got = sock.recv(65536)
                except ConnectionResetError:
                    break
                if not got:
                    break
                data += got
            return split_response(data)
        finally:
            sock.close()

    def test_s3_put_object_over_5_gib(self):
        status, headers, body = self.head_only(
            "s3", "PUT", "/limits-bucket/big", {"x-amz-content-sha256": "UNSIGNED-PAYLOAD",
                                                "Expect": "100-continue"}, S3_MAX + 1)
        self.assertEqual(status, 400)  # not 100 Continue: refused before the body
        self.assertIn(b"<Code>EntityTooLarge</Code>", body)
        self.assertIn(b"<Message>Your proposed upload exceeds the maximum allowed size</Message>",
                      body)
        self.assertIn(b"<ProposedSize>5368709121</ProposedSize>", body)
        self.assertIn(b"<MaxSizeAllowed>5368709120</MaxSizeAllowed>", body)
        self.assertEqual(headers["content-type"], "application/xml")

    def test_s3_upload_part_over_5_gib_and_aws_chunked_declaring_it(self):
        status, _, body = self.head_only(
            "s3", "PUT", "/limits-bucket/big?partNumber=1&uploadId=x",
            {"x-amz-content-sha256": "UNSIGNED-PAYLOAD"}, 6 * 1024 ** 3)
        self.assertEqual(status, 400)
        self.assertIn(b"<Code>EntityTooLarge</Code>", body)
        # aws-chunked: the decoded length is the object's size.
        status, _, body = self.head_only(
            "s3", "PUT", "/limits-bucket/big",
            {"x-amz-content-sha256": "STREAMING-UNSIGNED-PAYLOAD-TRAILER",
             "Content-Encoding": "aws-chunked",
             "x-amz-decoded-content-length": str(S3_MAX + 1)}, 1024)
        self.assertEqual(status, 400)
        self.assertIn(b"<ProposedSize>5368709121</ProposedSize>", body)

    def test_dynamodb_over_16_mib(self):
        headers = {"X-Amz-Target": "DynamoDB_20120810.PutItem",
                   "Content-Type": "application/x-amz-json-1.0"}
        status, _, body = self.head_only("dynamodb", "POST", "/", headers, 16 * 1024 ** 2 + 1)
        self.assertEqual(status, 400)
        error = json.loads(body)
        self.assertTrue(error["__type"].endswith("#ValidationException"), error)
        self.assertIn("16777216", error["message"])
        status, _, body = self.chunked("dynamodb", "POST", "/", headers, 17 * 1024 ** 2)
        self.assertEqual(status, 400)
        self.assertTrue(json.loads(body)["__type"].endswith("#ValidationException"))

    def test_sqs_over_its_largest_request_both_protocols(self):
        json_headers = {"X-Amz-Target": "AmazonSQS.SendMessage",
                        "Content-Type": "application/x-amz-json-1.0"}
        status, _, body = self.head_only("sqs", "POST", "/", json_headers, 4 * 1024 ** 2)
        self.assertEqual(status, 400)
        error = json.loads(body)
        self.assertIn("InvalidParameterValue", error["__type"])
        self.assertIn("Message must be shorter than 1048576 bytes", error["message"])
        query_headers = {"Content-Type": "application/x-www-form-urlencoded; charset=utf-8"}
        status, _, body = self.chunked("sqs", "POST", "/", query_headers, 4 * 1024 ** 2)
        self.assertEqual(status, 400)
        self.assertIn(b"<Code>InvalidParameterValue</Code>", body)

    def test_lambda_invoke_over_6_mb_and_create_function_over_its_limit(self):
        path = "/2015-03-31/functions/limits-fn/invocations"
        status, headers, body = self.head_only("lambda", "POST", path, {}, 6291557)
        self.assertEqual(status, 413)
        self.assertEqual(headers["x-amzn-errortype"], "RequestTooLargeException")
        self.assertEqual(json.loads(body)["message"],
                         "Request must be smaller than 6291556 bytes for the InvokeFunction "
                         "operation")
        status, headers, _ = self.chunked("lambda", "POST", path, {}, 7 * 1024 ** 2)
        self.assertEqual(status, 413)
        self.assertEqual(headers["x-amzn-errortype"], "RequestTooLargeException")
        status, _, body = self.head_only("lambda", "POST", "/2015-03-31/functions",
                                         {"Content-Type": "application/json"}, 70167212)
        self.assertEqual(status, 413)
        self.assertIn("70167211 bytes for the CreateFunction operation",
                      json.loads(body)["message"])

    def test_general_cap_for_other_services(self):
        headers = {"Content-Type": "application/x-www-form-urlencoded; charset=utf-8"}
        status, _, body = self.head_only("sts", "POST", "/", headers, 4097)
        self.assertEqual(status, 413)
        self.assertIn(b"<Code>RequestEntityTooLarge</Code>", body)
        status, _, body = self.chunked("sts", "POST", "/", headers, 64 * 1024, chunk=1024)
        self.assertEqual(status, 413)
        self.assertIn(b"RequestEntityTooLarge", body)

    def test_bodies_within_their_limits_still_work(self):
        sqs = self.boto3_client("sqs")
        queue = sqs.create_queue(QueueName="limits-body")["QueueUrl"]
        sqs.send_message(QueueUrl=queue, MessageBody="x" * 200_000)
        got = sqs.receive_message(QueueUrl=queue)["Messages"][0]["Body"]
        self.assertEqual(len(got), 200_000)
        s3 = self.boto3_client("s3")
        s3.create_bucket(Bucket="limits-body")
        s3.put_object(Bucket="limits-body", Key="k", Body=b"y" * 100_000)
        self.assertEqual(len(s3.get_object(Bucket="limits-body", Key="k")["Body"].read()),
                         100_000)
        self.assert_server_alive()


if __name__ == "__main__":
    unittest.main()
