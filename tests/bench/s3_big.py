#!/usr/bin/env python3
"""Server CPU of 64 MiB S3 PUTs and GETs, per transfer, in nanoseconds (by hand, not a ctest test).

    tests/bench/s3_big.py BINARY [BINARY...] [--reps N] [--mib M] [--chunked]

Starts each binary in turn (`serve --port P`, ephemeral store), creates a bucket, then PUTs and
GETs an M MiB object (default 64) N times (default 5), alternating the binaries round by round.
Server CPU is the sum of /proc/PID/task/*/schedstat run times over the transfer (exact to the
nanosecond, unlike the 10 ms ticks of /proc/PID/stat); the client is Python's http.client
streaming from a file. --chunked sends the PUT body aws-chunked (64 KiB chunks, unsigned, CRC32
trailer) as the SDKs do. Prints the median and the spread per binary.
"""
import argparse
import base64
import hashlib
import http.client
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import zlib

AUTH = ("AWS4-HMAC-SHA256 Credential=test/20260101/us-east-1/s3/aws4_request, "
        "SignedHeaders=host, Signature=0")


def server_cpu_ns(pid):
    total = 0
    for task in os.listdir(f"/proc/{pid}/task"):
        try:
            with open(f"/proc/{pid}/task/{task}/schedstat") as f:
                total += int(f.read().split()[0])
        except OSError:
            pass
    return total


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def request(port, method, path, body=None, headers=None):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=300)
    conn.request(method, path, body=body, headers={"Authorization": AUTH, **(headers or {})})
    resp = conn.getresponse()
    size = 0
    while True:
        chunk = resp.read(1 << 20)
        if not chunk:
            break
        size += len(chunk)
    conn.close()
    return resp.status, size


def chunked(data, chunk=65536):
    parts = []
    for i in range(0, len(data), chunk):
        piece = data[i:i + chunk]
        parts.append(f"{len(piece):x}\r\n".encode() + piece + b"\r\n")
    crc = base64.b64encode(zlib.crc32(data).to_bytes(4, "big")).decode()
    parts.append(f"0\r\nx-amz-checksum-crc32:{crc}\r\n\r\n".encode())
    return b"".join(parts)


class Server:
    def __init__(self, binary):
        self.port = free_port()
        self.proc = subprocess.Popen([binary, "serve", "--port", str(self.port),
                                      "--log-level", "warn"],
                                     stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        for _ in range(200):
            try:
                if request(self.port, "GET", "/_terrarium/health")[0] == 200:
                    break
            except OSError:
                time.sleep(0.05)
        assert request(self.port, "PUT", "/bench")[0] == 200

    def settle(self):
        for _ in range(100):
            a = server_cpu_ns(self.proc.pid)
            time.sleep(0.2)
            if server_cpu_ns(self.proc.pid) - a < 2_000_000:
                return

    def measured(self, *args, **kwargs):
        self.settle()
        before = server_cpu_ns(self.proc.pid)
        status, size = request(self.port, *args, **kwargs)
        return server_cpu_ns(self.proc.pid) - before, status, size


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("binaries", nargs="+")
    parser.add_argument("--reps", type=int, default=5)
    parser.add_argument("--mib", type=int, default=64)
    parser.add_argument("--chunked", action="store_true")
    args = parser.parse_args()
    size = args.mib << 20
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "big.bin")
        with open(path, "wb") as f:
            f.write(os.urandom(size))
        with open(path, "rb") as f:
            data = f.read()
        etag = f'"{hashlib.md5(data).hexdigest()}"'
        body = chunked(data) if args.chunked else None
        headers = {"Content-Type": "application/octet-stream"}
        if args.chunked:
            headers.update({"Content-Encoding": "aws-chunked",
                            "x-amz-content-sha256": "STREAMING-UNSIGNED-PAYLOAD-TRAILER",
                            "x-amz-decoded-content-length": str(size),
                            "x-amz-trailer": "x-amz-checksum-crc32",
                            "x-amz-sdk-checksum-algorithm": "CRC32"})
        servers = [Server(b) for b in args.binaries]
        results = {b: {"PUT": [], "GET": []} for b in args.binaries}
        try:
            for rep in range(args.reps):
                for binary, server in zip(args.binaries, servers):
                    key = f"/bench/big{rep}"
                    if body is not None:
                        cpu, status, _ = server.measured("PUT", key, body=body, headers=headers)
                    else:
                        with open(path, "rb") as f:
                            cpu, status, _ = server.measured(
                                "PUT", key, body=f, headers={**headers, "Content-Length": str(size)})
                    assert status == 200, (binary, status)
                    results[binary]["PUT"].append(cpu)
                    cpu, status, got = server.measured("GET", key)
                    assert status == 200 and got == size, (binary, status, got)
                    results[binary]["GET"].append(cpu)
        finally:
            for server in servers:
                server.proc.terminate()
                server.proc.wait()
    print(f"| binary | {args.mib} MiB{' aws-chunked' if args.chunked else ''} | "
          "server CPU per transfer, median (min-max) | MB per CPU-second |")
    print("|---|---|---|---|")
    for binary in args.binaries:
        for op in ("PUT", "GET"):
            values = [v / 1e6 for v in results[binary][op]]
            median = statistics.median(values)
            print(f"| {binary} | {op} | {median:.1f} ms ({min(values):.1f}-{max(values):.1f}) | "
                  f"{size / 1e6 / (median / 1e3):.0f} |")
    _ = etag


if __name__ == "__main__":
    sys.exit(main())
