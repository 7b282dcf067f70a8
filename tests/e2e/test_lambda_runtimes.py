"""Lambda runtimes other than python: node and a `provided` shell bootstrap; the aws CLI."""

import json
import os
import shutil
import unittest

from harness import ServerTestCase
from lambda_support import ROLE, zip_bytes

NODE_ASYNC = """
exports.handler = async (event, context) => {
  console.log("node says hi");
  return { got: event, name: context.functionName, left: context.getRemainingTimeInMillis() > 0 };
};
"""

NODE_CALLBACK = """
exports.handler = (event, context, callback) => { callback(null, event.n * 2); };
"""

NODE_THROWS = """
exports.handler = async () => { throw new TypeError("nope"); };
"""

BOOTSTRAP = """#!/bin/sh
set -eu
API="http://${AWS_LAMBDA_RUNTIME_API}/2018-06-01/runtime"
while true; do
  HEADERS="$(mktemp)"
  EVENT="$(curl -sS -D "$HEADERS" "$API/invocation/next")"
  ID="$(grep -i '^Lambda-Runtime-Aws-Request-Id:' "$HEADERS" | cut -d' ' -f2 | tr -d '\\r\\n')"
  rm -f "$HEADERS"
  curl -sS -X POST "$API/invocation/$ID/response" \\
    -d "{\\"echo\\": $EVENT, \\"handler\\": \\"$_HANDLER\\"}" > /dev/null
done
"""


class LambdaRuntimesTest(ServerTestCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.client = cls.boto3_client("lambda")

    def invoke(self, name, payload):
        out = self.client.invoke(FunctionName=name, Payload=json.dumps(payload))
        return out, json.loads(out["Payload"].read())

    @unittest.skipUnless(shutil.which("node"), "node is not installed")
    def test_node_async_callback_and_error(self):
        for name, source in (("node-async", NODE_ASYNC), ("node-cb", NODE_CALLBACK),
                             ("node-throws", NODE_THROWS)):
            self.client.create_function(
                FunctionName=name, Runtime="nodejs20.x", Role=ROLE, Handler="index.handler",
                Code={"ZipFile": zip_bytes({"index.js": source})})
        out, body = self.invoke("node-async", {"k": "v"})
        self.assertEqual(body, {"got": {"k": "v"}, "name": "node-async", "left": True})
        _, doubled = self.invoke("node-cb", {"n": 21})
        self.assertEqual(doubled, 42)
        out, err = self.invoke("node-throws", {})
        self.assertEqual(out["FunctionError"], "Unhandled")
        self.assertEqual(err["errorType"], "TypeError")
        self.assertEqual(err["errorMessage"], "nope")

    @unittest.skipUnless(shutil.which("curl"), "curl is not installed")
    def test_provided_shell_bootstrap(self):
        self.client.create_function(
            FunctionName="shell", Runtime="provided.al2023", Role=ROLE, Handler="fn.handle",
            Code={"ZipFile": zip_bytes({"bootstrap": (BOOTSTRAP, 0o755)})})
        _, body = self.invoke("shell", {"x": 1})
        self.assertEqual(body, {"echo": {"x": 1}, "handler": "fn.handle"})
        _, again = self.invoke("shell", {"x": 2})
        self.assertEqual(again["echo"], {"x": 2})

    def test_cli_invoke(self):
        path = os.path.join(self.server.tmpdir, "cli.zip")
        with open(path, "wb") as f:
            f.write(zip_bytes({"app.py": "def run(event, context):\n    return {'ok': event}\n"}))
        self.aws("lambda", "create-function", "--function-name", "cli-run",
                 "--runtime", "python3.11", "--handler", "app.run", "--role", ROLE,
                 "--zip-file", f"fileb://{path}")
        out_path = os.path.join(self.server.tmpdir, "out.json")
        meta = self.aws("lambda", "invoke", "--function-name", "cli-run",
                        "--payload", '{"a": 1}', out_path)
        self.assertEqual(meta["StatusCode"], 200)
        with open(out_path) as f:
            self.assertEqual(json.load(f), {"ok": {"a": 1}})
        self.aws("lambda", "delete-function", "--function-name", "cli-run")


if __name__ == "__main__":
    unittest.main()
