"""Terraform's S3 backend with `dynamodb_table` locking against a fresh server: state kept in the
emulated bucket, the lock an item of the emulated table (see remote_state_support.py)."""

import unittest

from remote_state_support import LOCK_TABLE, STATE_BUCKET, RemoteStateTestCase


class DynamoDbLockBackendTest(RemoteStateTestCase):
    config_name = "dynamodb-lock"

    def lock_id(self):
        return f"{STATE_BUCKET}/{self.state_key}"

    def lock_held(self):
        item = self.dynamodb.get_item(TableName=LOCK_TABLE, Key={"LockID": {"S": self.lock_id()}},
                                      ConsistentRead=True)
        return "Item" in item

    def test_state_in_the_emulator_with_a_dynamodb_lock(self):
        self.run_backend_cycle()

    def check_backend_records(self):
        # Terraform keeps the MD5 of the state it wrote beside the lock, and checks it on read.
        item = self.dynamodb.get_item(
            TableName=LOCK_TABLE, Key={"LockID": {"S": self.lock_id() + "-md5"}},
            ConsistentRead=True)["Item"]
        self.assertRegex(item["Digest"]["S"], "^[0-9a-f]{32}$")


if __name__ == "__main__":
    unittest.main()
