#!/usr/bin/env python3
"""Extract the botocore service models Terrarium serves into emulator/models/.

Reads the service-2.json(.gz) files of an installed botocore (python3 -m pip show botocore),
drops documentation, and writes one compact JSON file per service plus NOTICE. Run by hand when
the models are to be updated; the build only reads the committed files.
"""
import gzip
import json
import os
import sys

import botocore

SERVICES = {  # our name -> (botocore name, api version)
    "s3": ("s3", "2006-03-01"),
    "dynamodb": ("dynamodb", "2012-08-10"),
    "dynamodbstreams": ("dynamodbstreams", "2012-08-10"),
    "sqs": ("sqs", "2012-11-05"),
    "lambda": ("lambda", "2015-03-31"),
    "iam": ("iam", "2010-05-08"),
    "sts": ("sts", "2011-06-15"),
    "cloudformation": ("cloudformation", "2010-05-15"),
}
DROPPED_KEYS = {"documentation", "documentationUrl", "examples", "deprecatedMessage"}


def strip(node):
    if isinstance(node, dict):
        return {k: strip(v) for k, v in node.items() if k not in DROPPED_KEYS}
    if isinstance(node, list):
        return [strip(v) for v in node]
    return node


def load(botocore_name, version):
    base = os.path.join(os.path.dirname(botocore.__file__), "data", botocore_name, version)
    for name, opener in (("service-2.json.gz", gzip.open), ("service-2.json", open)):
        path = os.path.join(base, name)
        if os.path.exists(path):
            with opener(path, "rt", encoding="utf-8") as f:
                return json.load(f)
    sys.exit(f"no model for {botocore_name} {version} under {base}")


def main():
    out_dir = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "emulator", "models")
    for ours, (theirs, version) in SERVICES.items():
        model = strip(load(theirs, version))
        with open(os.path.join(out_dir, f"{ours}.json"), "w", encoding="utf-8") as f:
            json.dump(model, f, separators=(",", ":"))
            f.write("\n")
    with open(os.path.join(out_dir, "NOTICE"), "w", encoding="utf-8") as f:
        f.write(
            "The files *.json in this folder (not overrides/) are the AWS service models of botocore\n"
            f"{botocore.__version__} (https://github.com/boto/botocore, botocore/data/<service>/<version>/\n"
            "service-2.json), Copyright Amazon.com, Inc. or its affiliates, licensed under the Apache\n"
            "License 2.0. Documentation strings were removed by scripts/extract-models.py; nothing else\n"
            "was changed. Corrections live in overrides/.\n")


if __name__ == "__main__":
    main()
