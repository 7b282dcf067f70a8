"""`terrarium serve` and `terrarium coverage` end to end: flags, environment, signals, the request
log, and the HTTP features clients rely on (keep-alive, 100-continue, chunked bodies)."""

import json
import os
import re
import shutil
import signal
import socket
import subprocess
import tempfile
import time
import unittest

from harness import (HOST, STOP_TIMEOUT, ResponseReader, Server, ServerTestCase, build_request,
                     free_port, http_get, print_log_on_failure, terrarium_bin)

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
COVERAGE_SERVICES = ("s3", "dynamodb", "dynamodbstreams", "sqs", "lambda", "iam", "sts",
                     "cloudformation")
STS_BODY = b"Action=GetCallerIdentity&Version=2011-06-15"
FORM = "application/x-www-form-urlencoded; charset=utf-8"
# "0.42ms", "12 ms", "ms=3"
MILLISECONDS = re.compile(r"(\d+(\.\d+)?\s*ms\b)|(\bms[=:]\s*\d)")


def refuses(host, port):
    """True when nothing listens on host:port."""
    try:
        with socket.create_connection((host, port), timeout=2):
            return False
    except ConnectionRefusedError:
        return True


class ServeFlagsTest(unittest.TestCase):
    """Each test runs its own server, configured by flags or environment."""

    def run_server(self, **kw):
        server = Server(**kw)
        self.addCleanup(server.cleanup)
        return server.start()

    def stop_cleanly(self, server, sig=signal.SIGTERM):
        code = server.stop(sig)
        if code != 0:
            print_log_on_failure(server)
        self.assertEqual(code, 0, f"exit code after {signal.Signals(sig).name} "
                                  f"(None: still running after {STOP_TIMEOUT:.0f} s)")

    def test_host_and_port(self):
        # All of 127/8 is loopback on Linux: 127.0.0.2 shows --host is used, not a default.
        port = free_port("127.0.0.2")
        server = self.run_server(host="127.0.0.2", port=port)
        self.assertEqual(server.port, port)
        status, _, _ = http_get("127.0.0.2", port, "/_terrarium/health")
        self.assertEqual(status, 200)
        self.assertTrue(refuses("127.0.0.1", port), "listening on 127.0.0.1 too")
        self.stop_cleanly(server)

    def test_explicit_default_host(self):
        port = free_port()
        server = self.run_server(args=["--host", HOST], port=port)
        status, _, _ = http_get(HOST, port, "/_terrarium/health")
        self.assertEqual(status, 200)
        self.stop_cleanly(server)

    def test_default_host_is_loopback_only(self):
        address = outward_address()
        if address is None:
            self.skipTest("no non-loopback IPv4 address on this machine")
        server = self.run_server()
        self.assertTrue(refuses(address, server.port),
                        f"reachable on {address}: the default host must be 127.0.0.1 only")
        self.stop_cleanly(server)

    def test_gateway_listen(self):
        port = free_port()
        server = self.run_server(env={"GATEWAY_LISTEN": f"{HOST}:{port}"}, port=port,
                                 listen_flags=False)
        self.assertNotIn("--port", server.command())
        status, _, _ = http_get(HOST, port, "/_terrarium/health")
        self.assertEqual(status, 200)
        self.stop_cleanly(server)

    def new_data_dir(self):
        """A path to a directory that does not exist yet, below a removed-at-cleanup temp dir."""
        parent = tempfile.mkdtemp(prefix="terrarium-e2e-data-")
        self.addCleanup(shutil.rmtree, parent, True)
        return os.path.join(parent, "nested", "state")

    def test_data_dir_is_created(self):
        data_dir = self.new_data_dir()
        server = self.run_server(args=["--data-dir", data_dir])
        self.assertTrue(os.path.isdir(data_dir))
        self.stop_cleanly(server)
        # Persistent state outlives the process.
        self.assertTrue(os.path.isdir(data_dir))

    def test_persistence_env(self):
        data_dir = self.new_data_dir()
        server = self.run_server(env={"PERSISTENCE": "1", "DATA_DIR": data_dir})
        self.assertTrue(os.path.isdir(data_dir))
        self.stop_cleanly(server)
        self.assertTrue(os.path.isdir(data_dir))

    def test_sigint_stops_cleanly(self):
        server = self.run_server()
        self.stop_cleanly(server, signal.SIGINT)
        self.assertTrue(refuses(HOST, server.port))

    def test_sigterm_stops_cleanly(self):
        server = self.run_server()
        self.stop_cleanly(server, signal.SIGTERM)
        self.assertTrue(refuses(HOST, server.port))

    def test_sigterm_with_idle_keep_alive_connection(self):
        # An idle client must not hold the shutdown up (the idle timeout is minutes long).
        server = self.run_server()
        with socket.create_connection((HOST, server.port), timeout=5) as sock:
            sock.sendall(build_request("GET", "/_terrarium/health", {"Host": "localhost"}))
            status, headers, _ = ResponseReader(sock).read_response()
            self.assertEqual(status, 200)
            self.assertNotEqual(headers.get("connection", "").lower(), "close")
            started = time.monotonic()
            self.stop_cleanly(server)
            self.assertLess(time.monotonic() - started, 5.0)
            sock.settimeout(5)
            self.assertEqual(sock.recv(1), b"", "the server did not close the idle connection")


