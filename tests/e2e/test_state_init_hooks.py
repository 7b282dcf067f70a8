"""Init hooks (issue 10): the executable files of --init-dir run in name order once the server is
ready, with AWS_ENDPOINT_URL and credential defaults set; their output is logged; a failing hook
is reported and the next one still runs; /_localstack/init and the health answer tell whether
init has finished."""

import json
import os
import shutil
import tempfile
import time
import unittest

from harness import HOST, Server, http_get
from state_support import client, write_script

RECORD_ENV = """#!/bin/sh
echo "$(basename "$0")" >> "{order}"
echo "endpoint=$AWS_ENDPOINT_URL key=$AWS_ACCESS_KEY_ID region=$AWS_DEFAULT_REGION" > "{env}"
"""

CREATE_BUCKET = """#!/usr/bin/env python3
import os, boto3
echo = open({order!r}, "a")
echo.write(os.path.basename(__file__) + "\\n")
boto3.client("s3", endpoint_url=os.environ["AWS_ENDPOINT_URL"]).create_bucket(Bucket="from-hook")
print("bucket made by the hook")
"""

FAIL = """#!/bin/sh
echo "$(basename "$0")" >> "{order}"
echo "about to fail" >&2
exit 3
"""


class InitHooksTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.scratch = tempfile.mkdtemp(prefix="terrarium-init-")
        hooks = os.path.join(cls.scratch, "ready.d")
        os.mkdir(hooks)
        cls.order = os.path.join(cls.scratch, "order.txt")
        cls.env_file = os.path.join(cls.scratch, "env.txt")
        write_script(os.path.join(hooks, "01-env.sh"),
                     RECORD_ENV.format(order=cls.order, env=cls.env_file))
        write_script(os.path.join(hooks, "02-fail.sh"), FAIL.format(order=cls.order))
        write_script(os.path.join(hooks, "10-bucket.py"), CREATE_BUCKET.format(order=cls.order))
        with open(os.path.join(hooks, "05-not-executable.sh"), "w") as f:
            f.write("#!/bin/sh\necho should not run >> '%s'\n" % cls.order)
        cls.server = Server(args=["--init-dir", hooks]).start()
        cls.status = cls.wait_for_init()

    @classmethod
    def tearDownClass(cls):
        code = cls.server.stop()
        log = cls.server.log_tail()
        cls.server.cleanup()
        shutil.rmtree(cls.scratch, ignore_errors=True)
        if code != 0:
            raise AssertionError(f"server exited {code}\n{log}")

    @classmethod
    def wait_for_init(cls):
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            status, _, body = http_get(HOST, cls.server.port, "/_localstack/init/ready")
            answer = json.loads(body)
            if status == 200 and answer["completed"]:
                return answer
            time.sleep(0.1)
        raise AssertionError("init did not complete\n" + cls.server.log_tail())

    def test_hooks_ran_in_name_order_with_the_endpoint_set(self):
        with open(self.order) as f:
            self.assertEqual(f.read().split(), ["01-env.sh", "02-fail.sh", "10-bucket.py"])
        with open(self.env_file) as f:
            self.assertEqual(
                f.read().strip(),
                f"endpoint={self.server.endpoint} key=test region=us-east-1")
        names = [b["Name"] for b in client(self.server, "s3").list_buckets()["Buckets"]]
        self.assertIn("from-hook", names)

    def test_status_reports_each_script(self):
        scripts = {s["name"]: s for s in self.status["scripts"]}
        self.assertEqual(list(scripts), ["01-env.sh", "02-fail.sh", "05-not-executable.sh",
                                         "10-bucket.py"])
        self.assertEqual(scripts["01-env.sh"]["state"], "SUCCESSFUL")
        self.assertEqual(scripts["02-fail.sh"]["state"], "ERROR")
        self.assertEqual(scripts["02-fail.sh"]["exit_code"], 3)
        self.assertEqual(scripts["05-not-executable.sh"]["state"], "ERROR")
        self.assertEqual(scripts["10-bucket.py"]["state"], "SUCCESSFUL")
        status, _, body = http_get(HOST, self.server.port, "/_localstack/health")
        self.assertEqual(status, 200)
        self.assertTrue(json.loads(body)["init"]["completed"]["READY"])
        status, _, body = http_get(HOST, self.server.port, "/_localstack/init")
        self.assertEqual(json.loads(body)["completed"]["READY"], True)

    def test_output_and_failures_are_logged_not_fatal(self):
        log = self.server.log_text()
        self.assertIn("init: 10-bucket.py: bucket made by the hook", log)
        self.assertIn("init: 02-fail.sh: about to fail", log)
        self.assertRegex(log, r"ERROR init: .*02-fail\.sh failed \(exit status 3\)")
        self.assertRegex(log, r"05-not-executable\.sh is not executable")
        self.assertTrue(self.server.alive())

    def test_without_hooks_init_is_complete_at_once(self):
        server = Server(args=["--no-init"]).start()
        try:
            status, _, body = http_get(HOST, server.port, "/_localstack/init/ready")
            self.assertEqual(status, 200)
            self.assertEqual(json.loads(body), {"completed": True, "scripts": []})
        finally:
            server.stop()
            server.cleanup()


if __name__ == "__main__":
    unittest.main()
