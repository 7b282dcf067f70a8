"""Hostile connection patterns (issue 11): 10,000 idle connections and slow-loris clients (a header
byte at a time) must not starve real requests. Each connection is one coroutine on the server, so
the real requests must be answered while all of them are open.

File descriptors: the client and the server each hold one per connection; the test raises its
soft RLIMIT_NOFILE to the hard limit (the server inherits it) and uses min(10,000, limit - 500)
connections, printing the number it used."""

import resource
import socket
import threading
import time
import unittest

from harness import HOST, ServerTestCase, http_get

WANTED = 10_000
SLOW_LORIS = 100


def raise_fd_limit():
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if hard != resource.RLIM_INFINITY and soft < hard:
        resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
    return resource.getrlimit(resource.RLIMIT_NOFILE)[0]


class HostileConnectionsTest(ServerTestCase):
    @classmethod
    def setUpClass(cls):
        cls.fd_limit = raise_fd_limit()  # before the server starts, so it inherits the limit
        super().setUpClass()
        cls.sqs = cls.boto3_client("sqs")

    def open_idle(self, count):
        sockets = []
        try:
            for _ in range(count):
                sockets.append(socket.create_connection((HOST, self.port), timeout=10))
        except OSError:
            for s in sockets:
                s.close()
            raise
        return sockets

    def assert_real_requests_served(self, what):
        started = time.monotonic()
        url = self.sqs.create_queue(QueueName=f"real-{what}")["QueueUrl"]
        self.sqs.send_message(QueueUrl=url, MessageBody="still here")
        got = self.sqs.receive_message(QueueUrl=url)["Messages"][0]["Body"]
        self.assertEqual(got, "still here")
        status, _, _ = http_get(HOST, self.port, "/_terrarium/health", timeout=5)
        self.assertEqual(status, 200)
        elapsed = time.monotonic() - started
        self.assertLess(elapsed, 5.0, f"real requests took {elapsed:.1f} s beside {what}")

    def test_ten_thousand_idle_connections(self):
        count = min(WANTED, self.fd_limit - 500)
        print(f"\n  idle connections: {count} (RLIMIT_NOFILE {self.fd_limit})")
        self.assertGreaterEqual(count, 1000, "the file descriptor limit is too low for this test")
        sockets = self.open_idle(count)
        try:
            # Half of them have sent part of a request line: the server is waiting on each.
            for s in sockets[::2]:
                s.sendall(b"GET /_terrarium/hea")
            self.assert_real_requests_served(f"{count}-idle")
        finally:
            for s in sockets:
                s.close()
        self.assert_real_requests_served("after-idle")

    def test_slow_loris_clients(self):
        request = b"GET /_terrarium/health HTTP/1.1\r\nHost: localhost\r\nX-Slow: "
        sockets = self.open_idle(SLOW_LORIS)
        stop = threading.Event()

        def trickle():
            # One byte per socket every 100 ms, never finishing the header block.
            at = 0
            while not stop.is_set():
                for s in sockets:
                    try:
                        s.sendall(request[at % len(request):at % len(request) + 1]
                                  if at < len(request) else b"a")
                    except OSError:
                        pass
                at += 1
                stop.wait(0.1)

        thread = threading.Thread(target=trickle, daemon=True)
        thread.start()
        try:
            time.sleep(1.0)  # let every slow client get part-way through its header
            for round_ in range(3):
                self.assert_real_requests_served(f"slow-loris-{round_}")
        finally:
            stop.set()
            thread.join()
            for s in sockets:
                s.close()


if __name__ == "__main__":
    unittest.main()
