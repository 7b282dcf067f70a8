"""End-to-end harness: the real `terrarium serve` on a free port, driven by real clients.

Each test module starts its own server (so ctest can run modules in parallel), on a port chosen
by the kernel, with the default ephemeral store and its log in a temporary directory. A test class
fails if the server died under it, or if it does not stop cleanly (exit 0) on SIGTERM.

The binary comes from $TERRARIUM_BIN (ctest sets it); by hand:
    TERRARIUM_BIN=build/terrarium python3 -m unittest -v test_sts   (in tests/e2e)
"""

import http.client
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import unittest

import boto3
import botocore.auth
import botocore.awsrequest
import botocore.config
import botocore.credentials

HOST = "127.0.0.1"
START_TIMEOUT = 10.0  # seconds until /_terrarium/health must answer 200
STOP_TIMEOUT = 10.0  # seconds a signalled server has to exit
POLL_INTERVAL = 0.01
LOG_TAIL_LINES = 200

# Environment that would change how the server or the clients behave; tests set what they need.
_SCRUBBED_ENV = (
    "GATEWAY_LISTEN", "PERSISTENCE", "DATA_DIR", "AWS_PROFILE", "AWS_DEFAULT_PROFILE",
    "AWS_ENDPOINT_URL", "AWS_SESSION_TOKEN", "AWS_SECURITY_TOKEN", "AWS_REGION",
    "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_DEFAULT_REGION", "AWS_CA_BUNDLE",
    "HTTP_PROXY", "HTTPS_PROXY", "http_proxy", "https_proxy",
)


def terrarium_bin():
    path = os.environ.get("TERRARIUM_BIN")
    if not path:
        raise unittest.SkipTest("TERRARIUM_BIN is not set (ctest sets it to the built binary)")
    if not os.access(path, os.X_OK):
        raise RuntimeError(f"TERRARIUM_BIN={path} is not an executable")
    return path


def clean_env(**extra):
    env = {k: v for k, v in os.environ.items() if k not in _SCRUBBED_ENV}
    env.update(extra)
    return env


