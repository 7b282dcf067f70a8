"""Errors end to end: unimplemented operations, protocol errors, and malformed HTTP.

The server must answer each malformed request with an HTTP error (or drop the connection) and
keep serving: after every case the health endpoint and STS still answer.
"""

import http.client
import json
import random
import socket
import struct
import unittest

from botocore.exceptions import ClientError

from harness import HOST, ServerTestCase, build_request, http_get

SERVICES = ("s3", "dynamodb", "sqs", "lambda", "iam", "sts", "cloudformation")



def tls_client_hello(server_name=b"localhost"):
    """A TLS 1.2 ClientHello with SNI, as a client that mistook the port for HTTPS sends it."""
    sni = struct.pack("!BH", 0, len(server_name)) + server_name
    sni = struct.pack("!HH", 0, len(sni) + 2) + struct.pack("!H", len(sni)) + sni
    ciphers = bytes.fromhex("c02bc02fc02cc030cca9cca8c013c014009c009d002f0035")
    hello = (b"\x03\x03" + bytes(range(32)) + b"\x00"
             + struct.pack("!H", len(ciphers)) + ciphers + b"\x01\x00"
             + struct.pack("!H", len(sni)) + sni)
    handshake = b"\x01" + struct.pack("!I", len(hello))[1:] + hello
    return b"\x16\x03\x01" + struct.pack("!H", len(handshake)) + handshake


TLS_CLIENT_HELLO = tls_client_hello()


class UnimplementedOperationTest(ServerTestCase):
    """Operations that are in the models but have no handler answer 501 NotImplemented.

    These operations were picked as unlikely to be implemented soon, one per protocol; when one
    lands, swap it for another unimplemented operation of the same protocol.
    """

    def assert_not_implemented(self, service, operation, call):
        with self.assertRaises(ClientError) as ctx:
            call(self.boto3_client(service))
        err = ctx.exception.response
        self.assertEqual(err["Error"]["Code"], "NotImplemented", err)
        self.assertEqual(err["ResponseMetadata"]["HTTPStatusCode"], 501, err)
        self.assertIn(operation, err["Error"]["Message"])
        self.assertTrue(err["ResponseMetadata"].get("RequestId"), err["ResponseMetadata"])

    def test_query_iam(self):
        self.assert_not_implemented("iam", "GetAccountAuthorizationDetails",
                                    lambda c: c.get_account_authorization_details())

    def test_query_cloudformation(self):
        self.assert_not_implemented("cloudformation", "ListStackSets",
                                    lambda c: c.list_stack_sets())

    def test_json_dynamodb(self):
        self.assert_not_implemented("dynamodb", "ListImports", lambda c: c.list_imports())

    def test_rest_json_lambda(self):
        self.assert_not_implemented("lambda", "ListCodeSigningConfigs",
                                    lambda c: c.list_code_signing_configs())

    def test_rest_xml_s3(self):
        self.assert_not_implemented(
            "s3", "ListBucketAnalyticsConfigurations",
            lambda c: c.list_bucket_analytics_configurations(Bucket="some-bucket"))

    def test_cli_shows_the_error(self):
        proc = self.aws("iam", "get-account-authorization-details", check=False)
        self.assertNotEqual(proc.returncode, 0)
        self.assertIn("NotImplemented", proc.stderr)
        self.assertIn("GetAccountAuthorizationDetails", proc.stderr)


class JsonProtocolErrorTest(ServerTestCase):
    """DynamoDB (JSON 1.0) protocol errors, sent as an SDK would but with bad content."""

    def post_dynamodb(self, target, body):
        headers = self.signed_headers("dynamodb", body=body, headers={
            "Content-Type": "application/x-amz-json-1.0",
            "X-Amz-Target": target,
        })
        conn = http.client.HTTPConnection(HOST, self.port, timeout=5)
        try:
            conn.request("POST", "/", body=body, headers=headers)
            resp = conn.getresponse()
            payload = resp.read()
        finally:
            conn.close()
        self.assertTrue(resp.getheader("x-amzn-RequestId"), resp.getheaders())
        return resp.status, json.loads(payload)

    def test_unknown_operation(self):
        status, doc = self.post_dynamodb("DynamoDB_20120810.NoSuchOp", b"{}")
        self.assertEqual(status, 400, doc)
        self.assertTrue(doc["__type"].endswith("UnknownOperationException"), doc)

    def test_invalid_json_body(self):
        status, doc = self.post_dynamodb("DynamoDB_20120810.ListTables", b'{"Limit": ')
        self.assertEqual(status, 400, doc)
        self.assertTrue(doc["__type"].endswith("SerializationException"), doc)

    def test_body_not_an_object(self):
        status, doc = self.post_dynamodb("DynamoDB_20120810.ListTables", b"[1, 2]")
        self.assertEqual(status, 400, doc)
        self.assertTrue(doc["__type"].endswith("SerializationException"), doc)


