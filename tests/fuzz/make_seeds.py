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


if __name__ == "__main__":
    main()
