#!/usr/bin/env python3
"""Soak: mixed S3, SQS and DynamoDB load against one persistent server for a while, sampling its
RSS and data directory size, to show memory stays flat and deleted data is reclaimed (issue 10).

The live data set is bounded: every writer cycles over a fixed set of keys, overwriting and
deleting, so a growing data directory means garbage is not reclaimed and a growing RSS means a leak.

    tests/bench/soak.py                       # 10 minutes, 6 writers, build/terrarium
    tests/bench/soak.py --duration 60 --binary build/terrarium --writers 4

Prints a markdown table (one row per sample) and a summary line.
"""

import argparse
import os
import random
import shutil
import socket
import subprocess
import tempfile
import threading
import time
import urllib.request

import boto3
import botocore.config


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def rss_mib(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


def dir_mib(path):
    total = 0
    for root, _, files in os.walk(path):
        for name in files:
            try:
                total += os.stat(os.path.join(root, name)).st_blocks * 512
            except FileNotFoundError:
                pass
    return total / (1 << 20)


def make_client(endpoint, service):
    config = botocore.config.Config(retries={"total_max_attempts": 3, "mode": "standard"})
    return boto3.session.Session().client(
        service, endpoint_url=endpoint, region_name="us-east-1", aws_access_key_id="test",
        aws_secret_access_key="test", config=config)


class Load:
    KEYS = 200  # per writer: the bounded live set

    def __init__(self, endpoint):
        self.endpoint = endpoint
        self.stop = threading.Event()
        self.counts = {"s3": 0, "sqs": 0, "ddb": 0}
        self.lock = threading.Lock()

    def count(self, kind, n=1):
        with self.lock:
            self.counts[kind] += n

    def setup(self):
        make_client(self.endpoint, "s3").create_bucket(Bucket="soak")
        make_client(self.endpoint, "dynamodb").create_table(
            TableName="soak", BillingMode="PAY_PER_REQUEST",
            AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}],
            KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}])
        self.queue = make_client(self.endpoint, "sqs").create_queue(QueueName="soak")["QueueUrl"]

    def s3_writer(self, index):
        s3 = make_client(self.endpoint, "s3")
        rng = random.Random(index)
        while not self.stop.is_set():
            key = f"w{index}/{rng.randrange(self.KEYS)}"
            s3.put_object(Bucket="soak", Key=key, Body=os.urandom(rng.choice([1024, 65536])))
            s3.get_object(Bucket="soak", Key=key)["Body"].read()
            if rng.random() < 0.3:
                s3.delete_object(Bucket="soak", Key=key)
            self.count("s3", 3)

    def ddb_writer(self, index):
        ddb = make_client(self.endpoint, "dynamodb")
        rng = random.Random(index)
        while not self.stop.is_set():
            key = {"pk": {"S": f"w{index}/{rng.randrange(self.KEYS)}"}}
            ddb.put_item(TableName="soak", Item={**key, "v": {"S": "x" * rng.randrange(4000)}})
            ddb.get_item(TableName="soak", Key=key)
            if rng.random() < 0.3:
                ddb.delete_item(TableName="soak", Key=key)
            self.count("ddb", 3)

    def sqs_writer(self, index):
        sqs = make_client(self.endpoint, "sqs")
        while not self.stop.is_set():
            sqs.send_message_batch(QueueUrl=self.queue, Entries=[
                {"Id": str(i), "MessageBody": "m" * 2000} for i in range(10)])
            got = sqs.receive_message(QueueUrl=self.queue, MaxNumberOfMessages=10)
            messages = got.get("Messages", [])
            if messages:
                sqs.delete_message_batch(QueueUrl=self.queue, Entries=[
                    {"Id": str(i), "ReceiptHandle": m["ReceiptHandle"]}
                    for i, m in enumerate(messages)])
            self.count("sqs", 3)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--binary", default="build/terrarium")
    parser.add_argument("--duration", type=float, default=600)
    parser.add_argument("--interval", type=float, default=10)
    parser.add_argument("--writers", type=int, default=6)
    args = parser.parse_args()

    data_dir = tempfile.mkdtemp(prefix="terrarium-soak-")
    port = free_port()
    server = subprocess.Popen(
        [os.path.abspath(args.binary), "serve", "--port", str(port), "--log-level", "warn",
         "--data-dir", data_dir], stdin=subprocess.DEVNULL)
    endpoint = f"http://127.0.0.1:{port}"
    try:
        for _ in range(200):
            try:
                urllib.request.urlopen(endpoint + "/_terrarium/health", timeout=1)
                break
            except OSError:
                time.sleep(0.05)
        load = Load(endpoint)
        load.setup()
        kinds = [load.s3_writer, load.ddb_writer, load.sqs_writer]
        threads = [threading.Thread(target=kinds[i % 3], args=(i,), daemon=True)
                   for i in range(args.writers)]
        for t in threads:
            t.start()
        print("| t s | RSS MiB | data dir MiB | requests so far |")
        print("|---|---|---|---|")
        start = time.monotonic()
        samples = []
        while True:
            elapsed = time.monotonic() - start
            sample = (elapsed, rss_mib(server.pid), dir_mib(data_dir), sum(load.counts.values()))
            samples.append(sample)
            print(f"| {sample[0]:.0f} | {sample[1]:.1f} | {sample[2]:.1f} | {sample[3]} |",
                  flush=True)
            if elapsed >= args.duration:
                break
            time.sleep(min(args.interval, args.duration - elapsed + 0.01))
        load.stop.set()
        for t in threads:
            t.join(timeout=30)
        later = samples[len(samples) // 2:]
        print(f"\nrequests {load.counts}; RSS over the second half "
              f"{min(s[1] for s in later):.1f}-{max(s[1] for s in later):.1f} MiB; data dir "
              f"{min(s[2] for s in later):.1f}-{max(s[2] for s in later):.1f} MiB")
    finally:
        server.terminate()
        server.wait(timeout=30)
        shutil.rmtree(data_dir, ignore_errors=True)


if __name__ == "__main__":
    main()
