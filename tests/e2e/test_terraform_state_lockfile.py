"""Terraform's S3 backend with `use_lockfile = true` against a fresh server: state kept in the
emulated bucket, locked by `<key>.tflock` written with If-None-Match: * (see
remote_state_support.py for the cycle)."""

import unittest

from botocore.exceptions import ClientError

from remote_state_support import STATE_BUCKET, RemoteStateTestCase


class LockfileBackendTest(RemoteStateTestCase):
    config_name = "lockfile"

    def lock_held(self):
        try:
            self.s3.head_object(Bucket=STATE_BUCKET, Key=self.state_key + ".tflock")
            return True
        except ClientError as e:
            if e.response["ResponseMetadata"]["HTTPStatusCode"] == 404:
                return False
            raise

    def test_state_in_the_emulator_with_a_lock_file(self):
        self.run_backend_cycle()


if __name__ == "__main__":
    unittest.main()
