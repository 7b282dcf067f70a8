"""`terrarium import tfstate` beyond a plain file in the default account: a state written against
account 123456789012 / eu-west-1 recreates its resources there (ARNs in the state); a Lambda
function's code comes from the state's `filename` beside the state (else a stub whose invoke
fails saying the code was not imported, and the report says so); aws_s3_object is imported
(content or source, content type, metadata, tags) and drift-checked by its ETag; the state can
be read from an S3 backend object in the emulator."""

import io
import json
import os
import subprocess
import tempfile
import unittest
import zipfile

from harness import ServerTestCase, clean_env, terrarium_bin

ACCOUNT = "123456789012"
REGION = "eu-west-1"
ROLE_ARN = f"arn:aws:iam::{ACCOUNT}:role/src-exec"
TRUST = json.dumps({"Version": "2012-10-17", "Statement": [{
    "Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"},
    "Action": "sts:AssumeRole"}]})


def resource(rtype, name, attributes):
    return {"mode": "managed", "type": rtype, "name": name,
            "provider": "provider[\"registry.terraform.io/hashicorp/aws\"]",
            "instances": [{"schema_version": 0, "attributes": attributes}]}


def function(name, filename):
    return resource("aws_lambda_function", name, {
        "function_name": name, "id": name,
        "arn": f"arn:aws:lambda:{REGION}:{ACCOUNT}:function:{name}", "role": ROLE_ARN,
        "handler": "index.handler", "runtime": "python3.12", "timeout": 10, "memory_size": 128,
        "filename": filename, "source_code_hash": "", "tags": {}})


def state_with(*resources):
    return {"version": 4, "terraform_version": "1.11.0", "serial": 1, "lineage": "src",
            "outputs": {}, "resources": list(resources)}


