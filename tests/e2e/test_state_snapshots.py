"""Snapshots (issue 10): `terrarium state save/diff/load/list/log` against a running server,
loading while serving is atomic, POST /_terrarium/reset, and the errors of bad requests."""

import itertools
import json
import os
import shutil
import tempfile
import threading
import time
import unittest
import urllib.error
import urllib.request

import botocore.config

from harness import Server
from lambda_support import ROLE, create_python_function, python_zip
from state_support import BINARY_BODY, client, contents, seed, state, state_json


def post(server, path, body=b""):
    request = urllib.request.Request(server.endpoint + path, data=body, method="POST")
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as e:
        return e.code, json.loads(e.read())


class SnapshotTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.data_dir = tempfile.mkdtemp(prefix="terrarium-state-")
        cls.server = Server(args=["--data-dir", cls.data_dir]).start()

    @classmethod
    def tearDownClass(cls):
        code = cls.server.stop()
        log = cls.server.log_tail()
        cls.server.cleanup()
        shutil.rmtree(cls.data_dir, ignore_errors=True)
        if code != 0:
            raise AssertionError(f"server exited {code}\n{log}")

    def test_save_change_diff_load(self):
        server = self.server
        seed(server, "sv")
        before = contents(server, "sv")
        saved = state(server, "save", "sv-base", "-m", "seeded")
        self.assertRegex(saved.stdout, r"^saved sv-base: commit [0-9a-f]{12}, tree [0-9a-f]{12}")
        self.assertTrue(os.path.isdir(os.path.join(self.data_dir, "snapshots.git")))

        s3 = client(server, "s3")
        ddb = client(server, "dynamodb")
        s3.put_object(Bucket="sv-bucket", Key="notes.txt", Body=b"changed\n")
        s3.delete_object(Bucket="sv-bucket", Key="data/blob.bin")
        s3.put_object(Bucket="sv-bucket", Key="new.txt", Body=b"new")
        ddb.update_item(TableName="sv-table", Key={"id": {"S": "item-1"}},
                        UpdateExpression="SET #c = :c", ExpressionAttributeNames={"#c": "count"},
                        ExpressionAttributeValues={":c": {"N": "41"}})
        ddb.delete_item(TableName="sv-table", Key={"id": {"S": "item-2"}})
        self.assertNotEqual(contents(server, "sv"), before)

        diff = state_json(server, "diff", "sv-base")
        self.assertIsNone(diff["to"])
        added = {(r["table"], r["key"]) for r in diff["added"]}
        removed = {(r["table"], r["key"]) for r in diff["removed"]}
        changed = {(r["table"], r["key"]): r["changes"] for r in diff["changed"]}
        self.assertIn(("s3.objects", "000000000000/us-east-1/sv-bucket/new.txt"), added)
        self.assertIn(("s3.objects", "000000000000/us-east-1/sv-bucket/data/blob.bin"), removed)
        self.assertIn(("s3.objects", "000000000000/us-east-1/sv-bucket/notes.txt"), changed)
        item_changes = [changes for (table, key), changes in changed.items()
                        if table == "dynamodb.items" and "item-1" in key]
        self.assertEqual(len(item_changes), 1, changed.keys())
        self.assertIn({"property": "/count/N", "before": "1", "after": "41"}, item_changes[0])
        self.assertTrue(any(table == "dynamodb.items" and "item-2" in key
                            for table, key in removed))
        text = state(server, "diff", "sv-base").stdout
        self.assertIn("+ s3/objects/000000000000/us-east-1/sv-bucket/new.txt.json", text)
        self.assertIn("    /count/N: \"1\" -> \"41\"", text)

        state(server, "save", "sv-changed")
        between = state_json(server, "diff", "sv-base", "sv-changed")
        self.assertEqual(between["added"], diff["added"])
        self.assertEqual(between["changed"], diff["changed"])

        loaded = state(server, "load", "sv-base")
        self.assertRegex(loaded.stdout, r"^loaded sv-base: commit [0-9a-f]{12} \(\d+ records")
        after = contents(server, "sv")
        self.assertEqual(after, before)
        self.assertEqual(after["objects"][("sv-bucket", "data/blob.bin")][0], BINARY_BODY)
        # The loaded state is the saved one exactly: saving it again commits nothing.
        again = state_json(server, "save", "sv-base")
        self.assertTrue(again["unchanged"])
        self.assertEqual(state_json(server, "diff", "sv-base")["changed"], [])

        names = [s["name"] for s in state_json(server, "list")["snapshots"]]
        self.assertIn("sv-base", names)
        self.assertIn("sv-changed", names)
        log = state_json(server, "log", "sv-base")["commits"]
        self.assertEqual(len(log), 1)
        self.assertEqual(log[0]["message"], "seeded")
        self.assertIn("sv-base", state(server, "list").stdout)

        # Loading the later snapshot brings the changes back.
        state(server, "load", "sv-changed")
        body = s3.get_object(Bucket="sv-bucket", Key="notes.txt")["Body"].read()
        self.assertEqual(body, b"changed\n")

    def test_load_while_serving_is_atomic(self):
        server = self.server
        s3 = client(server, "s3")
        s3.create_bucket(Bucket="atomic-bucket")
        keys = [f"k{i:03}" for i in range(40)]
        for version in ("x", "y"):
            for key in keys:
                s3.put_object(Bucket="atomic-bucket", Key=key, Body=version.encode() * 10)
            state(server, "save", f"atomic-{version}")
        etags = {version: None for version in ("x", "y")}
        stop = threading.Event()
        seen = []
        errors = []

        def reader():
            reading = client(server, "s3")
            while not stop.is_set():
                try:
                    listing = reading.list_objects_v2(Bucket="atomic-bucket")["Contents"]
                except Exception as e:  # noqa: BLE001: reported below
                    errors.append(repr(e))
                    return
                seen.append((len(listing), {entry["ETag"] for entry in listing}))

        threads = [threading.Thread(target=reader) for _ in range(3)]
        for thread in threads:
            thread.start()
        try:
            for i in range(8):
                state(server, "load", "atomic-x" if i % 2 == 0 else "atomic-y")
        finally:
            stop.set()
            for thread in threads:
                thread.join()
        self.assertEqual(errors, [])
        self.assertGreater(len(seen), 0)
        for count, tags in seen:
            self.assertEqual(count, len(keys))
            self.assertEqual(len(tags), 1, f"a listing mixed two snapshots: {tags}")
        del etags

    def test_functions_come_back_with_their_code(self):
        lam = client(self.server, "lambda")

        def invoke():
            answer = lam.invoke(FunctionName="snap-fn", Payload=b"{}")
            self.assertNotIn("FunctionError", answer)
            return json.loads(answer["Payload"].read())

        source = "def handler(event, context):\n    return {'v': '%s'}\n"
        create_python_function(lam, "snap-fn", source % "one")
        lam.get_waiter("function_active_v2").wait(FunctionName="snap-fn")
        self.assertEqual(invoke(), {"v": "one"})  # a warm environment now runs "one"
        sha = lam.get_function(FunctionName="snap-fn")["Configuration"]["CodeSha256"]
        state(self.server, "save", "fn-one")

        lam.update_function_code(FunctionName="snap-fn", ZipFile=python_zip(source % "two"))
        self.assertEqual(invoke(), {"v": "two"})
        state(self.server, "load", "fn-one")
        self.assertEqual(invoke(), {"v": "one"})
        self.assertEqual(
            lam.get_function(FunctionName="snap-fn")["Configuration"]["CodeSha256"], sha)

        lam.delete_function(FunctionName="snap-fn")
        state(self.server, "load", "fn-one")
        self.assertEqual(invoke(), {"v": "one"})

    def test_writes_racing_loads_keep_their_blobs(self):
        # A load removes the blobs only the replaced state named. A CreateFunction (or
        # PutObject) that found its identical blob already stored, then waited for the load's
        # write transaction, must not end up naming the removed file. Each package (and body)
        # is written twice, by a "seed" then by a "twin", and never again: the twin is the
        # write that can race a load dropping the seed, and no later write stores the file
        # again to hide a loss.
        server = Server(args=["--state-repo", os.path.join(self.data_dir, "race-repo.git")])
        server.start()
        self.addCleanup(server.cleanup)
        self.addCleanup(server.stop)
        retrying = botocore.config.Config(retries={"total_max_attempts": 4, "mode": "standard"},
                                          read_timeout=60)

        def racing_client(service):
            return client(server, service, config=retrying)

        def package(tag):
            return python_zip(f"def handler(event, context):\n    return {{'tag': '{tag}'}}\n")

        def body(tag):
            return f"body {tag}\n".encode() * 1000

        lam, s3 = racing_client("lambda"), racing_client("s3")
        s3.create_bucket(Bucket="race-bucket")
        # Ballast a load reads inside its write transaction (looking for the blobs the state
        # names), so that writes fall into the moment before its removals often.
        ddb = client(server, "dynamodb")
        ddb.create_table(TableName="race-ballast", BillingMode="PAY_PER_REQUEST",
                         KeySchema=[{"AttributeName": "id", "KeyType": "HASH"}],
                         AttributeDefinitions=[{"AttributeName": "id", "AttributeType": "S"}])
        for i in range(10):
            ddb.put_item(TableName="race-ballast",
                         Item={"id": {"S": f"b{i}"}, "pad": {"L": [{"S": "ballast"}] * 20000}})
        state(server, "save", "race-empty")  # the bucket and ballast, no objects, no functions
        stop = threading.Event()
        acknowledged = {"functions": [], "objects": []}  # (name, monotonic time of the answer)
        errors = []

        def write(worker, kind):
            writer = racing_client("lambda" if kind == "functions" else "s3")
            for i in itertools.count():
                tag = f"{worker}x{i}"
                for role in ("seed", "twin"):
                    if stop.is_set():
                        return
                    name = f"race-{role}-{tag}"
                    try:
                        if kind == "functions":
                            writer.create_function(FunctionName=name, Runtime="python3.12",
                                                   Role=ROLE, Handler="index.handler",
                                                   Code={"ZipFile": package(tag)})
                        else:
                            writer.put_object(Bucket="race-bucket", Key=name, Body=body(tag))
                        acknowledged[kind].append((name, time.monotonic()))
                    except Exception as e:  # noqa: BLE001: reported below
                        errors.append(f"{name}: {e!r}")

        def tag_of(name):
            return name.rsplit("-", 1)[1]

        def check_blobs():
            """Every function and object the live state holds has its blob. Runs between
            loads, so the state cannot be replaced meanwhile."""
            functions = {f["FunctionName"] for page in lam.get_paginator(
                "list_functions").paginate() for f in page["Functions"]}
            for name in functions:
                location = lam.get_function(FunctionName=name)["Code"]["Location"]
                try:
                    with urllib.request.urlopen(location, timeout=30) as response:
                        got = response.read()
                except urllib.error.HTTPError as e:
                    self.fail(f"{name}'s code cannot be downloaded: {e}")
                self.assertEqual(got, package(tag_of(name)), f"{name}'s code")
            keys = {o["Key"] for page in s3.get_paginator("list_objects_v2").paginate(
                Bucket="race-bucket") for o in page.get("Contents", [])}
            for key in keys:
                got = s3.get_object(Bucket="race-bucket", Key=key)["Body"].read()
                self.assertEqual(got, body(tag_of(key)), key)
            return functions, keys

        threads = [threading.Thread(target=write, args=(w, kind))
                   for w in range(2) for kind in ("functions", "objects")]
        for thread in threads:
            thread.start()
        try:
            for _ in range(12):
                time.sleep(0.05)
                state(server, "load", "race-empty")
                check_blobs()
            last_load = time.monotonic()
            time.sleep(0.3)
        finally:
            stop.set()
            for thread in threads:
                thread.join()
        self.assertEqual(errors, [])
        self.assertGreater(len(acknowledged["functions"]), 12)
        present, listed = check_blobs()
        for name, answered in acknowledged["functions"]:
            if answered > last_load:
                self.assertIn(name, present, "a function created after the last load is gone")
        for key, answered in acknowledged["objects"]:
            if answered > last_load:
                self.assertIn(key, listed, "an object written after the last load is gone")
        for name in sorted(present)[:4]:
            answer = lam.invoke(FunctionName=name, Payload=b"{}")
            self.assertNotIn("FunctionError", answer, name)
            self.assertEqual(json.loads(answer["Payload"].read()), {"tag": tag_of(name)})

    def test_reset_empties_everything(self):
        server = Server(args=["--state-repo", os.path.join(self.data_dir, "reset-repo.git")])
        server.start()
        try:
            seed(server, "rs")
            status, body = post(server, "/_terrarium/reset")
            self.assertEqual(status, 200)
            self.assertTrue(body["reset"])
            self.assertGreater(body["changes"], 0)
            self.assertEqual(client(server, "s3").list_buckets()["Buckets"], [])
            self.assertEqual(client(server, "dynamodb").list_tables()["TableNames"], [])
            self.assertNotIn("QueueUrls", client(server, "sqs").list_queues())
            # The emptied server works as a fresh one.
            seed(server, "rs")
            self.assertEqual(len(contents(server, "rs")["objects"]), 2)
            self.assertEqual(state(server, "reset").stdout.split(":")[0], "reset")
            self.assertEqual(client(server, "s3").list_buckets()["Buckets"], [])
        finally:
            server.stop()
            server.cleanup()

    def test_bad_requests_get_clear_errors(self):
        server = self.server
        missing = state(server, "load", "no-such-snapshot", check=False)
        self.assertEqual(missing.returncode, 1)
        self.assertIn("no snapshot named 'no-such-snapshot'", missing.stderr)
        bad_name = state(server, "save", "bad..name", check=False)
        self.assertEqual(bad_name.returncode, 1)
        self.assertIn("not a valid snapshot name", bad_name.stderr)
        self.assertEqual(post(server, "/_terrarium/state/import", b"garbage")[0], 400)
        self.assertEqual(post(server, "/_terrarium/state/save", b"[1]")[0], 400)
        self.assertEqual(post(server, "/_terrarium/state/save", b"{}")[0], 400)
        self.assertEqual(post(server, "/_terrarium/state/list")[0], 405)
        self.assertEqual(post(server, "/_terrarium/state/nothing")[0], 404)
        unreachable = Server()
        unreachable.port = 9  # discard: nothing listens
        result = state(unreachable, "list", check=False)
        unreachable.cleanup()
        self.assertEqual(result.returncode, 2)
        self.assertIn("cannot reach the emulator", result.stderr)


if __name__ == "__main__":
    unittest.main()