def outward_address():
    """This machine's IPv4 address on its default route, or None. Sends nothing."""
    try:
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
            s.connect(("192.0.2.1", 9))  # TEST-NET-1: routing decides the source address
            address = s.getsockname()[0]
    except OSError:
        return None
    return None if address.startswith("127.") else address


class CoverageTest(unittest.TestCase):

    def test_coverage_lists_every_service(self):
        proc = subprocess.run([terrarium_bin(), "coverage"], capture_output=True, text=True,
                              timeout=30)
        self.assertEqual(proc.returncode, 0, proc.stderr)
        for service in COVERAGE_SERVICES:
            with self.subTest(service=service):
                # "sts 3/11", "sts: 3 / 11", "| sts | 3/11 |" ...; \b keeps dynamodb and
                # dynamodbstreams apart.
                match = re.search(rf"^[\s|]*{service}\b[^/\n]*?(\d+)\s*/\s*(\d+)", proc.stdout,
                                  re.MULTILINE)
                self.assertIsNotNone(match, f"no '{service} N/M' line in:\n{proc.stdout}")
                implemented, total = int(match.group(1)), int(match.group(2))
                self.assertEqual(total, model_operation_count(service))
                self.assertLessEqual(implemented, total)
                if service == "sts":
                    self.assertGreaterEqual(implemented, 3)


def model_operation_count(service):
    """Operations of the model as Terrarium compiles it: botocore's plus those its overrides add
    (S3's OPTIONS and POST object, which botocore does not model)."""
    models = os.path.join(REPO, "emulator", "models")
    with open(os.path.join(models, f"{service}.json")) as f:
        operations = set(json.load(f)["operations"])
    overrides = os.path.join(models, "overrides", f"{service}.json")
    if os.path.exists(overrides):
        with open(overrides) as f:
            operations |= set(json.load(f).get("modelPatch", {}).get("operations", {}))
    return len(operations)