class ImportSourcesTest(ServerTestCase):
    def setUp(self):
        self.dir = tempfile.TemporaryDirectory()
        self.addCleanup(self.dir.cleanup)

    def write(self, name, data):
        path = os.path.join(self.dir.name, name)
        with open(path, "wb" if isinstance(data, bytes) else "w") as f:
            f.write(data)
        return path

    def client(self, service):
        return self.boto3_client(service, region_name=REGION, aws_access_key_id=ACCOUNT)

    def cli(self, *args):
        proc = subprocess.run([terrarium_bin(), *args, "--endpoint", self.endpoint],
                              capture_output=True, text=True, timeout=120, env=clean_env())
        return proc.returncode, proc.stdout, proc.stderr

    def test_account_region_lambda_code_and_objects(self):
        package = io.BytesIO()
        with zipfile.ZipFile(package, "w") as z:
            z.writestr("index.py", "def handler(event, context):\n    return {'from': 'package'}\n")
        self.write("build.zip", package.getvalue())
        self.write("logo.txt", "logo bytes\n")
        queue_url = f"https://sqs.{REGION}.amazonaws.com/{ACCOUNT}/src-jobs"
        state = state_with(
            resource("aws_iam_role", "exec", {
                "name": "src-exec", "id": "src-exec", "arn": ROLE_ARN, "path": "/",
                "assume_role_policy": TRUST, "max_session_duration": 3600, "tags": {}}),
            function("src-packaged", "build.zip"),
            function("src-stubbed", "missing.zip"),
            resource("aws_sqs_queue", "jobs", {
                "name": "src-jobs", "id": queue_url, "url": queue_url,
                "arn": f"arn:aws:sqs:{REGION}:{ACCOUNT}:src-jobs",
                "visibility_timeout_seconds": 40, "fifo_queue": False, "tags": {}}),
            resource("aws_s3_bucket", "files", {
                "bucket": "src-files", "id": "src-files", "arn": "arn:aws:s3:::src-files",
                "region": REGION, "object_lock_enabled": False, "tags": {}}),
            resource("aws_s3_object", "readme", {
                "bucket": "src-files", "key": "docs/readme.txt", "id": "docs/readme.txt",
                "content": "hello\n", "content_type": "text/plain",
                "etag": "b1946ac92492d2347c6235b4d2611184", "metadata": {"team": "core"},
                "tags": {"kind": "doc"}}),
            resource("aws_s3_object", "logo", {
                "bucket": "src-files", "key": "logo.txt", "id": "logo.txt", "source": "logo.txt",
                "content_type": "binary/octet-stream",
                "etag": "3201aa3c61915d62413f7829998c5988", "metadata": {}, "tags": {}}),
            resource("aws_s3_object", "lost", {
                "bucket": "src-files", "key": "lost.bin", "id": "lost.bin",
                "source": "gone.bin", "etag": "", "metadata": {}, "tags": {}}))
        path = self.write("terraform.tfstate", json.dumps(state))

        code, out, err = self.cli("import", "tfstate", path)
        self.assertEqual(code, 0, out + err)
        self.assertIn("created          aws_lambda_function.src-packaged (AWS::Lambda::Function): "
                      "code from build.zip", out)
        self.assertIn("created          aws_lambda_function.src-stubbed (AWS::Lambda::Function): "
                      "code not imported (missing.zip not found beside the state): created with "
                      "a stub handler that returns an error", out)
        self.assertIn("created          aws_s3_object.readme (Terrarium::S3::Object)", out)
        self.assertIn("skipped          aws_s3_object.lost (Terrarium::S3::Object): its content "
                      "is not in the state and gone.bin was not found beside the state", out)

        # Where the ARNs say, and nowhere else.
        sqs = self.client("sqs")
        url = sqs.get_queue_url(QueueName="src-jobs")["QueueUrl"]
        self.assertIn(f"/{ACCOUNT}/src-jobs", url)
        attrs = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["All"])["Attributes"]
        self.assertEqual(attrs["QueueArn"], f"arn:aws:sqs:{REGION}:{ACCOUNT}:src-jobs")
        self.assertEqual(attrs["VisibilityTimeout"], "40")
        self.assertEqual(self.boto3_client("sqs").list_queues().get("QueueUrls", []), [])
        self.assertEqual(self.client("iam").get_role(RoleName="src-exec")["Role"]["Arn"],
                         ROLE_ARN)
        lam = self.client("lambda")
        self.assertEqual(lam.get_function(FunctionName="src-packaged")["Configuration"]
                         ["FunctionArn"], f"arn:aws:lambda:{REGION}:{ACCOUNT}:function:"
                         "src-packaged")

        answer = lam.invoke(FunctionName="src-packaged", Payload=b"{}")
        self.assertNotIn("FunctionError", answer)
        self.assertEqual(json.loads(answer["Payload"].read()), {"from": "package"})
        answer = lam.invoke(FunctionName="src-stubbed", Payload=b"{}")
        self.assertEqual(answer.get("FunctionError"), "Unhandled")
        self.assertIn("was not imported", answer["Payload"].read().decode())

        s3 = self.client("s3")
        readme = s3.get_object(Bucket="src-files", Key="docs/readme.txt")
        self.assertEqual(readme["Body"].read(), b"hello\n")
        self.assertEqual(readme["ContentType"], "text/plain")
        self.assertEqual(readme["Metadata"], {"team": "core"})
        self.assertEqual(s3.get_object_tagging(Bucket="src-files", Key="docs/readme.txt")
                         ["TagSet"], [{"Key": "kind", "Value": "doc"}])
        self.assertEqual(s3.get_object(Bucket="src-files", Key="logo.txt")["Body"].read(),
                         b"logo bytes\n")

        code, out, err = self.cli("import", "tfstate", path)
        self.assertEqual(code, 0, out + err)
        self.assertIn("7 already present, 1 skipped", out)

        code, out, err = self.cli("drift", "--tfstate", path, "--format", "json")
        self.assertEqual(code, 2, out + err)
        report = json.loads(out)
        self.assertEqual(report["Summary"], {"IN_SYNC": 7, "MODIFIED": 0, "DELETED": 1,
                                             "UNMANAGED": 0}, out)
        self.assertEqual(report["NotChecked"], [])
        # The object the import could not create is reported missing, not dropped.
        lost = next(r for r in report["Resources"]
                    if r["LogicalResourceId"] == "aws_s3_object.lost")
        self.assertEqual(lost["DriftStatus"], "DELETED")

        # Behind the state's back: the object's content and its tags.
        s3.put_object(Bucket="src-files", Key="docs/readme.txt", Body=b"changed",
                      ContentType="text/plain", Metadata={"team": "core"})
        code, out, err = self.cli("drift", "--tfstate", path, "--format", "json")
        self.assertEqual(code, 2, out + err)
        readme = next(r for r in json.loads(out)["Resources"]
                      if r["LogicalResourceId"] == "aws_s3_object.readme")
        self.assertEqual(readme["DriftStatus"], "MODIFIED")
        self.assertEqual(readme["PhysicalResourceId"], "src-files/docs/readme.txt")
        paths = {d["PropertyPath"]: d for d in readme["PropertyDifferences"]}
        self.assertEqual(paths["/ETag"]["ExpectedValue"], "b1946ac92492d2347c6235b4d2611184")
        self.assertEqual(paths["/Tags/0"]["DifferenceType"], "REMOVE")

    def test_state_in_an_s3_backend_object(self):
        url = f"https://sqs.us-east-1.amazonaws.com/000000000000/backend-jobs"
        state = state_with(resource("aws_sqs_queue", "jobs", {
            "name": "backend-jobs", "id": url, "url": url,
            "arn": "arn:aws:sqs:us-east-1:000000000000:backend-jobs",
            "visibility_timeout_seconds": 31, "fifo_queue": False, "tags": {}}))
        s3 = self.boto3_client("s3")
        s3.create_bucket(Bucket="tf-backend")
        s3.put_object(Bucket="tf-backend", Key="env/dev/terraform.tfstate",
                      Body=json.dumps(state).encode())

        code, out, err = self.cli("import", "tfstate", "--backend-bucket", "tf-backend",
                                  "--backend-key", "env/dev/terraform.tfstate", "--dry-run")
        self.assertEqual(code, 0, out + err)
        self.assertIn("would create     aws_sqs_queue.jobs (AWS::SQS::Queue)", out)
        code, out, err = self.cli("import", "tfstate", "s3://tf-backend/env/dev/terraform.tfstate")
        self.assertEqual(code, 0, out + err)
        self.assertIn("1 created", out)
        sqs = self.boto3_client("sqs")
        attrs = sqs.get_queue_attributes(
            QueueUrl=sqs.get_queue_url(QueueName="backend-jobs")["QueueUrl"],
            AttributeNames=["VisibilityTimeout"])["Attributes"]
        self.assertEqual(attrs["VisibilityTimeout"], "31")

        code, out, err = self.cli("drift", "--tfstate", "s3://tf-backend/env/dev/terraform.tfstate",
                                  "--format", "json")
        report = json.loads(out)
        self.assertEqual(report["Summary"]["IN_SYNC"], 1, out + err)
        # The backend bucket itself is in the emulator and declared by nothing.
        self.assertEqual([r["PhysicalResourceId"] for r in report["Resources"]
                          if r["DriftStatus"] == "UNMANAGED"], ["tf-backend"])
        self.assertEqual(code, 2)

        code, out, err = self.cli("import", "tfstate", "s3://tf-backend/no/such.tfstate")
        self.assertEqual(code, 1)
        self.assertIn("NoSuchKey", err)
        code, out, err = self.cli("import", "tfstate", "s3://tf-backend")
        self.assertEqual(code, 1)
        self.assertIn("s3://BUCKET/KEY", err)


if __name__ == "__main__":
    unittest.main()
