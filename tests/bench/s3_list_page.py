#!/usr/bin/env python3
"""Server CPU of one ListObjectsV2 page (1000 keys, at a random start-after) in a bucket of N
keys, for a running Terrarium (by hand, not a ctest test). Fills the bucket first unless it
already holds N keys (`--data-dir` servers keep it, so two binaries can be compared on one
store). Server CPU is read from /proc/PID/task/*/schedstat; prints the median of 5 batches.

usage: s3_list_page.py PORT PID [--keys 100000] [--pages 50] [--bucket big]
"""

import argparse
import http.client
import random
import statistics

from s3_scale import server_cpu_ns  # the same /proc schedstat sum

HEADERS = {"Authorization": "AWS4-HMAC-SHA256 Credential=test/20260101/us-east-1/s3/"
                            "aws4_request, SignedHeaders=host, Signature=0"}


def call(conn, method, path, body=None):
    conn.request(method, path, body=body, headers=HEADERS)
    resp = conn.getresponse()
    return resp.status, resp.read()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("port", type=int)
    parser.add_argument("pid", type=int)
    parser.add_argument("--keys", type=int, default=100000)
    parser.add_argument("--pages", type=int, default=50)
    parser.add_argument("--bucket", default="big")
    args = parser.parse_args()
    conn = http.client.HTTPConnection("127.0.0.1", args.port, timeout=60)
    last = f"k/{args.keys - 1:08d}"
    if call(conn, "HEAD", f"/{args.bucket}/{last}")[0] != 200:
        call(conn, "PUT", f"/{args.bucket}")
        for i in range(args.keys):
            status, data = call(conn, "PUT", f"/{args.bucket}/k/{i:08d}", b"x" * 1024)
            assert status == 200, data[:300]
    random.seed(7)
    batches = []
    per_batch = max(1, args.pages // 5)
    for _ in range(5):
        before = server_cpu_ns(args.pid)
        for _ in range(per_batch):
            start = random.randrange(args.keys - 1000)
            status, data = call(
                conn, "GET",
                f"/{args.bucket}?list-type=2&max-keys=1000&start-after=k/{start:08d}")
            assert status == 200 and data.count(b"<Key>") == 1000, data[:300]
        batches.append((server_cpu_ns(args.pid) - before) / 1000 / per_batch)
    print(f"ListObjectsV2 page of 1000 of {args.keys} keys: median {statistics.median(batches):.0f}"
          f" us of server CPU (batches: {', '.join(f'{b:.0f}' for b in batches)})")


if __name__ == "__main__":
    main()
