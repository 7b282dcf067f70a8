"""Lambda versions, aliases, qualified invocation and resource policies end to end."""

import json
import unittest

from botocore.exceptions import ClientError

from harness import ServerTestCase
from lambda_support import create_python_function, python_zip

V1 = "def handler(event, context):\n    return ['v1', context.invoked_function_arn]\n"
V2 = "def handler(event, context):\n    return ['v2', context.invoked_function_arn]\n"


class LambdaVersionsTest(ServerTestCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.client = cls.boto3_client("lambda")

    def invoke(self, name, **kw):
        out = self.client.invoke(FunctionName=name, **kw)
        return out, json.loads(out["Payload"].read())

    def test_versions_aliases_and_qualified_invoke(self):
        create_python_function(self.client, "ver", V1, Publish=True)
        self.client.update_function_code(FunctionName="ver", ZipFile=python_zip(V2))
        v2 = self.client.publish_version(FunctionName="ver", Description="second")
        self.assertEqual(v2["Version"], "2")
        self.assertTrue(v2["FunctionArn"].endswith(":ver:2"))
        # Nothing changed: publishing again returns the same version.
        self.assertEqual(self.client.publish_version(FunctionName="ver")["Version"], "2")
        versions = [v["Version"] for v in
                    self.client.list_versions_by_function(FunctionName="ver")["Versions"]]
        self.assertEqual(versions, ["$LATEST", "1", "2"])

        out, body = self.invoke("ver", Qualifier="1")
        self.assertEqual(out["ExecutedVersion"], "1")
        self.assertEqual(body[0], "v1")
        self.assertTrue(body[1].endswith(":function:ver:1"))
        _, body = self.invoke("ver:2")
        self.assertEqual(body[0], "v2")

        alias = self.client.create_alias(FunctionName="ver", Name="live", FunctionVersion="1")
        self.assertTrue(alias["AliasArn"].endswith(":function:ver:live"))
        out, body = self.invoke("ver", Qualifier="live")
        self.assertEqual((out["ExecutedVersion"], body[0]), ("1", "v1"))
        self.client.update_alias(FunctionName="ver", Name="live", FunctionVersion="2")
        out, body = self.invoke("ver:live")
        self.assertEqual((out["ExecutedVersion"], body[0]), ("2", "v2"))
        self.assertEqual(
            [a["Name"] for a in self.client.list_aliases(FunctionName="ver")["Aliases"]], ["live"])
        got = self.client.get_function(FunctionName="ver", Qualifier="1")
        self.assertEqual(got["Configuration"]["Version"], "1")
        self.client.delete_alias(FunctionName="ver", Name="live")
        with self.assertRaises(ClientError) as ctx:
            self.invoke("ver", Qualifier="live")
        self.assertEqual(ctx.exception.response["Error"]["Code"], "ResourceNotFoundException")
        with self.assertRaises(ClientError):
            self.client.create_alias(FunctionName="ver", Name="bad", FunctionVersion="9")

    def test_permissions(self):
        create_python_function(self.client, "perm", V1)
        with self.assertRaises(ClientError) as ctx:
            self.client.get_policy(FunctionName="perm")
        self.assertEqual(ctx.exception.response["Error"]["Code"], "ResourceNotFoundException")
        out = self.client.add_permission(
            FunctionName="perm", StatementId="s3", Action="lambda:InvokeFunction",
            Principal="s3.amazonaws.com", SourceArn="arn:aws:s3:::bucket")
        statement = json.loads(out["Statement"])
        self.assertEqual(statement["Principal"], {"Service": "s3.amazonaws.com"})
        policy = json.loads(self.client.get_policy(FunctionName="perm")["Policy"])
        self.assertEqual(policy["Statement"][0]["Sid"], "s3")
        self.assertEqual(policy["Statement"][0]["Condition"],
                         {"ArnLike": {"AWS:SourceArn": "arn:aws:s3:::bucket"}})
        with self.assertRaises(ClientError) as ctx:
            self.client.add_permission(FunctionName="perm", StatementId="s3",
                                       Action="lambda:InvokeFunction", Principal="sns.amazonaws.com")
        self.assertEqual(ctx.exception.response["Error"]["Code"], "ResourceConflictException")
        self.client.remove_permission(FunctionName="perm", StatementId="s3")
        with self.assertRaises(ClientError):
            self.client.get_policy(FunctionName="perm")
        with self.assertRaises(ClientError) as ctx:
            self.client.remove_permission(FunctionName="perm", StatementId="s3")
        self.assertEqual(ctx.exception.response["Error"]["Code"], "ResourceNotFoundException")


if __name__ == "__main__":
    unittest.main()
