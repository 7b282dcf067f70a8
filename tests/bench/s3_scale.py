#!/usr/bin/env python3
"""S3 scale figures for a running Terrarium: the server CPU of one ListObjectsV2 page (1000 keys)
as the bucket grows to 100,000 keys, and of a 1 KiB GET and PUT as objects and buckets
accumulate. Server CPU is read from /proc/PID/task/*/schedstat (nanoseconds, all threads), so
the client's own cost (Python) does not count. Prints a markdown table.

usage: s3_scale.py ENDPOINT PID [--keys 100000] [--buckets 1000] [--pages 200] [--ops 2000]
"""

import argparse
import glob
import http.client
import random
import statistics
import urllib.parse

AUTH = ("AWS4-HMAC-SHA256 Credential=test/20260101/us-east-1/s3/aws4_request, "
        "SignedHeaders=host;x-amz-date, Signature=0000")
HEADERS = {"Authorization": AUTH, "X-Amz-Date": "20260101T000000Z"}
BODY_1K = b"x" * 1024


def server_cpu_ns(pid):
    total = 0
    for path in glob.glob(f"/proc/{pid}/task/*/schedstat"):
        try:
            with open(path) as f:
                total += int(f.read().split()[0])
        except OSError:
            pass  # a thread that ended meanwhile
    return total


class Client:
    def __init__(self, endpoint):
        parts = urllib.parse.urlsplit(endpoint)
        self.conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=60)

    def call(self, method, path, body=None, expect=200):
        self.conn.request(method, path, body=body, headers=HEADERS)
        resp = self.conn.getresponse()
        data = resp.read()
        if resp.status != expect:
            raise RuntimeError(f"{method} {path}: {resp.status} {data[:300]!r}")
        return data


def key_name(i):
    return f"k/{i:08d}"


def fill(client, bucket, start, stop):
    for i in range(start, stop):
        client.call("PUT", f"/{bucket}/{key_name(i)}", BODY_1K)


def per_request_us(pid, requests):
    """Runs the callables in `requests`; returns the median of 5 batches' server µs/request."""
    batches = []
    size = max(1, len(requests) // 5)
    for b in range(0, len(requests), size):
        before = server_cpu_ns(pid)
        for request in requests[b:b + size]:
            request()
        batches.append((server_cpu_ns(pid) - before) / 1000 / len(requests[b:b + size]))
    return statistics.median(batches)


def page_cost(client, pid, bucket, keys, pages):
    def page(after):
        return lambda: client.call(
            "GET", f"/{bucket}?list-type=2&max-keys=1000&start-after={urllib.parse.quote(after)}")
    starts = [key_name(random.randrange(max(1, keys - 1000))) for _ in range(pages)]
    return per_request_us(pid, [page(s) for s in starts])


def small_ops_cost(client, pid, bucket, keys, ops, tag):
    gets = [lambda i=i: client.call("GET", f"/{bucket}/{key_name(random.randrange(keys))}")
            for i in range(ops)]
    puts = [lambda i=i: client.call("PUT", f"/{bucket}/new-{tag}/{i}", BODY_1K)
            for i in range(ops)]
    return per_request_us(pid, gets), per_request_us(pid, puts)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("endpoint")
    parser.add_argument("pid", type=int)
    parser.add_argument("--keys", type=int, default=100000)
    parser.add_argument("--buckets", type=int, default=1000)
    parser.add_argument("--pages", type=int, default=200)
    parser.add_argument("--ops", type=int, default=2000)
    args = parser.parse_args()
    random.seed(7)
    client = Client(args.endpoint)
    bucket = f"scale{random.randrange(1 << 30)}"
    client.call("PUT", f"/{bucket}")
    rows = []
    filled = 0
    for keys in (1000, 10000, args.keys):
        fill(client, bucket, filled, keys)
        filled = keys
        page = page_cost(client, args.pid, bucket, keys, args.pages)
        get, put = small_ops_cost(client, args.pid, bucket, keys, args.ops, f"{keys}")
        rows.append((f"{keys:,} keys, 1 bucket", page, get, put))
    for i in range(args.buckets):
        client.call("PUT", f"/{bucket}-b{i}")
    get, put = small_ops_cost(client, args.pid, bucket, args.keys, args.ops, "buckets")
    page = page_cost(client, args.pid, bucket, args.keys, args.pages)
    rows.append((f"{args.keys:,} keys, {args.buckets + 1:,} buckets", page, get, put))
    print("| bucket holds | ListObjectsV2 page of 1000, server µs | 1 KiB GET, server µs | "
          "1 KiB PUT, server µs |")
    print("|---|---|---|---|")
    for label, page, get, put in rows:
        print(f"| {label} | {page:.0f} | {get:.1f} | {put:.1f} |")


if __name__ == "__main__":
    main()
