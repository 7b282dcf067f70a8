#!/usr/bin/env python3
"""Writes the seed corpora of tests/fuzz/corpus/<target>/ from the requests the unit tests use
(tests/data: botocore's own serialisations) plus hand-written expressions and templates.

Seeds are named seed-*; files the fuzzer found (and regression cases) keep other names and are
never touched here. Run again after adding golden requests: ./make_seeds.py
"""
import hashlib
import json
import pathlib

HERE = pathlib.Path(__file__).resolve().parent
DATA = HERE.parent / "data"
AUTH = ("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20260101/us-east-1/{svc}/aws4_request, "
        "SignedHeaders=host;x-amz-date, Signature=" + "0" * 64)


def http(method, target, headers, body):
    body = body.encode() if isinstance(body, str) else body
    head = [f"{method} {target} HTTP/1.1", "Host: localhost:4566"]
    head += [f"{k}: {v}" for k, v in headers.items()]
    head.append(f"Content-Length: {len(body)}")
    return ("\r\n".join(head) + "\r\n\r\n").encode() + body


def write(target, data):
    data = data.encode() if isinstance(data, str) else data
    folder = HERE / "corpus" / target
    folder.mkdir(parents=True, exist_ok=True)
    (folder / ("seed-" + hashlib.sha1(data).hexdigest()[:16])).write_bytes(data)


def rest_xml_requests():
    for case in json.loads((DATA / "rest-xml/botocore_requests.json").read_text()):
        r = case["request"]
        target = r["path"] + ("?" + r["query"] if r["query"] else "")
        headers = dict(r["headers"], Authorization=AUTH.format(svc="s3"))
        yield case["operation"], http(r["method"], target, headers, r["body"]), r["body"]


def query_requests():
    for case in json.loads((DATA / "query/botocore_requests.json").read_text()):
        headers = {"Content-Type": "application/x-www-form-urlencoded; charset=utf-8",
                   "Authorization": AUTH.format(svc=case["service"])}
        yield http("POST", "/", headers, case["body"])
    body = (DATA / "query/sqs_send_message_request.txt").read_text().strip()
    yield http("POST", "/", {"Content-Type": "application/x-www-form-urlencoded"}, body)


def json_requests():
    targets = {"dynamodb_getitem": "DynamoDB_20120810.GetItem",
               "dynamodb_putitem": "DynamoDB_20120810.PutItem",
               "sqs_sendmessage": "AmazonSQS.SendMessage"}
    for stem, target in targets.items():
        body = (DATA / f"json/{stem}_request.json").read_text()
        svc = stem.split("_")[0]
        yield http("POST", "/", {"X-Amz-Target": target, "Authorization": AUTH.format(svc=svc),
                                 "Content-Type": "application/x-amz-json-1.0"}, body)


def rest_json_requests():
    body = (DATA / "rest-json/lambda_createfunction_request.json").read_text()
    auth = {"Authorization": AUTH.format(svc="lambda"), "Content-Type": "application/json"}
    yield http("POST", "/2015-03-31/functions", auth, body)
    yield http("POST", "/2015-03-31/functions/f/invocations?Qualifier=1",
               dict(auth, **{"X-Amz-Invocation-Type": "Event"}), '{"k": 1}')
    yield http("GET", "/2015-03-31/functions?MaxItems=10&Marker=abc", auth, "")


S3_XML_OPERATIONS = ["PutBucketTagging", "PutBucketLifecycleConfiguration", "PutBucketCors",
                     "PutBucketNotificationConfiguration", "DeleteObjects"]

EXPRESSIONS = [  # (grammar byte as fuzz_ddb_expression reads it, text)
    (0, "attribute_not_exists(#k) AND (#a = :s OR size(#b) > :n)"),
    (0, "#a BETWEEN :n AND :n AND begins_with(#n, :s) AND contains(#b, :s)"),
    (0, "NOT (#a IN (:s, :n)) AND attribute_type(#b, :s) AND a.b[1].c <> :m"),
    (1, "#a.x[0] >= :n OR attribute_exists(#b)"),
    (2, "#k = :s AND begins_with(#n, :s)"),
    (2, "#k = :s AND #a BETWEEN :n AND :n"),
    (3, "#a, #b.c[2], name, d.e"),
    (4, "SET #a = :n + :n, #b = list_append(if_not_exists(#b, :l), :l) REMOVE c[1] "
        "ADD #n :ns DELETE d :ss"),
    (4, "SET a.b[0].c = if_not_exists(a, :m), e = :s - :n"),
]