class HealthTest(ServerTestCase):

    def check_health(self, path):
        status, headers, body = http_get(HOST, self.port, path)
        self.assertEqual(status, 200, body)
        self.assertIn("json", headers.get("content-type", ""))
        doc = json.loads(body)
        for service in SERVICES:
            self.assertIn(doc["services"].get(service), ("running", "available"),
                          f"{service} in {doc}")
        self.assertIsInstance(doc["version"], str)
        self.assertTrue(doc["version"])
        return doc

    def test_terrarium_health(self):
        self.check_health("/_terrarium/health")

    def test_localstack_health(self):
        self.check_health("/_localstack/health")

    def test_used_service_is_running(self):
        self.boto3_client("sts").get_caller_identity()
        doc = self.check_health("/_terrarium/health")
        self.assertEqual(doc["services"]["sts"], "running")


class MalformedRequestTest(ServerTestCase):
    """A run of malformed requests; the server must survive each and keep serving."""

    def assert_still_serving(self):
        self.assert_server_alive()
        out = self.boto3_client("sts").get_caller_identity()
        self.assertEqual(out["Account"], "000000000000")

    def assert_http_error_or_nothing(self, result, what):
        """If the server answered at all, it answered with a 4xx status line."""
        if result.data:
            status = result.status()
            self.assertIsNotNone(status, f"{what}: not an HTTP response: {result.data[:200]!r}")
            self.assertTrue(400 <= status < 500, f"{what}: {result.data[:200]!r}")

    def test_random_bytes(self):
        rng = random.Random(20240601)
        for size in (1, 16, 100, 1000, 10000, 100000):
            for round_ in range(3):
                data = bytes(rng.getrandbits(8) for _ in range(size))
                with self.subTest(size=size, round=round_):
                    result = self.raw_exchange(data, timeout=2.0)
                    what = f"{size} random bytes"
                    if 16 <= size <= 1000:
                        # Certainly not HTTP, and small enough that the answer cannot be lost
                        # to a reset for unread data: a 400 and a closed connection.
                        self.assertEqual(result.status(), 400, f"{what}: {result.data[:200]!r}")
                        self.assertTrue(result.closed, f"{what}: connection left open")
                    else:
                        # One byte may be the start of a method: waiting for more is right.
                        self.assert_http_error_or_nothing(result, what)
                    self.assert_still_serving()
        self.assert_still_serving()

    def test_truncated_requests(self):
        cases = {
            "headers cut mid-line": b"POST / HTTP/1.1\r\nHost: localhost\r\nContent-Ty",
            "request line cut": b"GET /_terrarium/hea",
            "body shorter than Content-Length": build_request("POST", "/", {
                "Host": "localhost",
                "Content-Type": "application/x-www-form-urlencoded",
                "Content-Length": "1000",
            }, b"Action=GetCallerIdentity&Version=2011-06-15"),
            "chunked body cut": build_request("POST", "/", {
                "Host": "localhost",
                "Content-Type": "application/x-www-form-urlencoded",
                "Transfer-Encoding": "chunked",
            }, b"100\r\nAction=Get"),
        }
        for name, data in cases.items():
            with self.subTest(name):
                self.raw_exchange(data, read=False)
                self.assert_still_serving()
        self.assert_still_serving()

    def test_truncated_request_then_half_close(self):
        data = build_request("POST", "/", {"Host": "localhost", "Content-Length": "1000"}, b"x")
        sock = self.connect()
        try:
            sock.sendall(data)
            sock.shutdown(socket.SHUT_WR)  # the client has nothing more to send
            chunks = []
            while True:
                chunk = sock.recv(65536)
                if not chunk:
                    break
                chunks.append(chunk)
        finally:
            sock.close()
        answer = b"".join(chunks)
        if answer:
            self.assertRegex(answer[:12], rb"^HTTP/1\.1 4\d\d", answer[:200])
        self.assert_still_serving()

    def test_one_megabyte_header(self):
        data = build_request("GET", "/_terrarium/health", {
            "Host": "localhost",
            "X-Big": "a" * (1024 * 1024),
        })
        result = self.raw_exchange(data, timeout=5.0)
        self.assertTrue(result.closed, "the connection stayed open")
        # Nothing at all is tolerated: the reset for the unread megabyte may discard the answer.
        if result.data:
            self.assertEqual(result.status(), 431, result.data[:200])
        self.assert_still_serving()

    def test_many_headers(self):
        headers = {"Host": "localhost"}
        headers.update({f"X-H{i}": "v" * 100 for i in range(5000)})
        result = self.raw_exchange(build_request("GET", "/_terrarium/health", headers))
        self.assertTrue(result.closed, "the connection stayed open")
        if result.data:
            self.assertEqual(result.status(), 431, result.data[:200])
        self.assert_still_serving()

    def test_garbage_request_lines(self):
        cases = [
            b"HELLO\r\n\r\n",
            b"GET\r\n\r\n",
            b"GET / HTTX/1.1\r\nHost: localhost\r\n\r\n",
            b"GET / HTTP/1.1.1\r\nHost: localhost\r\n\r\n",
            b"G(T / HTTP/1.1\r\nHost: localhost\r\n\r\n",
            b"GET /\x00 HTTP/1.1\r\nHost: localhost\r\n\r\n",
            b"GET / HTTP/1.1\r\nNo colon here\r\n\r\n",
            b"GET / HTTP/1.1\r\nBad Name: x\r\n\r\n",
            b"GET / HTTP/1.1\r\nHost: localhost\r\nContent-Length: abc\r\n\r\n",
            b"GET / HTTP/1.1\r\nHost: localhost\r\nContent-Length: -1\r\n\r\n",
            b"POST / HTTP/1.1\r\nHost: localhost\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\n",
            b"POST / HTTP/1.1\r\nHost: localhost\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n",
            b"\x00\x01\x02\x03 / HTTP/1.1\r\n\r\n",
        ]
        for data in cases:
            with self.subTest(data=data):
                result = self.raw_exchange(data)
                self.assertEqual(result.status(), 400, result.data[:300])
                self.assertTrue(result.closed, "the connection stayed open after a 400")
                self.assert_still_serving()
        self.assert_still_serving()

    def test_bare_crlfs(self):
        # RFC 9112 lets a server skip empty lines before a request line, so waiting is fine too.
        result = self.raw_exchange(b"\r\n\r\n", timeout=1.0)
        self.assert_http_error_or_nothing(result, "bare CRLFs")
        self.assert_still_serving()

    def test_tls_client_hello(self):
        result = self.raw_exchange(TLS_CLIENT_HELLO, timeout=2.0)
        self.assert_http_error_or_nothing(result, "TLS ClientHello")
        self.assert_still_serving()

    def test_many_connections_opened_and_dropped(self):
        for _ in range(50):
            self.raw_exchange(b"", read=False)
        self.raw_exchange(b"GET / HTTP/1.1\r\n", read=False)
        self.assert_still_serving()

    def test_zz_cli_still_works_at_the_end(self):
        # Named to sort last: unittest runs a class's methods in name order.
        for data in (b"\xff" * 100, b"GET / HTTP/1.1\r\nX: " + b"a" * 100000, TLS_CLIENT_HELLO):
            self.raw_exchange(data, timeout=1.0)
        self.assert_server_alive()
        out = self.aws("sts", "get-caller-identity")
        self.assertEqual(out["Account"], "000000000000")


if __name__ == "__main__":
    unittest.main()
