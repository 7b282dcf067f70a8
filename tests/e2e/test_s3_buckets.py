"""S3 buckets and bucket configurations end to end: boto3 and the aws CLI."""

import http.client
import json
import unittest

from harness import HOST, ServerTestCase
from lambda_support import create_python_function
from s3_support import bucket_name, error_of

OTHER_ACCOUNT = "123456789012"


class S3BucketTest(ServerTestCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.s3 = cls.boto3_client("s3")

    def test_create_head_list_delete(self):
        name = bucket_name()
        out = self.s3.create_bucket(Bucket=name)
        self.assertEqual(out["Location"], f"/{name}")
        head = self.s3.head_bucket(Bucket=name)
        self.assertEqual(head["ResponseMetadata"]["HTTPHeaders"]["x-amz-bucket-region"], "us-east-1")
        listed = self.s3.list_buckets()
        self.assertIn(name, [b["Name"] for b in listed["Buckets"]])
        self.assertEqual(len(listed["Owner"]["ID"]), 64)
        self.assertIsNone(self.s3.get_bucket_location(Bucket=name)["LocationConstraint"])
        self.assertEqual(self.s3.delete_bucket(Bucket=name)["ResponseMetadata"]["HTTPStatusCode"],
                         204)
        code, status, _ = error_of(self, self.s3.head_bucket, Bucket=name)
        self.assertEqual(status, 404)

    def test_location_constraint_and_region(self):
        name = bucket_name()
        eu = self.boto3_client("s3", region_name="eu-west-1")
        eu.create_bucket(Bucket=name, CreateBucketConfiguration={"LocationConstraint": "eu-west-1"})
        self.assertEqual(self.s3.get_bucket_location(Bucket=name)["LocationConstraint"], "eu-west-1")
        head = self.s3.head_bucket(Bucket=name)
        self.assertEqual(head["BucketRegion"], "eu-west-1")
        code, status, _ = error_of(self, eu.create_bucket, Bucket=name,
                                   CreateBucketConfiguration={"LocationConstraint": "eu-west-1"})
        self.assertEqual((code, status), ("BucketAlreadyOwnedByYou", 409))
        code, _, _ = error_of(self, self.s3.create_bucket, Bucket=bucket_name(),
                              CreateBucketConfiguration={"LocationConstraint": "us-east-1"})
        self.assertEqual(code, "InvalidLocationConstraint")
        code, _, _ = error_of(self, eu.create_bucket, Bucket=bucket_name())
        self.assertEqual(code, "IllegalLocationConstraintException")

    def test_already_exists_rules(self):
        name = bucket_name()
        self.s3.create_bucket(Bucket=name)
        # us-east-1 keeps the legacy answer for the owner.
        self.assertEqual(self.s3.create_bucket(Bucket=name)["ResponseMetadata"]["HTTPStatusCode"],
                         200)
        other = self.boto3_client("s3", aws_access_key_id=OTHER_ACCOUNT)
        code, status, err = error_of(self, other.create_bucket, Bucket=name)
        self.assertEqual((code, status), ("BucketAlreadyExists", 409))
        self.assertNotIn(name, [b["Name"] for b in other.list_buckets()["Buckets"]])

    def test_expected_bucket_owner(self):
        name = bucket_name()
        self.s3.create_bucket(Bucket=name)
        self.s3.get_bucket_versioning(Bucket=name, ExpectedBucketOwner="000000000000")
        code, status, _ = error_of(self, self.s3.get_bucket_versioning, Bucket=name,
                                   ExpectedBucketOwner="111111111111")
        self.assertEqual((code, status), ("AccessDenied", 403))

    def test_invalid_names(self):
        for name in ["ab", "UPPER", "a..b", "-ab", "192.168.1.1", "xn--abc", "a" * 64, "ab-"]:
            code, status, err = error_of(self, self.s3.create_bucket, Bucket=name)
            self.assertEqual((code, status), ("InvalidBucketName", 400), name)

    def test_delete_non_empty_and_missing(self):
        name = bucket_name()
        self.s3.create_bucket(Bucket=name)
        self.s3.put_object(Bucket=name, Key="k", Body=b"x")
        code, status, err = error_of(self, self.s3.delete_bucket, Bucket=name)
        self.assertEqual((code, status, err["BucketName"]), ("BucketNotEmpty", 409, name))
        code, status, err = error_of(self, self.s3.delete_bucket, Bucket=bucket_name("missing"))
        self.assertEqual((code, status), ("NoSuchBucket", 404))

    def test_terraform_refresh_reads(self):
        name = bucket_name()
        self.s3.create_bucket(Bucket=name, ACL="private")
        s3 = self.s3
        missing = {
            s3.get_bucket_policy: "NoSuchBucketPolicy",
            s3.get_bucket_cors: "NoSuchCORSConfiguration",
            s3.get_bucket_website: "NoSuchWebsiteConfiguration",
            s3.get_bucket_lifecycle_configuration: "NoSuchLifecycleConfiguration",
            s3.get_bucket_replication: "ReplicationConfigurationNotFoundError",
            s3.get_object_lock_configuration: "ObjectLockConfigurationNotFoundError",
            s3.get_bucket_tagging: "NoSuchTagSet",
        }
        for call, expected in missing.items():
            code, status, err = error_of(self, call, Bucket=name)
            self.assertEqual((code, status), (expected, 404), call.__name__)
        self.assertEqual(s3.get_bucket_acl(Bucket=name)["Grants"][0]["Permission"], "FULL_CONTROL")
        self.assertNotIn("Status", s3.get_bucket_versioning(Bucket=name))
        self.assertNotIn("Status", s3.get_bucket_accelerate_configuration(Bucket=name))
        self.assertEqual(s3.get_bucket_request_payment(Bucket=name)["Payer"], "BucketOwner")
        self.assertNotIn("LoggingEnabled", s3.get_bucket_logging(Bucket=name))
        rule = s3.get_bucket_encryption(Bucket=name)["ServerSideEncryptionConfiguration"]["Rules"][0]
        self.assertEqual(rule["ApplyServerSideEncryptionByDefault"]["SSEAlgorithm"], "AES256")
        pab = s3.get_public_access_block(Bucket=name)["PublicAccessBlockConfiguration"]
        self.assertEqual(set(pab.values()), {True})
        self.assertEqual(len(pab), 4)
        controls = s3.get_bucket_ownership_controls(Bucket=name)["OwnershipControls"]
        self.assertEqual(controls["Rules"][0]["ObjectOwnership"], "BucketOwnerEnforced")
        notification = s3.get_bucket_notification_configuration(Bucket=name)
        self.assertNotIn("QueueConfigurations", notification)

    def test_configurations_round_trip(self):
        name = bucket_name()
        s3 = self.s3
        s3.create_bucket(Bucket=name)
        policy = json.dumps({"Version": "2012-10-17", "Statement": [
            {"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject",
             "Resource": f"arn:aws:s3:::{name}/*"}]})
        s3.put_bucket_policy(Bucket=name, Policy=policy)
        self.assertEqual(json.loads(s3.get_bucket_policy(Bucket=name)["Policy"]), json.loads(policy))
        code, _, _ = error_of(self, s3.put_bucket_policy, Bucket=name, Policy="not json")
        self.assertEqual(code, "MalformedPolicy")
        s3.delete_bucket_policy(Bucket=name)
        self.assertEqual(error_of(self, s3.get_bucket_policy, Bucket=name)[0], "NoSuchBucketPolicy")

        cors = {"CORSRules": [{"AllowedMethods": ["GET", "PUT"], "AllowedOrigins": ["*"],
                               "AllowedHeaders": ["*"], "MaxAgeSeconds": 300,
                               "ExposeHeaders": ["ETag"]}]}
        s3.put_bucket_cors(Bucket=name, CORSConfiguration=cors)
        self.assertEqual(s3.get_bucket_cors(Bucket=name)["CORSRules"], cors["CORSRules"])
        s3.delete_bucket_cors(Bucket=name)
        self.assertEqual(error_of(self, s3.get_bucket_cors, Bucket=name)[0],
                         "NoSuchCORSConfiguration")

        rules = [{"ID": "expire", "Status": "Enabled",
                  "Filter": {"And": {"Prefix": "logs/", "ObjectSizeGreaterThan": 0,
                                     "Tags": [{"Key": "a", "Value": "b"}]}},
                  "Expiration": {"Days": 30},
                  "NoncurrentVersionExpiration": {"NoncurrentDays": 5,
                                                  "NewerNoncurrentVersions": 2}},
                 {"ID": "all", "Status": "Enabled", "Filter": {"Prefix": ""},
                  "AbortIncompleteMultipartUpload": {"DaysAfterInitiation": 7}}]
        s3.put_bucket_lifecycle_configuration(Bucket=name,
                                              LifecycleConfiguration={"Rules": rules})
        got = s3.get_bucket_lifecycle_configuration(Bucket=name)
        self.assertEqual(got["Rules"], rules)
        self.assertEqual(got["TransitionDefaultMinimumObjectSize"], "all_storage_classes_128K")
        s3.delete_bucket_lifecycle(Bucket=name)
        self.assertEqual(error_of(self, s3.get_bucket_lifecycle_configuration, Bucket=name)[0],
                         "NoSuchLifecycleConfiguration")

        s3.put_bucket_tagging(Bucket=name, Tagging={"TagSet": [{"Key": "env", "Value": "dev"}]})
        self.assertEqual(s3.get_bucket_tagging(Bucket=name)["TagSet"],
                         [{"Key": "env", "Value": "dev"}])
        s3.delete_bucket_tagging(Bucket=name)
        self.assertEqual(error_of(self, s3.get_bucket_tagging, Bucket=name)[0], "NoSuchTagSet")

        s3.put_bucket_encryption(Bucket=name, ServerSideEncryptionConfiguration={"Rules": [
            {"ApplyServerSideEncryptionByDefault": {"SSEAlgorithm": "aws:kms",
                                                    "KMSMasterKeyID": "alias/x"},
             "BucketKeyEnabled": True}]})
        rule = s3.get_bucket_encryption(Bucket=name)["ServerSideEncryptionConfiguration"]["Rules"][0]
        self.assertEqual(rule["ApplyServerSideEncryptionByDefault"]["SSEAlgorithm"], "aws:kms")
        s3.delete_bucket_encryption(Bucket=name)
        rule = s3.get_bucket_encryption(Bucket=name)["ServerSideEncryptionConfiguration"]["Rules"][0]
        self.assertEqual(rule["ApplyServerSideEncryptionByDefault"]["SSEAlgorithm"], "AES256")

        s3.put_public_access_block(Bucket=name, PublicAccessBlockConfiguration={
            "BlockPublicAcls": False, "IgnorePublicAcls": False, "BlockPublicPolicy": True,
            "RestrictPublicBuckets": False})
        pab = s3.get_public_access_block(Bucket=name)["PublicAccessBlockConfiguration"]
        self.assertEqual(pab["BlockPublicAcls"], False)
        self.assertEqual(pab["BlockPublicPolicy"], True)
        s3.delete_public_access_block(Bucket=name)
        self.assertEqual(error_of(self, s3.get_public_access_block, Bucket=name)[0],
                         "NoSuchPublicAccessBlockConfiguration")

        code, _, _ = error_of(self, s3.put_bucket_acl, Bucket=name, ACL="public-read")
        self.assertEqual(code, "AccessControlListNotSupported")
        code, _, _ = error_of(self, s3.put_object, Bucket=name, Key="k", Body=b"",
                              ACL="public-read")
        self.assertEqual(code, "AccessControlListNotSupported")
        s3.put_bucket_ownership_controls(Bucket=name, OwnershipControls={
            "Rules": [{"ObjectOwnership": "ObjectWriter"}]})
        s3.put_bucket_acl(Bucket=name, ACL="public-read")
        grants = s3.get_bucket_acl(Bucket=name)["Grants"]
        self.assertEqual([(g["Grantee"].get("URI"), g["Permission"]) for g in grants],
                         [(None, "FULL_CONTROL"),
                          ("http://acs.amazonaws.com/groups/global/AllUsers", "READ")])
        s3.put_object(Bucket=name, Key="acl", Body=b"", ACL="authenticated-read")
        grants = s3.get_object_acl(Bucket=name, Key="acl")["Grants"]
        self.assertEqual(grants[1]["Grantee"]["URI"],
                         "http://acs.amazonaws.com/groups/global/AuthenticatedUsers")
        s3.delete_object(Bucket=name, Key="acl")
        s3.delete_bucket_ownership_controls(Bucket=name)
        self.assertEqual(error_of(self, s3.get_bucket_ownership_controls, Bucket=name)[0],
                         "OwnershipControlsNotFoundError")

        website = {"IndexDocument": {"Suffix": "index.html"}, "ErrorDocument": {"Key": "e.html"}}
        s3.put_bucket_website(Bucket=name, WebsiteConfiguration=website)
        got = s3.get_bucket_website(Bucket=name)
        self.assertEqual(got["IndexDocument"], website["IndexDocument"])
        self.assertEqual(got["ErrorDocument"], website["ErrorDocument"])

        # The destinations must exist (S3 validates them, as AWS does).
        self.boto3_client("sqs").create_queue(QueueName="q")
        create_python_function(self.boto3_client("lambda"), "f", "def handler(e, c):\n    pass\n")
        notification = {"QueueConfigurations": [{
            "Id": "q", "QueueArn": "arn:aws:sqs:us-east-1:000000000000:q",
            "Events": ["s3:ObjectCreated:*"],
            "Filter": {"Key": {"FilterRules": [{"Name": "Prefix", "Value": "in/"}]}}}],
            "LambdaFunctionConfigurations": [{
                "Id": "l", "LambdaFunctionArn": "arn:aws:lambda:us-east-1:000000000000:function:f",
                "Events": ["s3:ObjectRemoved:*"]}]}
        s3.put_bucket_notification_configuration(Bucket=name,
                                                 NotificationConfiguration=notification)
        got = s3.get_bucket_notification_configuration(Bucket=name)
        self.assertEqual(got["QueueConfigurations"], notification["QueueConfigurations"])
        self.assertEqual(got["LambdaFunctionConfigurations"],
                         notification["LambdaFunctionConfigurations"])

        code, _, err = error_of(self, s3.put_bucket_notification_configuration, Bucket=name,
                                NotificationConfiguration={"QueueConfigurations": [{
                                    "QueueArn": "arn:aws:sqs:us-east-1:000000000000:q",
                                    "Events": ["s3:ObjectCreated:Nope"]}]})
        self.assertEqual((code, err["ArgumentValue"]), ("InvalidArgument", "s3:ObjectCreated:Nope"))
        s3.put_bucket_notification_configuration(Bucket=name, NotificationConfiguration={})
        self.assertNotIn("QueueConfigurations", s3.get_bucket_notification_configuration(Bucket=name))

        s3.put_bucket_accelerate_configuration(Bucket=name,
                                               AccelerateConfiguration={"Status": "Enabled"})
        self.assertEqual(s3.get_bucket_accelerate_configuration(Bucket=name)["Status"], "Enabled")
        s3.put_bucket_request_payment(Bucket=name,
                                      RequestPaymentConfiguration={"Payer": "Requester"})
        self.assertEqual(s3.get_bucket_request_payment(Bucket=name)["Payer"], "Requester")

        code, _, _ = error_of(self, s3.put_bucket_replication, Bucket=name,
                              ReplicationConfiguration={"Role": "arn:aws:iam::000000000000:role/r",
                                                        "Rules": []})
        self.assertEqual(code, "InvalidRequest")
        s3.put_bucket_versioning(Bucket=name, VersioningConfiguration={"Status": "Enabled"})
        self.assertEqual(s3.get_bucket_versioning(Bucket=name)["Status"], "Enabled")
        replication = {"Role": "arn:aws:iam::000000000000:role/r", "Rules": [
            {"ID": "r1", "Priority": 1, "Status": "Enabled", "Filter": {"Prefix": ""},
             "DeleteMarkerReplication": {"Status": "Disabled"},
             "Destination": {"Bucket": "arn:aws:s3:::elsewhere"}}]}
        s3.put_bucket_replication(Bucket=name, ReplicationConfiguration=replication)
        self.assertEqual(s3.get_bucket_replication(Bucket=name)["ReplicationConfiguration"],
                         replication)
        s3.put_object_lock_configuration(Bucket=name, ObjectLockConfiguration={
            "ObjectLockEnabled": "Enabled"})
        self.assertEqual(s3.get_object_lock_configuration(Bucket=name)[
            "ObjectLockConfiguration"]["ObjectLockEnabled"], "Enabled")

    def preflight(self, path, origin, method, headers=None):
        conn = http.client.HTTPConnection(HOST, self.port, timeout=10)
        try:
            request_headers = {"Access-Control-Request-Method": method}
            if origin:
                request_headers["Origin"] = origin
            if headers:
                request_headers["Access-Control-Request-Headers"] = headers
            conn.request("OPTIONS", path, headers=request_headers)
            resp = conn.getresponse()
            return resp.status, {k.lower(): v for k, v in resp.getheaders()}, resp.read()
        finally:
            conn.close()

    def test_cors_preflight(self):
        name = bucket_name("cors")
        self.s3.create_bucket(Bucket=name)
        status, _, body = self.preflight(f"/{name}/k", "http://app.example", "GET")
        self.assertEqual(status, 403)
        self.assertIn(b"CORS is not enabled for this bucket", body)
        self.s3.put_bucket_cors(Bucket=name, CORSConfiguration={"CORSRules": [
            {"AllowedOrigins": ["http://*.example"], "AllowedMethods": ["GET", "PUT"],
             "AllowedHeaders": ["x-amz-*", "content-type"], "ExposeHeaders": ["ETag"],
             "MaxAgeSeconds": 600}]})
        status, headers, _ = self.preflight(f"/{name}/some/key", "http://app.example", "PUT",
                                            "Content-Type, X-Amz-Date")
        self.assertEqual(status, 200)
        self.assertEqual(headers["access-control-allow-origin"], "http://app.example")
        self.assertEqual(headers["access-control-allow-methods"], "GET, PUT")
        self.assertEqual(headers["access-control-allow-headers"], "Content-Type, X-Amz-Date")
        self.assertEqual(headers["access-control-expose-headers"], "ETag")
        self.assertEqual(headers["access-control-max-age"], "600")
        status, _, body = self.preflight(f"/{name}", "http://evil.test", "GET")
        self.assertEqual(status, 403)
        self.assertIn(b"<Code>AccessForbidden</Code>", body)
        status, _, _ = self.preflight(f"/{name}/k", "http://app.example", "DELETE")
        self.assertEqual(status, 403)
        status, _, _ = self.preflight(f"/{name}/k", None, "GET")
        self.assertEqual(status, 400)

    def test_cli_mb_ls_rb(self):
        name = bucket_name("cli")
        proc = self.aws("s3", "mb", f"s3://{name}", check=False)
        self.assertEqual(proc.returncode, 0, proc.stderr)
        self.assertIn(name, self.aws("s3", "ls", check=False).stdout)
        proc = self.aws("s3", "rb", f"s3://{name}", check=False)
        self.assertEqual(proc.returncode, 0, proc.stderr)
        self.assertNotIn(name, [b["Name"] for b in self.s3.list_buckets()["Buckets"]])


if __name__ == "__main__":
    unittest.main()
