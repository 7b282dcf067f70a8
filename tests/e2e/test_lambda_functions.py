"""Lambda function management end to end: create, read, update, list, tag, delete."""

import base64
import hashlib
import unittest
import urllib.request

from botocore.exceptions import ClientError

from harness import ServerTestCase
from lambda_support import ROLE, python_zip, zip_bytes

SOURCE = "def handler(event, context):\n    return event\n"


class LambdaFunctionsTest(ServerTestCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.client = cls.boto3_client("lambda")

    def create(self, name, code=None, **kw):
        kw.setdefault("Runtime", "python3.12")
        kw.setdefault("Handler", "index.handler")
        return self.client.create_function(
            FunctionName=name, Role=ROLE, Code={"ZipFile": code or python_zip(SOURCE)}, **kw)

    def test_create_get_delete(self):
        code = python_zip(SOURCE)
        out = self.create("crud", code, Environment={"Variables": {"A": "1"}},
                          Tags={"team": "x"}, MemorySize=256, Timeout=5)
        self.assertEqual(out["ResponseMetadata"]["HTTPStatusCode"], 201)
        self.assertEqual(out["FunctionArn"],
                         "arn:aws:lambda:us-east-1:000000000000:function:crud")
        self.assertEqual(out["CodeSha256"],
                         base64.b64encode(hashlib.sha256(code).digest()).decode())
        self.assertEqual(out["CodeSize"], len(code))
        self.assertEqual(out["State"], "Active")
        self.assertEqual(out["LastUpdateStatus"], "Successful")
        self.assertEqual(out["Version"], "$LATEST")
        self.assertEqual(out["MemorySize"], 256)
        self.assertRegex(out["LastModified"], r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+0000$")
        self.client.get_waiter("function_active_v2").wait(FunctionName="crud")

        got = self.client.get_function(FunctionName="crud")
        self.assertEqual(got["Configuration"]["Environment"]["Variables"], {"A": "1"})
        self.assertEqual(got["Tags"], {"team": "x"})
        with urllib.request.urlopen(got["Code"]["Location"], timeout=5) as resp:
            self.assertEqual(resp.read(), code)

        conf = self.client.get_function_configuration(FunctionName=out["FunctionArn"])
        self.assertEqual(conf["RevisionId"], out["RevisionId"])

        self.client.delete_function(FunctionName="crud")
        with self.assertRaises(ClientError) as ctx:
            self.client.get_function(FunctionName="crud")
        self.assertEqual(ctx.exception.response["Error"]["Code"], "ResourceNotFoundException")
        self.assertEqual(ctx.exception.response["ResponseMetadata"]["HTTPStatusCode"], 404)

    def test_duplicate_create_conflicts(self):
        self.create("dup")
        with self.assertRaises(ClientError) as ctx:
            self.create("dup")
        self.assertEqual(ctx.exception.response["Error"]["Code"], "ResourceConflictException")

    def test_updates(self):
        first = self.create("upd")
        new_code = python_zip("def handler(e, c):\n    return 2\n")
        code = self.client.update_function_code(FunctionName="upd", ZipFile=new_code)
        self.assertNotEqual(code["CodeSha256"], first["CodeSha256"])
        self.assertNotEqual(code["RevisionId"], first["RevisionId"])
        self.client.get_waiter("function_updated_v2").wait(FunctionName="upd")
        conf = self.client.update_function_configuration(
            FunctionName="upd", Timeout=30, Environment={"Variables": {"B": "2"}},
            RevisionId=code["RevisionId"])
        self.assertEqual(conf["Timeout"], 30)
        self.assertEqual(conf["Environment"]["Variables"], {"B": "2"})
        with self.assertRaises(ClientError) as ctx:
            self.client.update_function_configuration(
                FunctionName="upd", Timeout=4, RevisionId=code["RevisionId"])
        self.assertEqual(ctx.exception.response["Error"]["Code"], "PreconditionFailedException")

    def test_list_paginates(self):
        for i in range(5):
            self.create(f"page-{i}")
        names = []
        for page in self.client.get_paginator("list_functions").paginate(
                PaginationConfig={"PageSize": 2}):
            names += [f["FunctionName"] for f in page["Functions"]]
        for i in range(5):
            self.assertIn(f"page-{i}", names)
        self.assertEqual(len(names), len(set(names)))

    def test_tags(self):
        arn = self.create("tagged")["FunctionArn"]
        self.client.tag_resource(Resource=arn, Tags={"a": "1", "b": "2"})
        self.client.untag_resource(Resource=arn, TagKeys=["a"])
        self.assertEqual(self.client.list_tags(Resource=arn)["Tags"], {"b": "2"})

    def test_code_signing_config_is_empty(self):
        self.create("csc")
        out = self.client.get_function_code_signing_config(FunctionName="csc")
        self.assertEqual(out["FunctionName"], "csc")

    def test_zip_slip_is_rejected(self):
        evil = zip_bytes({"index.py": SOURCE, "../../escaped.py": "x = 1\n"})
        with self.assertRaises(ClientError) as ctx:
            self.create("slip", evil)
        self.assertEqual(ctx.exception.response["Error"]["Code"], "InvalidParameterValueException")
        absolute = zip_bytes({"/tmp/absolute.py": "x = 1\n"})
        with self.assertRaises(ClientError):
            self.create("slip", absolute)
        with self.assertRaises(ClientError):
            self.client.get_function(FunctionName="slip")

    def test_garbage_zip_is_rejected(self):
        with self.assertRaises(ClientError) as ctx:
            self.create("garbage", b"this is not a zip")
        self.assertIn("Could not unzip", ctx.exception.response["Error"]["Message"])

    def test_cli_create_and_get(self):
        path = f"{self.server.tmpdir}/fn.zip"
        with open(path, "wb") as f:
            f.write(python_zip(SOURCE))
        out = self.aws("lambda", "create-function", "--function-name", "cli-fn",
                       "--runtime", "python3.12", "--handler", "index.handler",
                       "--role", ROLE, "--zip-file", f"fileb://{path}")
        self.assertEqual(out["FunctionName"], "cli-fn")
        got = self.aws("lambda", "get-function", "--function-name", "cli-fn")
        self.assertEqual(got["Configuration"]["Handler"], "index.handler")
        self.aws("lambda", "delete-function", "--function-name", "cli-fn")


if __name__ == "__main__":
    unittest.main()
