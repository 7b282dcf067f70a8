"""Helpers shared by the S3 end-to-end modules."""

import itertools

from botocore.exceptions import ClientError

_names = itertools.count()


def bucket_name(prefix="b"):
    """A bucket name unique within this process (each module has its own server)."""
    return f"{prefix}-{next(_names)}"


def error_of(test, call, *args, **kwargs):
    """Runs a boto3 call that must fail; returns (code, status, error dict)."""
    with test.assertRaises(ClientError) as ctx:
        call(*args, **kwargs)
    err = ctx.exception.response
    return err["Error"].get("Code"), err["ResponseMetadata"]["HTTPStatusCode"], err["Error"]
