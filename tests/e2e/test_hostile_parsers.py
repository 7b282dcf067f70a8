"""Hostile request bodies (issue 11): XML with a DTD (external entities, billion laughs) is refused
without being expanded, 100,000-level JSON and 10,000 nested parentheses in a DynamoDB expression
get AWS's validation errors instead of exhausting the stack, and the server keeps serving."""

import json
import time
import unittest

from botocore.exceptions import ClientError

from harness import ServerTestCase, build_request
from s3_support import bucket_name

XXE = (b'<?xml version="1.0"?>\n<!DOCTYPE Tagging [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n'
       b'<Tagging xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><TagSet><Tag><Key>k</Key>'
       b'<Value>&xxe;</Value></Tag></TagSet></Tagging>')

BILLION_LAUGHS = (b'<?xml version="1.0"?>\n<!DOCTYPE lolz [<!ENTITY lol "lol">'
                  + b"".join(b'<!ENTITY lol%d "%s">' % (i, b"&lol%d;" % (i - 1) * 10 if i > 1
                                                          else b"&lol;" * 10)
                             for i in range(1, 10))
                  + b']>\n<Tagging><TagSet><Tag><Key>k</Key><Value>&lol9;</Value></Tag></TagSet>'
                    b'</Tagging>')

DEPTH = 100_000


class HostileParsersTest(ServerTestCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.s3 = cls.boto3_client("s3")
        cls.ddb = cls.boto3_client("dynamodb")
        cls.bucket = bucket_name("xml")
        cls.s3.create_bucket(Bucket=cls.bucket)
        cls.ddb.create_table(
            TableName="hostile", BillingMode="PAY_PER_REQUEST",
            AttributeDefinitions=[{"AttributeName": "id", "AttributeType": "S"}],
            KeySchema=[{"AttributeName": "id", "KeyType": "HASH"}])

    def send(self, method, path, service, body, headers=None):
        headers = self.signed_headers(service, method=method, path=path, body=body,
                                      headers=dict(headers or {}, **{
                                          "Content-Length": str(len(body)),
                                          "Connection": "close"}))
        started = time.monotonic()
        result = self.raw_exchange(build_request(method, path, headers, body), timeout=10.0)
        return result, time.monotonic() - started

    def put_tagging_xml(self, body):
        result, seconds = self.send("PUT", f"/{self.bucket}?tagging", "s3", body,
                                    {"x-amz-content-sha256": "UNSIGNED-PAYLOAD"})
        self.assertEqual(result.status(), 400, result.data[:500])
        self.assertIn(b"<Code>MalformedXML</Code>", result.data)
        self.assertLess(seconds, 5.0)
        return result

    def assert_no_tags(self):
        with self.assertRaises(ClientError) as ctx:
            self.s3.get_bucket_tagging(Bucket=self.bucket)
        self.assertEqual(ctx.exception.response["Error"]["Code"], "NoSuchTagSet")

    def test_xml_external_entity_is_refused_unread(self):
        result = self.put_tagging_xml(XXE)
        self.assertNotIn(b"root:", result.data)
        self.assert_no_tags()

    def test_billion_laughs_is_refused_unexpanded(self):
        self.put_tagging_xml(BILLION_LAUGHS)
        self.assert_no_tags()
        self.assert_server_alive()

    def json_request(self, target, body):
        """A raw DynamoDB call; (error code, message), or None when it succeeded."""
        result, _ = self.send("POST", "/", "dynamodb", body, {
            "X-Amz-Target": target, "Content-Type": "application/x-amz-json-1.0"})
        if result.status() == 200:
            return None
        self.assertEqual(result.status(), 400, result.data[:500])
        error = json.loads(result.data.split(b"\r\n\r\n", 1)[1])
        return error["__type"].split("#")[-1], error.get("message", error.get("Message"))

    def ddb_put_raw(self, key, value):
        body = '{"TableName": "hostile", "Item": {"id": {"S": "%s"}, "v": %s}}' % (key, value)
        return self.json_request("DynamoDB_20120810.PutItem", body.encode())

    def test_json_nested_100000_levels(self):
        # Where the model expects an attribute value: a list is a type error, and an object of
        # unknown members is ignored member by member, leaving an empty attribute value.
        empty = ("Supplied AttributeValue is empty, must contain exactly one of the supported "
                 "datatypes")
        for name, nested, want in [
                ("arrays", b"[" * DEPTH + b"]" * DEPTH,
                 ("SerializationException", "Start of list found where not expected")),
                ("objects", b'{"a":' * DEPTH + b"1" + b"}" * DEPTH, ("ValidationException", empty))]:
            with self.subTest(name):
                body = b'{"TableName": "hostile", "Item": {"id": {"S": "x"}, "v": ' + nested + b"}}"
                self.assertEqual(self.json_request("DynamoDB_20120810.PutItem", body), want)
        # Nested attribute values, well-formed for the model: DynamoDB stores 32 levels (the
        # attribute is level 1) and refuses 33 with its own message. 2,000 levels stop in the
        # JSON reader's depth limit first.
        def nested(levels):
            value = '{"S": "leaf"}'
            for _ in range(levels - 1):
                value = '{"L": [' + value + "]}"
            return value
        self.assertIsNone(self.ddb_put_raw("ok", nested(32)))
        self.assertIn("Item", self.ddb.get_item(TableName="hostile", Key={"id": {"S": "ok"}}))
        code, message = self.ddb_put_raw("deep", nested(33))
        self.assertEqual((code, message), (
            "ValidationException", "Nesting Levels have exceeded supported limits: Attributes in "
            "the item have nested levels beyond supported limit"))
        code, _ = self.ddb_put_raw("deeper", nested(2000))
        self.assertIn(code, ("SerializationException", "ValidationException"))
        for key in ("deep", "deeper"):
            self.assertNotIn("Item", self.ddb.get_item(TableName="hostile",
                                                       Key={"id": {"S": key}}))
        self.assert_server_alive()

    def test_expression_with_10000_nested_parentheses(self):
        expression = "(" * 10000 + "attribute_not_exists(id)" + ")" * 10000
        for call, kwargs, member in [
            (self.ddb.put_item, {"Item": {"id": {"S": "p"}}, "ConditionExpression": expression},
             "ConditionExpression"),
            (self.ddb.scan, {"FilterExpression": expression}, "FilterExpression"),
        ]:
            with self.subTest(member):
                with self.assertRaises(ClientError) as ctx:
                    call(TableName="hostile", **kwargs)
                err = ctx.exception.response["Error"]
                self.assertEqual(err["Code"], "ValidationException")
                self.assertEqual(
                    err["Message"],
                    f"Invalid {member}: Expression size has exceeded the maximum allowed size; "
                    f"expression size: {len(expression)}")
        self.assertNotIn("Item", self.ddb.get_item(TableName="hostile", Key={"id": {"S": "p"}}))

    def test_partiql_with_10000_nested_parentheses(self):
        statement = 'SELECT * FROM "hostile" WHERE ' + "(" * 10000 + "id = 'a'" + ")" * 10000
        with self.assertRaises(ClientError) as ctx:
            self.ddb.execute_statement(Statement=statement)
        err = ctx.exception.response["Error"]
        self.assertEqual(err["Code"], "ValidationException")
        self.assertIn("Member must have length less than or equal to 8192", err["Message"])
        self.assert_server_alive()


if __name__ == "__main__":
    unittest.main()
