"""Lambda function URLs, layers, reserved concurrency and weighted aliases end to end."""

import base64
import http.client
import json
import re
import unittest
import urllib.error
import urllib.request

from botocore.exceptions import ClientError

from harness import HOST, ServerTestCase
from lambda_support import create_python_function, invoke_json, python_zip, zip_bytes

ECHO = """
import json
def handler(event, context):
    return {"statusCode": 201, "headers": {"x-echo": "yes", "content-type": "application/json"},
            "cookies": ["a=1"], "body": json.dumps(event)}
"""
BARE = "def handler(event, context):\n    return {'hello': 'world'}\n"
TEXT = "def handler(event, context):\n    return 'plain words'\n"
FAILS = "def handler(event, context):\n    raise ValueError('nope')\n"
VERSION = "def handler(event, context):\n    return '{}'\n"


class FunctionUrlTest(ServerTestCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.client = cls.boto3_client("lambda")

    def url_function(self, name, source, **url_args):
        create_python_function(self.client, name, source)
        url_args.setdefault("AuthType", "NONE")
        config = self.client.create_function_url_config(FunctionName=name, **url_args)
        match = re.fullmatch(r"http://([a-z0-9]{32})\.lambda-url\.us-east-1\.localhost:(\d+)/",
                             config["FunctionUrl"])
        self.assertIsNotNone(match, config["FunctionUrl"])
        self.assertEqual(int(match.group(2)), self.port)
        return config, match.group(1)

    def path_request(self, url_id, path="/", method="GET", body=None, headers=None):
        """The path form: http://localhost:<port>/_terrarium/lambda-url/<id><path>."""
        request = urllib.request.Request(
            f"{self.endpoint}/_terrarium/lambda-url/{url_id}{path}", data=body, method=method,
            headers=headers or {})
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                return response.status, dict(response.headers), response.read()
        except urllib.error.HTTPError as error:
            return error.code, dict(error.headers), error.read()

    def host_request(self, url_id, path="/", method="GET", body=None, headers=None):
        """The Host form, as curl sends it to http://<id>.lambda-url.<region>.localhost:<port>/."""
        connection = http.client.HTTPConnection(HOST, self.port, timeout=30)
        try:
            all_headers = {"Host": f"{url_id}.lambda-url.us-east-1.localhost:{self.port}"}
            all_headers.update(headers or {})
            connection.request(method, path, body=body, headers=all_headers)
            response = connection.getresponse()
            return response.status, dict(response.getheaders()), response.read()
        finally:
            connection.close()

    def test_config_crud_and_event_shape(self):
        config, url_id = self.url_function(
            "urlecho", ECHO, Cors={"AllowOrigins": ["https://app.example"], "MaxAge": 60,
                                   "AllowMethods": ["GET", "POST"]})
        self.assertEqual(config["AuthType"], "NONE")
        self.assertEqual(config["InvokeMode"], "BUFFERED")
        got = self.client.get_function_url_config(FunctionName="urlecho")
        self.assertEqual(got["FunctionUrl"], config["FunctionUrl"])
        with self.assertRaises(ClientError) as ctx:
            self.client.create_function_url_config(FunctionName="urlecho", AuthType="NONE")
        self.assertEqual(ctx.exception.response["Error"]["Code"], "ResourceConflictException")

        status, headers, body = self.path_request(
            url_id, "/some/path?a=1&a=2&b=x", method="POST", body=b'{"k": "v"}',
            headers={"Content-Type": "application/json", "Cookie": "c1=v1; c2=v2",
                     "Origin": "https://app.example"})
        self.assertEqual(status, 201, body)
        self.assertEqual(headers.get("x-echo"), "yes")
        self.assertEqual(headers.get("Set-Cookie"), "a=1")
        self.assertEqual(headers.get("Access-Control-Allow-Origin"), "https://app.example")
        event = json.loads(body)
        self.assertEqual(event["version"], "2.0")
        self.assertEqual(event["rawPath"], "/some/path")
        self.assertEqual(event["rawQueryString"], "a=1&a=2&b=x")
        self.assertEqual(event["queryStringParameters"], {"a": "1,2", "b": "x"})
        self.assertEqual(event["cookies"], ["c1=v1", "c2=v2"])
        self.assertEqual(event["body"], '{"k": "v"}')
        self.assertFalse(event["isBase64Encoded"])
        self.assertEqual(event["requestContext"]["http"]["method"], "POST")
        self.assertEqual(event["requestContext"]["domainPrefix"], url_id)
        self.assertEqual(event["headers"]["content-type"], "application/json")

        # The Host form reaches the same function; binary bodies arrive base64-encoded.
        status, _, body = self.host_request(url_id, "/bin", method="PUT", body=b"\x00\x01",
                                            headers={"Content-Type": "application/octet-stream"})
        self.assertEqual(status, 201)
        event = json.loads(body)
        self.assertEqual((event["rawPath"], event["isBase64Encoded"]), ("/bin", True))
        self.assertEqual(base64.b64decode(event["body"]), b"\x00\x01")

        # CORS preflight: answered without invoking.
        status, headers, _ = self.path_request(
            url_id, "/", method="OPTIONS",
            headers={"Origin": "https://app.example", "Access-Control-Request-Method": "POST"})
        self.assertEqual(status, 200)
        self.assertEqual(headers.get("Access-Control-Allow-Methods"), "GET,POST")
        self.assertEqual(headers.get("Access-Control-Max-Age"), "60")

        updated = self.client.update_function_url_config(FunctionName="urlecho",
                                                         AuthType="AWS_IAM")
        self.assertEqual(updated["AuthType"], "AWS_IAM")
        self.assertIn("LastModifiedTime", updated)
        status, _, body = self.path_request(url_id)
        self.assertEqual(status, 403, body)
        listed = self.client.list_function_url_configs(FunctionName="urlecho")
        self.assertEqual([c["FunctionUrl"] for c in listed["FunctionUrlConfigs"]],
                         [config["FunctionUrl"]])
        self.client.delete_function_url_config(FunctionName="urlecho")
        with self.assertRaises(ClientError) as ctx:
            self.client.get_function_url_config(FunctionName="urlecho")
        self.assertEqual(ctx.exception.response["Error"]["Code"], "ResourceNotFoundException")
        status, _, _ = self.path_request(url_id)
        self.assertEqual(status, 404)

    def test_response_mapping(self):
        _, bare = self.url_function("urlbare", BARE)
        status, headers, body = self.host_request(bare)
        self.assertEqual((status, json.loads(body)), (200, {"hello": "world"}))
        self.assertEqual(headers.get("Content-Type"), "application/json")
        _, text = self.url_function("urltext", TEXT)
        self.assertEqual(self.path_request(text)[2], b"plain words")
        _, fails = self.url_function("urlfails", FAILS)
        status, _, body = self.path_request(fails)
        self.assertEqual(status, 502, body)

    def test_url_on_alias_and_bad_qualifier(self):
        create_python_function(self.client, "urlalias", BARE, Publish=True)
        self.client.create_alias(FunctionName="urlalias", Name="live", FunctionVersion="1")
        config = self.client.create_function_url_config(FunctionName="urlalias", Qualifier="live",
                                                        AuthType="NONE")
        self.assertTrue(config["FunctionArn"].endswith(":function:urlalias:live"))
        url_id = config["FunctionUrl"].split("//")[1].split(".")[0]
        self.assertEqual(self.path_request(url_id)[0], 200)
        with self.assertRaises(ClientError) as ctx:
            self.client.create_function_url_config(FunctionName="urlalias", Qualifier="nosuch",
                                                   AuthType="NONE")
        self.assertEqual(ctx.exception.response["Error"]["Code"], "ResourceNotFoundException")
        self.client.delete_function(FunctionName="urlalias")
        self.assertEqual(self.path_request(url_id)[0], 404)


LAYER_USER = """
import greeting
def handler(event, context):
    return greeting.hello()
"""


class LayersConcurrencyRoutingTest(ServerTestCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.client = cls.boto3_client("lambda")

    def invoke(self, name, **kw):
        return invoke_json(self.client, name, **kw)

    def test_layers(self):
        v1 = self.client.publish_layer_version(
            LayerName="greet", Description="first",
            Content={"ZipFile": zip_bytes({"python/greeting.py": "def hello():\n    return 'v1'\n"})},
            CompatibleRuntimes=["python3.12"])
        self.assertEqual(v1["Version"], 1)
        self.assertTrue(v1["LayerVersionArn"].endswith(":layer:greet:1"))
        self.assertGreater(v1["Content"]["CodeSize"], 0)
        # A second layer overrides the first one's module, as later layers do in /opt.
        v2 = self.client.publish_layer_version(
            LayerName="greet",
            Content={"ZipFile": zip_bytes({"python/greeting.py": "def hello():\n    return 'v2'\n"})})
        self.assertEqual(v2["Version"], 2)
        got = self.client.get_layer_version(LayerName="greet", VersionNumber=1)
        self.assertEqual(got["Description"], "first")
        by_arn = self.client.get_layer_version_by_arn(Arn=v2["LayerVersionArn"])
        self.assertEqual(by_arn["Version"], 2)
        versions = self.client.list_layer_versions(LayerName="greet")["LayerVersions"]
        self.assertEqual([v["Version"] for v in versions], [2, 1])
        # Other tests of this class publish layers of their own names.
        layers = {l["LayerName"]: l for l in self.client.list_layers()["Layers"]}
        self.assertEqual(layers["greet"]["LatestMatchingVersion"]["Version"], 2)
        matching = {l["LayerName"]: l
                    for l in self.client.list_layers(CompatibleRuntime="python3.12")["Layers"]}
        self.assertEqual(matching["greet"]["LatestMatchingVersion"]["Version"], 1)

        create_python_function(self.client, "layered", LAYER_USER,
                               Layers=[v1["LayerVersionArn"]])
        _, body = self.invoke("layered")
        self.assertEqual(body, "v1")
        config = self.client.update_function_configuration(
            FunctionName="layered", Layers=[v1["LayerVersionArn"], v2["LayerVersionArn"]])
        self.assertEqual([l["Arn"] for l in config["Layers"]],
                         [v1["LayerVersionArn"], v2["LayerVersionArn"]])
        _, body = self.invoke("layered")
        self.assertEqual(body, "v2")

        with self.assertRaises(ClientError) as ctx:
            create_python_function(self.client, "badlayer", LAYER_USER,
                                   Layers=[v1["LayerVersionArn"][:-1] + "9"])
        self.assertEqual(ctx.exception.response["Error"]["Code"], "InvalidParameterValueException")

        added = self.client.add_layer_version_permission(
            LayerName="greet", VersionNumber=1, StatementId="all", Action="lambda:GetLayerVersion",
            Principal="*")
        self.assertEqual(json.loads(added["Statement"])["Principal"], "*")
        policy = self.client.get_layer_version_policy(LayerName="greet", VersionNumber=1)
        self.assertEqual(json.loads(policy["Policy"])["Statement"][0]["Sid"], "all")
        self.client.remove_layer_version_permission(LayerName="greet", VersionNumber=1,
                                                    StatementId="all")
        with self.assertRaises(ClientError) as ctx:
            self.client.get_layer_version_policy(LayerName="greet", VersionNumber=1)
        self.assertEqual(ctx.exception.response["Error"]["Code"], "ResourceNotFoundException")

        self.client.delete_layer_version(LayerName="greet", VersionNumber=1)
        with self.assertRaises(ClientError) as ctx:
            self.client.get_layer_version(LayerName="greet", VersionNumber=1)
        self.assertEqual(ctx.exception.response["Error"]["Code"], "ResourceNotFoundException")
        # A function keeps the layers it was given.
        self.client.update_function_code(FunctionName="layered", ZipFile=python_zip(LAYER_USER))
        _, body = self.invoke("layered")
        self.assertEqual(body, "v2")

    def test_layer_from_s3_outlives_the_object(self):
        s3 = self.boto3_client("s3")
        s3.create_bucket(Bucket="layer-src")
        body = zip_bytes({"python/greeting.py": "def hello():\n    return 'from s3'\n"})
        s3.put_object(Bucket="layer-src", Key="layer.zip", Body=body)
        version = self.client.publish_layer_version(
            LayerName="s3greet", Content={"S3Bucket": "layer-src", "S3Key": "layer.zip"})
        self.assertEqual(version["Content"]["CodeSize"], len(body))
        # The layer counts its zip: deleting the object with the same bytes keeps it.
        s3.delete_object(Bucket="layer-src", Key="layer.zip")
        create_python_function(self.client, "s3layered", LAYER_USER,
                               Layers=[version["LayerVersionArn"]])
        self.assertEqual(self.invoke("s3layered")[1], "from s3")
        with self.assertRaises(ClientError) as ctx:
            self.client.publish_layer_version(
                LayerName="s3greet", Content={"S3Bucket": "layer-src", "S3Key": "gone.zip"})
        self.assertEqual(ctx.exception.response["Error"]["Code"], "InvalidParameterValueException")

    def test_reserved_concurrency(self):
        create_python_function(self.client, "reserved", BARE)
        out = self.client.put_function_concurrency(FunctionName="reserved",
                                                   ReservedConcurrentExecutions=0)
        self.assertEqual(out["ReservedConcurrentExecutions"], 0)
        self.assertEqual(
            self.client.get_function_concurrency(FunctionName="reserved")
            ["ReservedConcurrentExecutions"], 0)
        self.assertEqual(self.client.get_function(FunctionName="reserved")["Concurrency"],
                         {"ReservedConcurrentExecutions": 0})
        with self.assertRaises(ClientError) as ctx:
            self.invoke("reserved")
        error = ctx.exception.response
        self.assertEqual(error["Error"]["Code"], "TooManyRequestsException")
        self.assertEqual(error["ResponseMetadata"]["HTTPStatusCode"], 429)
        self.assertEqual(error.get("Reason"), "ReservedFunctionConcurrentInvocationLimitExceeded")
        with self.assertRaises(ClientError) as ctx:
            self.client.put_function_concurrency(FunctionName="reserved",
                                                 ReservedConcurrentExecutions=901)
        self.assertEqual(ctx.exception.response["Error"]["Code"], "InvalidParameterValueException")
        self.client.delete_function_concurrency(FunctionName="reserved")
        self.assertEqual(self.client.get_function_concurrency(FunctionName="reserved").get(
            "ReservedConcurrentExecutions"), None)
        self.assertEqual(self.invoke("reserved")[1], {"hello": "world"})

    def test_weighted_alias(self):
        create_python_function(self.client, "weighted", VERSION.format("one"))
        self.client.publish_version(FunctionName="weighted")
        self.client.update_function_code(FunctionName="weighted",
                                         ZipFile=python_zip(VERSION.format("two")))
        self.client.publish_version(FunctionName="weighted")
        with self.assertRaises(ClientError) as ctx:
            self.client.create_alias(FunctionName="weighted", Name="bad", FunctionVersion="1",
                                     RoutingConfig={"AdditionalVersionWeights": {"1": 0.5}})
        self.assertEqual(ctx.exception.response["Error"]["Code"], "InvalidParameterValueException")
        self.client.create_alias(FunctionName="weighted", Name="all2", FunctionVersion="1",
                                 RoutingConfig={"AdditionalVersionWeights": {"2": 1.0}})
        for _ in range(3):
            out, body = self.invoke("weighted", Qualifier="all2")
            self.assertEqual((out["ExecutedVersion"], body), ("2", "two"))
        self.client.create_alias(FunctionName="weighted", Name="split", FunctionVersion="1",
                                 RoutingConfig={"AdditionalVersionWeights": {"2": 0.5}})
        seen = set()
        for _ in range(24):  # both versions run: a miss has odds 2 * 0.5**24
            out, body = self.invoke("weighted", Qualifier="split")
            seen.add((out["ExecutedVersion"], body))
        self.assertEqual(seen, {("1", "one"), ("2", "two")})


if __name__ == "__main__":
    unittest.main()