class RequestHandlingTest(ServerTestCase):

    def sts_headers(self, body=STS_BODY, extra=None):
        headers = self.signed_headers("sts", body=body, headers={"Content-Type": FORM})
        headers.update(extra or {})
        return headers

    def assert_caller_identity(self, status, body):
        self.assertEqual(status, 200, body)
        self.assertIn(b"<Account>000000000000</Account>", body)

    def request_log_line(self, operation):
        """The last log line naming `operation`; the server may write it just after answering."""
        deadline = time.monotonic() + 5
        while True:
            lines = [line for line in self.server.log_text().splitlines() if operation in line]
            if lines:
                return lines[-1]
            if time.monotonic() > deadline:
                self.fail(f"no log line for {operation}:\n{self.server.log_tail()}")
            time.sleep(0.01)

    def test_request_log_line(self):
        self.aws("sts", "get-caller-identity")
        line = self.request_log_line("GetCallerIdentity")
        self.assertRegex(line, r"\bsts\b")
        self.assertRegex(line, r"\b200\b")
        self.assertRegex(line, MILLISECONDS, "no millisecond figure")

    def test_error_request_log_line(self):
        proc = self.aws("iam", "get-account-authorization-details", check=False)
        self.assertNotEqual(proc.returncode, 0)
        line = self.request_log_line("GetAccountAuthorizationDetails")
        self.assertRegex(line, r"\biam\b")
        self.assertRegex(line, r"\b501\b")
        self.assertRegex(line, MILLISECONDS, "no millisecond figure")

    def test_keep_alive(self):
        with self.connect() as sock:
            reader = ResponseReader(sock)
            sock.sendall(build_request("GET", "/_terrarium/health", {"Host": "localhost"}))
            status, headers, body = reader.read_response()
            self.assertEqual(status, 200, body)
            self.assertNotEqual(headers.get("connection", "").lower(), "close")
            sock.sendall(build_request("POST", "/", {
                **self.sts_headers(), "Content-Length": str(len(STS_BODY))}, STS_BODY))
            status, headers, body = reader.read_response()
            self.assert_caller_identity(status, body)
            # And a third on the same connection, to be sure it was not closed after the second.
            sock.sendall(build_request("GET", "/_localstack/health", {"Host": "localhost"}))
            status, _, body = reader.read_response()
            self.assertEqual(status, 200, body)

    def test_pipelined_requests(self):
        request = build_request("POST", "/", {
            **self.sts_headers(), "Content-Length": str(len(STS_BODY))}, STS_BODY)
        with self.connect() as sock:
            reader = ResponseReader(sock)
            sock.sendall(request * 3)
            ids = set()
            for _ in range(3):
                status, headers, body = reader.read_response()
                self.assert_caller_identity(status, body)
                ids.add(headers.get("x-amzn-requestid"))
            self.assertEqual(len(ids), 3)

    def test_expect_100_continue(self):
        headers = self.sts_headers(extra={"Expect": "100-continue",
                                          "Content-Length": str(len(STS_BODY))})
        with self.connect() as sock:
            reader = ResponseReader(sock)
            sock.sendall(build_request("POST", "/", headers))
            # The body is not sent until the server asks for it, as the aws CLI does.
            status, _ = reader.read_head()
            self.assertEqual(reader.status_line, "HTTP/1.1 100 Continue")
            sock.sendall(STS_BODY)
            status, _, body = reader.read_response()
            self.assert_caller_identity(status, body)

    def test_chunked_request_body(self):
        headers = self.sts_headers(extra={"Transfer-Encoding": "chunked"})
        half = len(STS_BODY) // 2
        chunks = [STS_BODY[:half], STS_BODY[half:]]
        body = b"".join(b"%x\r\n%s\r\n" % (len(c), c) for c in chunks) + b"0\r\n\r\n"
        with self.connect() as sock:
            reader = ResponseReader(sock)
            sock.sendall(build_request("POST", "/", headers, body))
            status, _, body = reader.read_response()
            self.assert_caller_identity(status, body)

    def test_chunked_body_sent_in_pieces(self):
        headers = self.sts_headers(extra={"Transfer-Encoding": "chunked"})
        with self.connect() as sock:
            reader = ResponseReader(sock)
            sock.sendall(build_request("POST", "/", headers))
            for i in range(0, len(STS_BODY), 7):
                piece = STS_BODY[i:i + 7]
                sock.sendall(b"%x\r\n%s\r\n" % (len(piece), piece))
            sock.sendall(b"0\r\n\r\n")
            status, _, body = reader.read_response()
            self.assert_caller_identity(status, body)

    def test_body_spooled_to_disk(self):
        padding = b"x" * (9 << 20)  # beyond the in-memory body limit
        body = STS_BODY + b"&Padding=" + padding
        headers = self.sts_headers(body=body, extra={"Content-Length": str(len(body))})
        with self.connect(timeout=30) as sock:
            reader = ResponseReader(sock, timeout=30)
            sock.sendall(build_request("POST", "/", headers, body))
            status, _, answer = reader.read_response()
        self.assertLess(status, 500, answer[:300])
        if status == 200:
            self.assert_caller_identity(status, answer)


if __name__ == "__main__":
    unittest.main()
