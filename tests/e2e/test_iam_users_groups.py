"""IAM users, groups, access keys and the account: boto3 and the aws CLI against a real server."""

import json
import unittest

from botocore.exceptions import ClientError

from iam_support import ACCOUNT, IamTestCase

POLICY = {"Version": "2012-10-17",
          "Statement": [{"Effect": "Allow", "Action": "sqs:*", "Resource": "*"}]}
READ_ONLY = "arn:aws:iam::aws:policy/ReadOnlyAccess"


class IamUsersAndGroupsTest(IamTestCase):

    def test_user_lifecycle(self):
        user = self.iam.create_user(UserName="alice", Path="/staff/",
                                    Tags=[{"Key": "team", "Value": "a"}])["User"]
        self.assertRegex(user["UserId"], r"^AIDA[A-Z2-7]{17}$")
        self.assertEqual(user["Arn"], f"arn:aws:iam::{ACCOUNT}:user/staff/alice")
        with self.assertRaises(ClientError) as ctx:
            self.iam.create_user(UserName="alice")
        self.assert_error(ctx, "EntityAlreadyExists", 409, "User with name alice already exists.")
        got = self.iam.get_user(UserName="alice")["User"]
        self.assertEqual(got["Tags"], [{"Key": "team", "Value": "a"}])
        self.iam.tag_user(UserName="alice", Tags=[{"Key": "x", "Value": "y"}])
        self.iam.untag_user(UserName="alice", TagKeys=["team"])
        self.assertEqual(self.iam.list_user_tags(UserName="alice")["Tags"],
                         [{"Key": "x", "Value": "y"}])
        self.iam.update_user(UserName="alice", NewUserName="alicia", NewPath="/ops/")
        with self.assertRaises(ClientError) as ctx:
            self.iam.get_user(UserName="alice")
        self.assert_error(ctx, "NoSuchEntity", 404, "The user with name alice cannot be found.")
        moved = self.iam.get_user(UserName="alicia")["User"]
        self.assertEqual(moved["Arn"], f"arn:aws:iam::{ACCOUNT}:user/ops/alicia")
        self.assertEqual(moved["UserId"], user["UserId"])
        self.assertIn("alicia", [u["UserName"] for u in
                                 self.iam.list_users(PathPrefix="/ops/")["Users"]])
        self.iam.delete_user(UserName="alicia")

    def test_user_policies_block_deletion(self):
        self.iam.create_user(UserName="bob")
        self.iam.put_user_policy(UserName="bob", PolicyName="inline",
                                 PolicyDocument=json.dumps(POLICY))
        self.assertEqual(self.iam.get_user_policy(UserName="bob", PolicyName="inline")
                         ["PolicyDocument"], POLICY)
        self.assertEqual(self.iam.list_user_policies(UserName="bob")["PolicyNames"], ["inline"])
        with self.assertRaises(ClientError) as ctx:
            self.iam.delete_user(UserName="bob")
        self.assert_error(ctx, "DeleteConflict", 409,
                          "Cannot delete entity, must delete policies first.")
        self.iam.delete_user_policy(UserName="bob", PolicyName="inline")
        self.iam.attach_user_policy(UserName="bob", PolicyArn=READ_ONLY)
        self.assertEqual([p["PolicyArn"] for p in self.iam.list_attached_user_policies(
            UserName="bob")["AttachedPolicies"]], [READ_ONLY])
        with self.assertRaises(ClientError) as ctx:
            self.iam.delete_user(UserName="bob")
        self.assert_error(ctx, "DeleteConflict", 409,
                          "Cannot delete entity, must detach all policies first.")
        self.iam.detach_user_policy(UserName="bob", PolicyArn=READ_ONLY)
        self.iam.delete_user(UserName="bob")

    def test_groups(self):
        self.iam.create_user(UserName="carol")
        group = self.iam.create_group(GroupName="devs")["Group"]
        self.assertRegex(group["GroupId"], r"^AGPA")
        with self.assertRaises(ClientError) as ctx:
            self.iam.create_group(GroupName="devs")
        self.assert_error(ctx, "EntityAlreadyExists", 409, "Group with name devs already exists.")
        self.iam.add_user_to_group(GroupName="devs", UserName="carol")
        got = self.iam.get_group(GroupName="devs")
        self.assertEqual([u["UserName"] for u in got["Users"]], ["carol"])
        self.assertEqual(got["Group"]["GroupName"], "devs")
        self.assertEqual([g["GroupName"] for g in
                          self.iam.list_groups_for_user(UserName="carol")["Groups"]], ["devs"])
        self.iam.put_group_policy(GroupName="devs", PolicyName="gp",
                                  PolicyDocument=json.dumps(POLICY))
        self.assertEqual(self.iam.get_group_policy(GroupName="devs", PolicyName="gp")
                         ["PolicyDocument"], POLICY)
        self.iam.attach_group_policy(GroupName="devs", PolicyArn=READ_ONLY)
        entities = self.iam.list_entities_for_policy(PolicyArn=READ_ONLY, EntityFilter="Group")
        self.assertEqual([g["GroupName"] for g in entities["PolicyGroups"]], ["devs"])
        with self.assertRaises(ClientError) as ctx:
            self.iam.delete_user(UserName="carol")
        self.assert_error(ctx, "DeleteConflict", 409)
        with self.assertRaises(ClientError) as ctx:
            self.iam.delete_group(GroupName="devs")
        self.assert_error(ctx, "DeleteConflict", 409,
                          "Cannot delete entity, must remove users from group first.")
        self.iam.remove_user_from_group(GroupName="devs", UserName="carol")
        self.iam.delete_group_policy(GroupName="devs", PolicyName="gp")
        self.iam.detach_group_policy(GroupName="devs", PolicyArn=READ_ONLY)
        self.assertIn("devs", [g["GroupName"] for g in self.iam.list_groups()["Groups"]])
        self.iam.delete_group(GroupName="devs")
        self.iam.delete_user(UserName="carol")
        with self.assertRaises(ClientError) as ctx:
            self.iam.get_group(GroupName="devs")
        self.assert_error(ctx, "NoSuchEntity", 404, "The group with name devs cannot be found.")

    def test_access_keys(self):
        self.iam.create_user(UserName="dave")
        key = self.iam.create_access_key(UserName="dave")["AccessKey"]
        self.assertRegex(key["AccessKeyId"], r"^AKIA[A-Z2-7]{16}$")
        self.assertEqual(len(key["SecretAccessKey"]), 40)
        self.assertEqual(key["Status"], "Active")
        self.iam.create_access_key(UserName="dave")
        with self.assertRaises(ClientError) as ctx:
            self.iam.create_access_key(UserName="dave")
        self.assert_error(ctx, "LimitExceeded", 409, "Cannot exceed quota for AccessKeysPerUser: 2")
        self.iam.update_access_key(UserName="dave", AccessKeyId=key["AccessKeyId"],
                                   Status="Inactive")
        listed = self.iam.list_access_keys(UserName="dave")["AccessKeyMetadata"]
        self.assertEqual(len(listed), 2)
        self.assertNotIn("SecretAccessKey", listed[0])
        mine = [k for k in listed if k["AccessKeyId"] == key["AccessKeyId"]][0]
        self.assertEqual(mine["Status"], "Inactive")

        # A client using the user's key is that user.
        as_dave = self.boto3_client("iam", aws_access_key_id=key["AccessKeyId"],
                                    aws_secret_access_key=key["SecretAccessKey"])
        self.assertEqual(as_dave.get_user()["User"]["UserName"], "dave")
        self.assertEqual(len(as_dave.list_access_keys()["AccessKeyMetadata"]), 2)

        with self.assertRaises(ClientError) as ctx:
            self.iam.delete_user(UserName="dave")
        self.assert_error(ctx, "DeleteConflict", 409,
                          "Cannot delete entity, must delete access keys first.")
        for k in listed:
            self.iam.delete_access_key(UserName="dave", AccessKeyId=k["AccessKeyId"])
        with self.assertRaises(ClientError) as ctx:
            self.iam.delete_access_key(UserName="dave", AccessKeyId=key["AccessKeyId"])
        self.assert_error(ctx, "NoSuchEntity", 404)
        self.iam.delete_user(UserName="dave")

    def test_get_user_without_name_is_the_caller(self):
        user = self.iam.get_user()["User"]
        self.assertEqual(user["Arn"], f"arn:aws:iam::{ACCOUNT}:root")
        self.assertEqual(self.iam.list_access_keys()["AccessKeyMetadata"], [])
        with self.assertRaises(ClientError) as ctx:
            self.iam.create_access_key()
        self.assert_error(ctx, "ValidationError", 400)
        other = self.boto3_client("iam", aws_access_key_id="123456789012").get_user()["User"]
        self.assertEqual(other["Arn"], "arn:aws:iam::123456789012:root")

    def test_account(self):
        self.assertEqual(self.iam.list_account_aliases()["AccountAliases"], [])
        self.iam.create_account_alias(AccountAlias="my-sandbox")
        self.assertEqual(self.iam.list_account_aliases()["AccountAliases"], ["my-sandbox"])
        self.iam.delete_account_alias(AccountAlias="my-sandbox")
        summary = self.iam.get_account_summary()["SummaryMap"]
        self.assertIn("Users", summary)
        self.assertEqual(summary["AccessKeysPerUserQuota"], 2)

    def test_cli_users(self):
        self.aws("iam", "create-user", "--user-name", "erin")
        out = self.aws("iam", "get-user", "--user-name", "erin")
        self.assertEqual(out["User"]["UserName"], "erin")
        proc = self.aws("iam", "get-user", "--user-name", "nobody", check=False)
        self.assertNotEqual(proc.returncode, 0)
        self.assertIn("NoSuchEntity", proc.stderr)
        self.aws("iam", "delete-user", "--user-name", "erin")


if __name__ == "__main__":
    unittest.main()