PARTIQL = [
    'SELECT * FROM "t" WHERE pk = ? AND sk BETWEEN 1 AND 5',
    'SELECT a, b.c[0] FROM "t"."idx" WHERE begins_with(a, \'x\') OR a IS NOT MISSING',
    'INSERT INTO "t" VALUE {\'pk\': ?, \'n\': 12.5, \'l\': [1, \'a\', true, null], '
    '\'s\': <<\'a\', \'b\'>>, \'m\': {\'k\': 1}}',
    'UPDATE "t" SET a = ?, b.c = \'x\' REMOVE d WHERE pk = \'1\'',
    'DELETE FROM "t" WHERE pk = \'1\' AND NOT (a IN [1, 2])',
]

AWS_CHUNKED = [
    b"\x07" + b"5;chunk-signature=" + b"0" * 64 + b"\r\nhello\r\n0;chunk-signature=" + b"0" * 64
    + b"\r\n\r\n",
    b"\x03" + b"5\r\nhello\r\n0\r\nx-amz-checksum-crc32:NhCmhg==\r\n\r\n",
    b"\x1f" + b"a\r\n0123456789\r\n3\r\nabc\r\n0\r\n\r\n",
]

SIGV4 = [
    AUTH.format(svc="s3"),
    "AWS AKIDEXAMPLE:c2lnbmF0dXJl",
    "AKIDEXAMPLE/20260101/eu-west-1/sqs/aws4_request",
    "X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKID%2F20260101%2Fus-east-1%2Fs3%2F"
    "aws4_request&X-Amz-Date=20260101T000000Z&X-Amz-Expires=900&X-Amz-SignedHeaders=host"
    "&X-Amz-Signature=" + "0" * 64,
]


# Terraform states in both forms, shaped as the importer tests' states are (tests/unit/
# tfstate_import_test.cc, tfstate_apply_drift_test.cc, tests/e2e/test_import_tfstate.py): every
# mapped type, modules, count and for_each keys, dependencies, references between resources.
def tf_resource(rtype, name, attributes, index_key=None, module=None, dependencies=()):
    instance = {"schema_version": 0, "attributes": attributes,
                "dependencies": list(dependencies)}
    if index_key is not None:
        instance["index_key"] = index_key
    r = {"mode": "managed", "type": rtype, "name": name,
         "provider": "provider[\"registry.terraform.io/hashicorp/aws\"]", "instances": [instance]}
    if module:
        r["module"] = module
    return r


def tf_state(resources):
    return json.dumps({"version": 4, "terraform_version": "1.11.0", "serial": 3, "lineage": "x",
                       "outputs": {}, "resources": resources}, indent=1)


