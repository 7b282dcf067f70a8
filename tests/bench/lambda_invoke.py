#!/usr/bin/env python3
"""Lambda invoke speed: warm round trip, cold start, and 100 concurrent invokes.

Usage: lambda_invoke.py [--binary build/terrarium] [--warm N] [--concurrent N]

Starts its own `terrarium serve` on a free port (stopped by pid at the end), creates a trivial
python function (`return event`) and measures, on keep-alive connections with a SigV4-shaped
Authorization header (nothing is signed; Terrarium does not check signatures):
  - cold: the first Invoke of a new function (environment start included), the median of 5
    functions, next to the runtime's own start-up: `python3 -c "import http.client, json"`
    (what the bootstrap imports), median of 5;
  - warm: N sequential Invokes of the same function, p50/p90/p99 round trip, and the server's
    CPU per invoke (utime+stime of the server, /proc/PID/stat; the function's process is a
    child and not counted there) next to the function process's own CPU per invoke;
  - concurrent: N invokes at once, each on its own connection, of a function that sleeps
    50 ms: how many complete, and the wall time.
Prints one RESULT line of key=value pairs.
"""
import argparse
import base64
import http.client
import io
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import zipfile

AUTH = ("AWS4-HMAC-SHA256 Credential=test/20260101/us-east-1/lambda/aws4_request, "
        "SignedHeaders=host;x-amz-date, Signature=0000")
HEADERS = {"Authorization": AUTH, "X-Amz-Date": "20260101T000000Z",
           "Content-Type": "application/json"}


def cpu_seconds(pid):
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def children_cpu(pid):
    """CPU of the server's live child processes (the functions' environments)."""
    total = 0.0
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            total += (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    return total


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def zip_of(source):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as zf:
        zf.writestr("index.py", source)
    return base64.b64encode(buffer.getvalue()).decode()


class Client:
    def __init__(self, port):
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)

    def call(self, method, path, body):
        self.conn.request(method, path, body=json.dumps(body).encode(), headers=HEADERS)
        response = self.conn.getresponse()
        data = response.read()
        if response.status >= 300:
            raise RuntimeError(f"{method} {path}: {response.status} {data[:300]!r}")
        return data

    def create(self, name, source):
        self.call("POST", "/2015-03-31/functions", {
            "FunctionName": name, "Runtime": "python3.12", "Handler": "index.handler",
            "Role": "arn:aws:iam::000000000000:role/r", "Timeout": 30,
            "Code": {"ZipFile": zip_of(source)}})

    def invoke(self, name, payload):
        return self.call("POST", f"/2015-03-31/functions/{name}/invocations", payload)


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--binary", default="build/terrarium")
    parser.add_argument("--warm", type=int, default=1000)
    parser.add_argument("--concurrent", type=int, default=100)
    args = parser.parse_args()

    port = free_port()
    log = tempfile.TemporaryFile()
    server = subprocess.Popen([args.binary, "serve", "--port", str(port), "--log-level", "warn"],
                              stdout=log, stderr=log)
    try:
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                time.sleep(0.05)
        client = Client(port)
        result = {}

        python_start = []
        for _ in range(5):
            start = time.perf_counter()
            subprocess.run(["python3", "-c", "import http.client, json"], check=True)
            python_start.append((time.perf_counter() - start) * 1000)
        result["python_startup_ms"] = round(statistics.median(python_start), 1)
        cold = []
        for i in range(5):
            client.create(f"cold{i}", "def handler(event, context):\n    return event\n")
            start = time.perf_counter()
            client.invoke(f"cold{i}", {"n": i})
            cold.append((time.perf_counter() - start) * 1000)
        result["cold_invoke_ms"] = round(statistics.median(cold), 1)

        client.create("warm", "def handler(event, context):\n    return event\n")
        client.invoke("warm", {})
        for _ in range(50):
            client.invoke("warm", {"x": 1})
        server_cpu = cpu_seconds(server.pid)
        function_cpu = children_cpu(server.pid)
        times = []
        for i in range(args.warm):
            start = time.perf_counter()
            data = client.invoke("warm", {"i": i})
            times.append((time.perf_counter() - start) * 1000)
            if json.loads(data) != {"i": i}:
                raise RuntimeError(f"unexpected payload {data!r}")
        server_cpu = cpu_seconds(server.pid) - server_cpu
        function_cpu = children_cpu(server.pid) - function_cpu
        result["warm_invokes"] = args.warm
        result["warm_p50_ms"] = round(percentile(times, 0.5), 3)
        result["warm_p90_ms"] = round(percentile(times, 0.9), 3)
        result["warm_p99_ms"] = round(percentile(times, 0.99), 3)
        result["server_cpu_us_per_invoke"] = round(server_cpu / args.warm * 1e6, 1)
        result["function_cpu_us_per_invoke"] = round(function_cpu / args.warm * 1e6, 1)

        client.create("sleepy", "import time\ndef handler(event, context):\n"
                      "    time.sleep(0.05)\n    return event\n")
        done = []
        errors = []

        def one(i):
            try:
                data = Client(port).invoke("sleepy", {"i": i})
                if json.loads(data) == {"i": i}:
                    done.append(i)
                else:
                    errors.append(data[:200])
            except Exception as e:  # noqa: BLE001 - counted and printed
                errors.append(repr(e))

        threads = [threading.Thread(target=one, args=(i,)) for i in range(args.concurrent)]
        start = time.perf_counter()
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        result["concurrent"] = args.concurrent
        result["concurrent_completed"] = len(done)
        result["concurrent_wall_s"] = round(time.perf_counter() - start, 2)
        if errors:
            print("errors:", errors[:3], file=sys.stderr)
        print("RESULT " + " ".join(f"{k}={v}" for k, v in result.items()))
    finally:
        server.terminate()
        server.wait(timeout=30)


if __name__ == "__main__":
    main()
