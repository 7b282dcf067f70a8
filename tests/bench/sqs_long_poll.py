#!/usr/bin/env python3
"""SQS long polling at scale: N concurrent 20-second ReceiveMessage waits on an empty queue.

Usage: sqs_long_poll.py ENDPOINT SERVER_PID [--waiters N] [--idle SECONDS]

Opens N keep-alive connections (raw sockets, asyncio), each sending one ReceiveMessage with
WaitTimeSeconds=20 to a fresh empty queue, then measures:
  - the server's CPU time (utime+stime of SERVER_PID, /proc/PID/stat) over IDLE seconds while
    all N wait: long polling should hold no thread and cost no CPU;
  - after one SendMessage (on its own connection), how long until a waiter answers with the
    message, and how many waiters answer at all in the next second (one should; the others
    keep waiting), with the server CPU the wake cost.
Prints one RESULT line of key=value pairs.
"""
import argparse
import asyncio
import json
import os
import resource
import sys
import time
import urllib.parse
import urllib.request

AUTH = ("AWS4-HMAC-SHA256 Credential=test/20260101/us-east-1/sqs/aws4_request, "
        "SignedHeaders=host;x-amz-date, Signature=0000")


def call(endpoint, action, body):
    request = urllib.request.Request(
        endpoint + "/", data=json.dumps(body).encode(), method="POST",
        headers={"Authorization": AUTH, "X-Amz-Date": "20260101T000000Z",
                 "Content-Type": "application/x-amz-json-1.0",
                 "X-Amz-Target": "AmazonSQS." + action})
    with urllib.request.urlopen(request, timeout=30) as response:
        return json.loads(response.read() or b"{}")


def cpu_seconds(pid):
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def raw_request(host, action, body):
    data = json.dumps(body).encode()
    head = (f"POST / HTTP/1.1\r\nHost: {host}\r\nAuthorization: {AUTH}\r\n"
            "X-Amz-Date: 20260101T000000Z\r\nContent-Type: application/x-amz-json-1.0\r\n"
            f"X-Amz-Target: AmazonSQS.{action}\r\nContent-Length: {len(data)}\r\n\r\n")
    return head.encode() + data


async def read_response(reader):
    head = await reader.readuntil(b"\r\n\r\n")
    length = 0
    for line in head.split(b"\r\n"):
        if line.lower().startswith(b"content-length:"):
            length = int(line.split(b":")[1])
    return head, await reader.readexactly(length)


async def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("endpoint")
    parser.add_argument("pid", type=int)
    parser.add_argument("--waiters", type=int, default=5000)
    parser.add_argument("--idle", type=float, default=10.0)
    args = parser.parse_args()
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (min(hard, args.waiters + 1000), hard))

    url = urllib.parse.urlparse(args.endpoint)
    queue = call(args.endpoint, "CreateQueue",
                 {"QueueName": f"long-poll-{os.getpid()}-{int(time.time())}"})["QueueUrl"]
    receive = raw_request(url.netloc, "ReceiveMessage",
                          {"QueueUrl": queue, "WaitTimeSeconds": 20, "MaxNumberOfMessages": 1})

    answers = []  # (time answered, got a message)

    async def waiter():
        reader, writer = await asyncio.open_connection(url.hostname, url.port)
        writer.write(receive)
        await writer.drain()
        try:
            _, body = await read_response(reader)
            answers.append((time.monotonic(), b'"Messages"' in body))
        finally:
            writer.close()

    connect_start = time.monotonic()
    tasks = []
    for _ in range(args.waiters):  # connect in waves so the listen backlog never overflows
        tasks.append(asyncio.create_task(waiter()))
        if len(tasks) % 200 == 0:
            await asyncio.sleep(0.02)
    await asyncio.sleep(1.0)  # the last requests reach their wait
    connected = time.monotonic() - connect_start
    if answers:
        print(f"# {len(answers)} waiters answered before the message was sent", file=sys.stderr)

    cpu0, t0 = cpu_seconds(args.pid), time.monotonic()
    await asyncio.sleep(args.idle)
    idle_cpu, idle_wall = cpu_seconds(args.pid) - cpu0, time.monotonic() - t0
    early = len(answers)

    # One message: on its own connection, through the blocking client in a thread.
    cpu1 = cpu_seconds(args.pid)
    sent_at = time.monotonic()
    await asyncio.to_thread(call, args.endpoint, "SendMessage",
                            {"QueueUrl": queue, "MessageBody": "wake one"})
    send_done = time.monotonic()
    await asyncio.sleep(1.0)
    wake_cpu = cpu_seconds(args.pid) - cpu1
    after = answers[early:]
    with_message = [t for t, got in after if got]
    first_ms = (min(with_message) - sent_at) * 1000 if with_message else float("nan")
    for task in tasks:
        task.cancel()
    await asyncio.gather(*tasks, return_exceptions=True)
    print(f"RESULT waiters={args.waiters} connect_s={connected:.2f} idle_s={idle_wall:.1f} "
          f"idle_cpu_ms={idle_cpu * 1000:.0f} early_answers={early} "
          f"send_ms={(send_done - sent_at) * 1000:.2f} first_wake_ms={first_ms:.2f} "
          f"answered_after_send={len(after)} with_message={len(with_message)} "
          f"wake_cpu_ms={wake_cpu * 1000:.0f}")


if __name__ == "__main__":
    asyncio.run(main())