def tfstate_seeds():
    acct, region = "123456789012", "eu-west-1"
    url = f"https://sqs.{region}.amazonaws.com/{acct}/jobs"
    qarn = f"arn:aws:sqs:{region}:{acct}:jobs"
    dlq = f"arn:aws:sqs:{region}:{acct}:dlq"
    role = f"arn:aws:iam::{acct}:role/exec"
    fn = f"arn:aws:lambda:{region}:{acct}:function:worker"
    table = f"arn:aws:dynamodb:{region}:{acct}:table/items"
    queue = {"name": "jobs", "id": url, "url": url, "arn": qarn, "visibility_timeout_seconds": 45,
             "message_retention_seconds": 345600, "max_message_size": 262144,
             "delay_seconds": 0, "receive_wait_time_seconds": 0, "fifo_queue": False,
             "content_based_deduplication": False, "kms_master_key_id": "",
             "redrive_policy": json.dumps({"deadLetterTargetArn": dlq, "maxReceiveCount": 3}),
             "tags": {"team": "core"}, "tags_all": {"team": "core"}}
    bucket = {"bucket": "assets", "id": "assets", "arn": "arn:aws:s3:::assets", "region": region,
              "object_lock_enabled": False, "tags": {"env": "dev"}}
    yield tf_state([
        tf_resource("aws_sqs_queue", "jobs", queue, index_key="a", module="module.work"),
        tf_resource("aws_sqs_queue", "dlq", dict(queue, name="dlq", arn=dlq, redrive_policy="")),
        tf_resource("aws_sqs_queue_policy", "p", {"queue_url": url, "policy": json.dumps(
            {"Statement": [{"Effect": "Allow", "Principal": "*", "Action": "sqs:SendMessage",
                            "Resource": qarn}]})}),
        tf_resource("aws_sns_topic", "alerts", {"name": "alerts"}),
        {"mode": "data", "type": "aws_caller_identity", "name": "me",
         "instances": [{"attributes": {"account_id": acct}}]},
    ])
    yield tf_state([
        tf_resource("aws_s3_bucket", "assets", bucket, module="module.store"),
        tf_resource("aws_s3_bucket_versioning", "v", {
            "bucket": "assets", "versioning_configuration": [
                {"status": "Enabled", "mfa_delete": ""}]}, module="module.store",
            dependencies=["module.store.aws_s3_bucket.assets"]),
        tf_resource("aws_s3_bucket_cors_configuration", "c", {"bucket": "assets", "cors_rule": [
            {"allowed_headers": ["*"], "allowed_methods": ["GET"], "allowed_origins": ["*"],
             "expose_headers": ["ETag"], "max_age_seconds": 300}]}),
        tf_resource("aws_s3_bucket_lifecycle_configuration", "l", {"bucket": "assets", "rule": [
            {"id": "r", "status": "Enabled", "filter": [{"prefix": "logs/"}],
             "expiration": [{"days": 30, "date": None, "expired_object_delete_marker": False}],
             "transition": [{"days": 10, "storage_class": "STANDARD_IA"}],
             "noncurrent_version_expiration": [{"noncurrent_days": 5,
                                                "newer_noncurrent_versions": 2}],
             "abort_incomplete_multipart_upload": [{"days_after_initiation": 7}]}]}),
        tf_resource("aws_s3_bucket_server_side_encryption_configuration", "e", {
            "bucket": "assets", "rule": [{"bucket_key_enabled": True,
                                          "apply_server_side_encryption_by_default": [
                                              {"sse_algorithm": "AES256"}]}]}),
        tf_resource("aws_s3_bucket_public_access_block", "b", {
            "bucket": "assets", "block_public_acls": True, "block_public_policy": True,
            "ignore_public_acls": True, "restrict_public_buckets": True}),
        tf_resource("aws_s3_bucket_policy", "pol", {"bucket": "assets", "policy": "{}"}),
        tf_resource("aws_s3_bucket_notification", "n", {"bucket": "assets", "eventbridge": False,
                    "queue": [{"queue_arn": qarn, "events": ["s3:ObjectCreated:*"],
                               "filter_prefix": "in/", "filter_suffix": ".json"}],
                    "lambda_function": [{"lambda_function_arn": fn,
                                         "events": ["s3:ObjectRemoved:*"]}], "topic": []}),
        tf_resource("aws_sqs_queue", "jobs", queue),
    ])
    yield tf_state([
        tf_resource("aws_iam_role", "exec", {
            "name": "exec", "arn": role, "path": "/", "max_session_duration": 3600,
            "assume_role_policy": json.dumps({"Version": "2012-10-17", "Statement": [
                {"Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"},
                 "Action": "sts:AssumeRole"}]}), "permissions_boundary": "", "description": ""}),
        tf_resource("aws_iam_policy", "logs", {"name": "logs", "path": "/",
                    "arn": f"arn:aws:iam::{acct}:policy/logs", "policy": "{}"}),
        tf_resource("aws_iam_role_policy", "inline", {"role": "exec", "name": "inline",
                                                       "policy": "{}", "id": "exec:inline"}),
        tf_resource("aws_lambda_function", "worker", {
            "function_name": "worker", "arn": fn, "role": role, "runtime": "python3.12",
            "handler": "app.handler", "timeout": 30, "memory_size": 256, "architectures":
            ["x86_64"], "environment": [{"variables": {"K": "V"}}], "layers": [],
            "reserved_concurrent_executions": -1, "image_uri": "", "description": "d"},
            dependencies=["aws_iam_role.exec"]),
        tf_resource("aws_lambda_alias", "live", {"name": "live", "function_name": "worker",
                                                  "function_version": "1", "description": ""}),
        tf_resource("aws_lambda_permission", "s3", {
            "function_name": "worker", "action": "lambda:InvokeFunction", "principal":
            "s3.amazonaws.com", "source_arn": "arn:aws:s3:::assets", "source_account": acct,
            "event_source_token": None, "function_url_auth_type": None}),
        tf_resource("aws_lambda_event_source_mapping", "m", {
            "event_source_arn": qarn, "function_name": fn, "batch_size": 10, "enabled": True,
            "maximum_batching_window_in_seconds": 0, "function_response_types": [],
            "starting_position": "", "filter_criteria": [{"filter": [
                {"pattern": json.dumps({"body": {"k": ["v"]}})}]}]}),
        tf_resource("aws_dynamodb_table", "items", {
            "name": "items", "arn": table, "billing_mode": "PROVISIONED", "hash_key": "pk",
            "range_key": "sk", "read_capacity": 5, "write_capacity": 5, "table_class": "STANDARD",
            "attribute": [{"name": "pk", "type": "S"}, {"name": "sk", "type": "N"},
                          {"name": "g", "type": "S"}],
            "global_secondary_index": [{"name": "byg", "hash_key": "g", "range_key": "",
                                        "projection_type": "INCLUDE",
                                        "non_key_attributes": ["x"], "read_capacity": 1,
                                        "write_capacity": 1}],
            "local_secondary_index": [], "ttl": [{"attribute_name": "exp", "enabled": True}],
            "stream_enabled": True, "stream_view_type": "NEW_AND_OLD_IMAGES",
            "point_in_time_recovery": [{"enabled": False}], "deletion_protection_enabled": False,
            "tags": {}}, index_key=0),
        tf_resource("aws_sqs_queue", "jobs", queue),
    ])
    show = {"format_version": "1.0", "values": {"root_module": {
        "resources": [{"address": "aws_sqs_queue.q", "mode": "managed", "type": "aws_sqs_queue",
                       "name": "q", "values": queue}],
        "child_modules": [{"address": "module.m", "resources": [{
            "address": "module.m.aws_sqs_queue.r[\"k\"]", "mode": "managed",
            "type": "aws_sqs_queue", "name": "r", "index": "k", "values": queue,
            "depends_on": ["aws_sqs_queue.q"]}]}]}}}
    yield json.dumps(show, indent=1)


