"""S3 as a browser meets it: Access-Control-* headers on ordinary answers from the bucket's CORS
rules (not only on preflight), and the limits of presigned URLs (expired, over a week)."""

import datetime
import http.client
import unittest
import urllib.error
import urllib.parse
import urllib.request
import xml.etree.ElementTree as ET

import botocore.config

from harness import HOST, ServerTestCase
from s3_support import bucket_name


def error_fields(body):
    return {child.tag: child.text for child in ET.fromstring(body)}


def with_param(url, name, value):
    """The URL with query parameter `name` set to `value` (the signature is not checked)."""
    parts = urllib.parse.urlsplit(url)
    query = [(k, value if k == name else v) for k, v in urllib.parse.parse_qsl(parts.query)]
    return urllib.parse.urlunsplit(parts._replace(query=urllib.parse.urlencode(query)))


def fetch(url, method="GET", data=None):
    request = urllib.request.Request(url, data=data, method=method)
    try:
        with urllib.request.urlopen(request, timeout=10) as resp:
            return resp.status, resp.read()
    except urllib.error.HTTPError as e:
        return e.code, e.read()


class S3CorsTest(ServerTestCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.s3 = cls.boto3_client("s3")
        cls.bucket = bucket_name("cors")
        cls.s3.create_bucket(Bucket=cls.bucket)
        cls.s3.put_bucket_cors(Bucket=cls.bucket, CORSConfiguration={"CORSRules": [
            {"AllowedOrigins": ["http://*.example"], "AllowedMethods": ["GET", "PUT"],
             "ExposeHeaders": ["ETag", "x-amz-version-id"], "MaxAgeSeconds": 300},
            {"AllowedOrigins": ["*"], "AllowedMethods": ["HEAD"]}]})
        cls.s3.put_object(Bucket=cls.bucket, Key="page.html", Body=b"<p>hi</p>")

    def request(self, method, path, origin=None, body=None):
        conn = http.client.HTTPConnection(HOST, self.port, timeout=30)
        headers = {"Origin": origin} if origin else {}
        try:
            conn.request(method, path, body=body, headers=headers)
            resp = conn.getresponse()
            return resp.status, {k.lower(): v for k, v in resp.getheaders()}, resp.read()
        finally:
            conn.close()

    def test_matching_origin_gets_the_rule_headers(self):
        status, headers, body = self.request("GET", f"/{self.bucket}/page.html",
                                             "http://app.example")
        self.assertEqual((status, body), (200, b"<p>hi</p>"))
        self.assertEqual(headers["access-control-allow-origin"], "http://app.example")
        self.assertEqual(headers["access-control-allow-methods"], "GET, PUT")
        self.assertEqual(headers["access-control-expose-headers"], "ETag, x-amz-version-id")
        self.assertEqual(headers["access-control-max-age"], "300")
        self.assertEqual(headers["access-control-allow-credentials"], "true")
        self.assertEqual(headers["vary"],
                         "Origin, Access-Control-Request-Headers, Access-Control-Request-Method")
        status, headers, _ = self.request("PUT", f"/{self.bucket}/up.txt", "http://app.example",
                                          b"data")
        self.assertEqual(status, 200)
        self.assertEqual(headers["access-control-allow-origin"], "http://app.example")

    def test_wildcard_rule_answers_star_without_credentials(self):
        status, headers, _ = self.request("HEAD", f"/{self.bucket}/page.html", "http://other.test")
        self.assertEqual(status, 200)
        self.assertEqual(headers["access-control-allow-origin"], "*")
        self.assertEqual(headers["access-control-allow-methods"], "HEAD")
        self.assertNotIn("access-control-allow-credentials", headers)

    def test_errors_carry_the_headers_too(self):
        status, headers, body = self.request("GET", f"/{self.bucket}/missing",
                                             "http://app.example")
        self.assertEqual(status, 404)
        self.assertIn(b"<Code>NoSuchKey</Code>", body)
        self.assertEqual(headers["access-control-allow-origin"], "http://app.example")

    def test_no_header_without_origin_or_match(self):
        _, headers, _ = self.request("GET", f"/{self.bucket}/page.html")
        self.assertNotIn("access-control-allow-origin", headers)
        # The origin matches no rule allowing DELETE or GET.
        status, headers, _ = self.request("GET", f"/{self.bucket}/page.html", "http://evil.test")
        self.assertEqual(status, 200)
        self.assertNotIn("access-control-allow-origin", headers)
        status, headers, _ = self.request("DELETE", f"/{self.bucket}/up-none",
                                          "http://app.example")
        self.assertEqual(status, 204)
        self.assertNotIn("access-control-allow-origin", headers)
        other = bucket_name("nocors")
        self.s3.create_bucket(Bucket=other)
        _, headers, _ = self.request("GET", f"/{other}", "http://app.example")
        self.assertNotIn("access-control-allow-origin", headers)


class S3PresignedLimitsTest(ServerTestCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.s3 = cls.boto3_client("s3")
        cls.bucket = bucket_name("presign")
        cls.s3.create_bucket(Bucket=cls.bucket)
        cls.s3.put_object(Bucket=cls.bucket, Key="k", Body=b"secret")
        cls.v4 = cls.boto3_client("s3", config=botocore.config.Config(signature_version="s3v4"))
        cls.v2 = cls.boto3_client("s3", config=botocore.config.Config(signature_version="s3"))

    def url(self, client, expires=60, method="get_object"):
        return client.generate_presigned_url(method, Params={"Bucket": self.bucket, "Key": "k"},
                                             ExpiresIn=expires)

    def test_sigv4_expired(self):
        signed_at = datetime.datetime.now(datetime.timezone.utc) - datetime.timedelta(hours=1)
        url = with_param(self.url(self.v4, 60), "X-Amz-Date", signed_at.strftime("%Y%m%dT%H%M%SZ"))
        status, body = fetch(url)
        self.assertEqual(status, 403)
        fields = error_fields(body)
        self.assertEqual((fields["Code"], fields["Message"]), ("AccessDenied", "Request has expired"))
        self.assertEqual(fields["X-Amz-Expires"], "60")
        expected = (signed_at + datetime.timedelta(seconds=60)).strftime("%Y-%m-%dT%H:%M:%SZ")
        self.assertEqual(fields["Expires"], expected)
        server_time = datetime.datetime.strptime(fields["ServerTime"], "%Y-%m-%dT%H:%M:%SZ")
        now = datetime.datetime.now(datetime.timezone.utc).replace(tzinfo=None)
        self.assertLess(abs((server_time - now).total_seconds()), 60)
        self.assertIn("RequestId", fields)
        # PUT through an expired URL stores nothing.
        put_url = with_param(self.url(self.v4, 60, "put_object"), "X-Amz-Date",
                             signed_at.strftime("%Y%m%dT%H%M%SZ"))
        self.assertEqual(fetch(put_url, "PUT", b"overwritten")[0], 403)
        self.assertEqual(self.s3.get_object(Bucket=self.bucket, Key="k")["Body"].read(), b"secret")

    def test_sigv4_lifetime_limits(self):
        status, body = fetch(self.url(self.v4, 604800))
        self.assertEqual((status, body), (200, b"secret"))
        status, body = fetch(self.url(self.v4, 604801))
        self.assertEqual(status, 400)
        fields = error_fields(body)
        self.assertEqual(fields["Code"], "AuthorizationQueryParametersError")
        self.assertEqual(fields["Message"],
                         "X-Amz-Expires must be less than a week (in seconds) that is 604800")
        status, body = fetch(with_param(self.url(self.v4), "X-Amz-Expires", "-1"))
        self.assertEqual((status, error_fields(body)["Code"]),
                         (400, "AuthorizationQueryParametersError"))
        status, body = fetch(with_param(self.url(self.v4), "X-Amz-Date", "yesterday"))
        self.assertEqual((status, error_fields(body)["Code"]),
                         (400, "AuthorizationQueryParametersError"))
        incomplete = self.url(self.v4).replace("X-Amz-SignedHeaders=", "X-Amz-Other=")
        status, body = fetch(incomplete)
        self.assertEqual((status, error_fields(body)["Code"]),
                         (400, "AuthorizationQueryParametersError"))

    def test_sigv2_expired(self):
        past = int(datetime.datetime.now(datetime.timezone.utc).timestamp()) - 120
        status, body = fetch(with_param(self.url(self.v2), "Expires", str(past)))
        self.assertEqual(status, 403)
        fields = error_fields(body)
        self.assertEqual((fields["Code"], fields["Message"]), ("AccessDenied", "Request has expired"))
        self.assertEqual(fields["Expires"],
                         datetime.datetime.fromtimestamp(past, datetime.timezone.utc)
                         .strftime("%Y-%m-%dT%H:%M:%SZ"))
        self.assertIn("ServerTime", fields)
        self.assertEqual(fetch(self.url(self.v2)), (200, b"secret"))


if __name__ == "__main__":
    unittest.main()