def free_port(host=HOST):
    """A port that was free a moment ago: bind to port 0, read it back, close."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind((host, 0))
        return s.getsockname()[1]


def http_get(host, port, path, timeout=2.0):
    """GET path; returns (status, {lower-case header: value}, body bytes)."""
    conn = http.client.HTTPConnection(host, port, timeout=timeout)
    try:
        conn.request("GET", path)
        resp = conn.getresponse()
        body = resp.read()
        return resp.status, {k.lower(): v for k, v in resp.getheaders()}, body
    finally:
        conn.close()


class Server:
    """One `terrarium serve` process with its own temporary directory and log file."""

    def __init__(self, args=None, env=None, host=HOST, port=None, listen_flags=True):
        """args, env: extra `serve` arguments and environment.

        host, port: where the server listens (port None: a free port, new on each attempt).
        listen_flags=False passes neither --host nor --port, for tests that set the address some
        other way (GATEWAY_LISTEN); `port` is then required.
        """
        if not listen_flags and port is None:
            raise ValueError("listen_flags=False needs the port the server will listen on")
        self.extra_args = list(args or [])
        self.extra_env = dict(env or {})
        self.host = host
        self.requested_port = port
        self.listen_flags = listen_flags
        self.port = port
        self.proc = None
        self.tmpdir = tempfile.mkdtemp(prefix="terrarium-e2e-")
        self.log_path = os.path.join(self.tmpdir, "server.log")
        self._log = None

    @property
    def endpoint(self):
        return f"http://{self.host}:{self.port}"

    def command(self):
        cmd = [terrarium_bin(), "serve"]
        if self.listen_flags:
            if self.host != HOST:
                cmd += ["--host", self.host]
            cmd += ["--port", str(self.port)]
        return cmd + ["--log-level", "info"] + self.extra_args

    def start(self, attempts=3):
        """Starts the server and waits for health; retries on a new port if the bind raced."""
        for attempt in range(attempts):
            if self.requested_port is None:
                self.port = free_port(self.host)
            self._log = open(self.log_path, "ab")
            self.proc = subprocess.Popen(
                self.command(), stdin=subprocess.DEVNULL, stdout=self._log,
                stderr=subprocess.STDOUT, cwd=self.tmpdir, env=clean_env(**self.extra_env))
            if self._wait_healthy():
                return self
            code = self.proc.poll()
            self._kill()
            # Exited early: perhaps another process took the port between our check and its bind.
            if code is None or self.requested_port is not None or attempt == attempts - 1:
                break
        what = (f"did not answer within {START_TIMEOUT:.0f} s" if code is None
                else f"exited with code {code} before answering")
        log = self.log_tail()
        self.cleanup()
        raise AssertionError(
            f"terrarium serve on {self.endpoint} {what} (GET /_terrarium/health must answer "
            f"200)\ncommand: {' '.join(self.command())}\n--- server log ---\n{log}")

    def _wait_healthy(self):
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                return False
            try:
                status, _, _ = http_get(self.host, self.port, "/_terrarium/health", timeout=1.0)
                # Alive after the answer: the 200 came from this process, not a port thief.
                if status == 200 and self.proc.poll() is None:
                    return True
            except OSError:
                pass
            time.sleep(POLL_INTERVAL)
        return False

    def alive(self):
        return self.proc is not None and self.proc.poll() is None

    def stop(self, sig=signal.SIGTERM):
        """Signals the server and waits; returns its exit code (None if it had to be killed)."""
        if self.proc is None:
            return None
        if self.proc.poll() is None:
            self.proc.send_signal(sig)
            try:
                self.proc.wait(timeout=STOP_TIMEOUT)
            except subprocess.TimeoutExpired:
                self._kill()
                return None
        self._close_log()
        return self.proc.returncode

    def _kill(self):
        if self.proc is not None and self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()
        self._close_log()

    def _close_log(self):
        if self._log is not None:
            self._log.close()
            self._log = None

    def log_text(self):
        try:
            with open(self.log_path, "rb") as f:
                return f.read().decode("utf-8", "replace")
        except FileNotFoundError:
            return ""

    def log_tail(self, lines=LOG_TAIL_LINES):
        text = self.log_text().splitlines()
        skipped = len(text) - lines
        head = [f"... ({skipped} earlier lines)"] if skipped > 0 else []
        return "\n".join(head + text[-lines:])

    def cleanup(self):
        self._kill()
        shutil.rmtree(self.tmpdir, ignore_errors=True)


def signed_headers(endpoint, service, method="POST", path="/", body=b"", headers=None,
                   access_key="test", region="us-east-1"):
    """The headers a real SDK would send: the given ones plus SigV4 (X-Amz-Date, Authorization)."""
    request = botocore.awsrequest.AWSRequest(
        method=method, url=endpoint + path, data=body, headers=dict(headers or {}))
    request.headers["Host"] = endpoint.split("://", 1)[1]
    credentials = botocore.credentials.Credentials(access_key, "test")
    botocore.auth.SigV4Auth(credentials, service, region).add_auth(request)
    return dict(request.headers.items())


def build_request(method, path, headers, body=b""):
    """Raw HTTP/1.1 request bytes; headers are sent exactly as given (no Content-Length added)."""
    lines = [f"{method} {path} HTTP/1.1"] + [f"{k}: {v}" for k, v in headers.items()]
    return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1") + body


class RawResult:
    """What a raw exchange got back: the bytes, and whether the server closed the connection."""

    def __init__(self, data, closed):
        self.data = data
        self.closed = closed

    def status(self):
        """The status code of the first status line, or None when nothing parseable came back."""
        first = self.data.split(b"\r\n", 1)[0].split(b" ")
        if len(first) >= 2 and first[0].startswith(b"HTTP/1.") and first[1].isdigit():
            return int(first[1])
        return None


def raw_exchange(port, data, timeout=5.0, read=True, host=HOST):
    """Sends bytes on a new connection; reads until the server closes it or `timeout` passes.

    With read=False the socket is closed right after sending (a client that gives up).
    A server that answers and closes while we are still sending is fine: what it sent is read.
    """
    sock = socket.create_connection((host, port), timeout=timeout)
    try:
        try:
            sock.sendall(data)
        except (BrokenPipeError, ConnectionResetError):
            pass
        if not read:
            return RawResult(b"", False)
        chunks = []
        deadline = time.monotonic() + timeout
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                return RawResult(b"".join(chunks), False)
            sock.settimeout(remaining)
            try:
                chunk = sock.recv(65536)
            except socket.timeout:
                return RawResult(b"".join(chunks), False)
            except ConnectionResetError:
                return RawResult(b"".join(chunks), True)
            if not chunk:
                return RawResult(b"".join(chunks), True)
            chunks.append(chunk)
    finally:
        sock.close()


class ResponseReader:
    """Reads HTTP/1.1 responses one at a time from a socket that stays open (keep-alive)."""

    def __init__(self, sock, timeout=5.0):
        self.sock = sock
        self.timeout = timeout
        self.buffer = b""
        self.status_line = None

    def _fill(self, deadline):
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise TimeoutError("no complete response before the deadline")
        self.sock.settimeout(remaining)
        chunk = self.sock.recv(65536)
        if not chunk:
            raise ConnectionError(f"connection closed; unparsed bytes: {self.buffer[:200]!r}")
        self.buffer += chunk

    def _take_until(self, marker, deadline):
        while marker not in self.buffer:
            self._fill(deadline)
        head, self.buffer = self.buffer.split(marker, 1)
        return head

    def _take(self, n, deadline):
        while len(self.buffer) < n:
            self._fill(deadline)
        data, self.buffer = self.buffer[:n], self.buffer[n:]
        return data

    def read_head(self):
        """(status, {lower-case header: value}) of the next response or interim (1xx) response."""
        deadline = time.monotonic() + self.timeout
        head = self._take_until(b"\r\n\r\n", deadline).decode("latin-1")
        self.status_line, *header_lines = head.split("\r\n")
        version, status = self.status_line.split(" ", 2)[:2]
        if not version.startswith("HTTP/1."):
            raise ValueError(f"not an HTTP/1.x status line: {self.status_line!r}")
        headers = {}
        for line in header_lines:
            name, _, value = line.partition(":")
            headers[name.strip().lower()] = value.strip()
        return int(status), headers

    def read_body(self, headers):
        deadline = time.monotonic() + self.timeout
        if headers.get("transfer-encoding", "").lower() == "chunked":
            body = b""
            while True:
                size = int(self._take_until(b"\r\n", deadline).split(b";")[0], 16)
                if size == 0:
                    self._take_until(b"\r\n", deadline)  # no trailers expected
                    return body
                body += self._take(size, deadline)
                self._take(2, deadline)
        return self._take(int(headers.get("content-length", "0")), deadline)

    def read_response(self):
        """(status, headers, body) of the next response; interim (1xx) responses are not skipped."""
        status, headers = self.read_head()
        return status, headers, self.read_body(headers)


class ServerTestCase(unittest.TestCase):
    """Base class: one server per test class, started in setUpClass, checked in tearDownClass."""

    server_args = []  # extra `terrarium serve` arguments for this class
    server_env = {}  # extra environment for the server

    server = None
    endpoint = None
    port = None

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.server = Server(args=cls.server_args, env=cls.server_env).start()
        cls.endpoint = cls.server.endpoint
        cls.port = cls.server.port

    @classmethod
    def tearDownClass(cls):
        server, cls.server = cls.server, None
        try:
            if server is None:
                return
            if not server.alive():
                code = server.proc.returncode
                raise AssertionError(f"terrarium died during the tests (exit code {code})\n"
                                     f"--- server log ---\n{server.log_tail()}")
            code = server.stop(signal.SIGTERM)
            if code != 0:
                what = "did not exit" if code is None else f"exited with {code}"
                raise AssertionError(
                    f"terrarium {what} within {STOP_TIMEOUT:.0f} s of SIGTERM (expected exit 0)"
                    f"\n--- server log ---\n{server.log_tail()}")
        finally:
            if server is not None:
                server.cleanup()
            super().tearDownClass()

    # Checks

    def assert_server_alive(self):
        """The process is running and GET /_terrarium/health answers 200."""
        if not self.server.alive():
            self.fail(f"terrarium died (exit code {self.server.proc.returncode})\n"
                      f"--- server log ---\n{self.server.log_tail()}")
        try:
            status, _, body = http_get(HOST, self.port, "/_terrarium/health")
        except OSError as e:
            self.fail(f"GET /_terrarium/health failed: {e!r}\n"
                      f"--- server log ---\n{self.server.log_tail()}")
        self.assertEqual(status, 200, body)

    # Clients

    @classmethod
    def boto3_client(cls, service, **kw):
        """A boto3 client for this server: us-east-1, keys test/test, no retries."""
        kw.setdefault("region_name", "us-east-1")
        kw.setdefault("aws_access_key_id", "test")
        kw.setdefault("aws_secret_access_key", "test")
        kw.setdefault("endpoint_url", cls.endpoint)
        # No retries (total attempts 1), so an error or a dropped connection surfaces as is.
        config = botocore.config.Config(retries={"total_max_attempts": 1, "mode": "standard"},
                                        connect_timeout=5, read_timeout=30)
        if "config" in kw:
            config = config.merge(kw["config"])
        kw["config"] = config
        return boto3.session.Session().client(service, **kw)

    @classmethod
    def aws(cls, *args, check=True, access_key="test", secret_key="test", region="us-east-1"):
        """Runs `aws --endpoint-url <server> --output json ARGS`.

        check=True: asserts exit 0 and returns the parsed JSON output (None if empty).
        check=False: returns the CompletedProcess.
        """
        missing = os.path.join(cls.server.tmpdir, "no-such-aws-config")
        env = clean_env(AWS_ACCESS_KEY_ID=access_key, AWS_SECRET_ACCESS_KEY=secret_key,
                        AWS_DEFAULT_REGION=region, AWS_CONFIG_FILE=missing,
                        AWS_SHARED_CREDENTIALS_FILE=missing, AWS_MAX_ATTEMPTS="1",
                        AWS_RETRY_MODE="standard", AWS_PAGER="", AWS_EC2_METADATA_DISABLED="true")
        cmd = ["aws", "--endpoint-url", cls.endpoint, "--output", "json", *args]
        proc = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=120)
        if not check:
            return proc
        if proc.returncode != 0:
            raise AssertionError(
                f"{' '.join(cmd)} exited with {proc.returncode}\nstdout: {proc.stdout}\n"
                f"stderr: {proc.stderr}\n--- server log ---\n{cls.server.log_tail()}")
        return json.loads(proc.stdout) if proc.stdout.strip() else None

    @classmethod
    def raw_request(cls, data, timeout=5.0):
        """Sends raw bytes on a new connection; returns everything read until close or timeout."""
        return raw_exchange(cls.port, data, timeout=timeout).data

    @classmethod
    def raw_exchange(cls, data, timeout=5.0, read=True):
        return raw_exchange(cls.port, data, timeout=timeout, read=read)

    @classmethod
    def signed_headers(cls, service, method="POST", path="/", body=b"", headers=None, **kw):
        return signed_headers(cls.endpoint, service, method, path, body, headers, **kw)

    @classmethod
    def connect(cls, timeout=5.0):
        """A plain socket to the server, for tests that speak HTTP by hand."""
        return socket.create_connection((HOST, cls.port), timeout=timeout)


def print_log_on_failure(server):
    """For tests that run their own Server: dumps its log to stderr."""
    sys.stderr.write(f"--- server log ({server.log_path}) ---\n{server.log_tail()}\n")