def main():
    for operation, request, body in rest_xml_requests():
        write("fuzz_codec_rest_xml", request)
        write("fuzz_http_request", request)
        if operation in S3_XML_OPERATIONS:
            write("fuzz_s3_xml", bytes([S3_XML_OPERATIONS.index(operation)]) + body.encode())
    for name, source in [("fuzz_codec_query", query_requests), ("fuzz_codec_json", json_requests),
                         ("fuzz_codec_rest_json", rest_json_requests)]:
        for request in source():
            write(name, request)
            write("fuzz_http_request", request)
    for grammar, text in EXPRESSIONS:
        write("fuzz_ddb_expression", bytes([grammar]) + text.encode())
    for text in PARTIQL:
        write("fuzz_partiql", text)
    for data in AWS_CHUNKED:
        write("fuzz_aws_chunked", data)
    for text in SIGV4:
        write("fuzz_sigv4", text)
    for template in (DATA / "cloudformation").iterdir():
        write("fuzz_cfn_template", template.read_bytes())
    write("fuzz_cfn_template", json.dumps({
        "Parameters": {"Env": {"Type": "String", "Default": "dev"}},
        "Conditions": {"IsDev": {"Fn::Equals": [{"Ref": "Env"}, "dev"]}},
        "Resources": {"Q": {"Type": "AWS::SQS::Queue", "Condition": "IsDev", "Properties": {
            "QueueName": {"Fn::Join": ["-", [{"Ref": "AWS::StackName"}, {"Fn::Select": [
                0, {"Fn::Split": [",", "a,b"]}]}]]},
            "Tags": [{"Key": "k", "Value": {"Fn::Sub": "${Env}-${AWS::Region}"}}]}},
            "B": {"Type": "AWS::S3::Bucket", "Properties": {"BucketName": {
                "Fn::If": ["IsDev", {"Fn::GetAtt": ["Q", "QueueName"]}, {"Ref": "AWS::NoValue"}]}}}},
        "Outputs": {"O": {"Value": {"Fn::Base64": {"Fn::Cidr": ["10.0.0.0/16", 2, 8]}}}}}))
    for state in tfstate_seeds():
        write("fuzz_tfstate", state)


if __name__ == "__main__":
    main()
