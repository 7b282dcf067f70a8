"""IAM roles, managed and inline policies, instance profiles: boto3 and the aws CLI against a
real server."""

import http.client
import json
import unittest
import urllib.parse

import botocore.config
from botocore.exceptions import ClientError

from harness import HOST
from iam_support import ACCOUNT, IamTestCase

TRUST = {
    "Version": "2012-10-17",
    "Statement": [{"Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"},
                   "Action": "sts:AssumeRole"}],
}
POLICY = {
    "Version": "2012-10-17",
    "Statement": [{"Effect": "Allow", "Action": ["s3:GetObject"],
                   "Resource": "arn:aws:s3:::bucket/key+with space*"}],
}
BASIC_EXECUTION = "arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole"


class IamRolesAndPoliciesTest(IamTestCase):

    def create_role(self, name, **kw):
        return self.iam.create_role(RoleName=name, AssumeRolePolicyDocument=json.dumps(TRUST),
                                    **kw)["Role"]

    def raw_iam(self, params):
        body = urllib.parse.urlencode({**params, "Version": "2010-05-08"}).encode()
        headers = self.signed_headers(
            "iam", body=body,
            headers={"Content-Type": "application/x-www-form-urlencoded; charset=utf-8"})
        conn = http.client.HTTPConnection(HOST, self.port, timeout=5)
        try:
            conn.request("POST", "/", body=body, headers=headers)
            resp = conn.getresponse()
            return resp.status, resp.read().decode()
        finally:
            conn.close()

    # Roles

    def test_role_lifecycle_with_managed_policy(self):
        created = self.create_role("lifecycle", Description="d", Tags=[{"Key": "k", "Value": "v"}])
        self.assertRegex(created["RoleId"], r"^AROA[A-Z2-7]{17}$")
        self.assertEqual(created["Arn"], f"arn:aws:iam::{ACCOUNT}:role/lifecycle")
        self.assertEqual(created["Path"], "/")
        self.assertEqual(created["MaxSessionDuration"], 3600)
        self.assertEqual(created["Tags"], [{"Key": "k", "Value": "v"}])

        role = self.iam.get_role(RoleName="lifecycle")["Role"]
        self.assertEqual(role["AssumeRolePolicyDocument"], TRUST)  # boto3 URL-decodes it
        self.assertEqual(role["RoleId"], created["RoleId"])
        self.assertEqual(role["Description"], "d")
        self.assertIn("RoleLastUsed", role)
        self.assertIsNotNone(role["CreateDate"].tzinfo)

        self.iam.attach_role_policy(RoleName="lifecycle", PolicyArn=BASIC_EXECUTION)
        attached = self.iam.list_attached_role_policies(RoleName="lifecycle")["AttachedPolicies"]
        self.assertEqual(attached, [{"PolicyName": "AWSLambdaBasicExecutionRole",
                                     "PolicyArn": BASIC_EXECUTION}])
        with self.assertRaises(ClientError) as ctx:
            self.iam.delete_role(RoleName="lifecycle")
        self.assert_error(ctx, "DeleteConflict", 409,
                          "Cannot delete entity, must detach all policies first.")
        self.iam.detach_role_policy(RoleName="lifecycle", PolicyArn=BASIC_EXECUTION)
        self.assertEqual(
            self.iam.list_attached_role_policies(RoleName="lifecycle")["AttachedPolicies"], [])
        self.iam.delete_role(RoleName="lifecycle")
        with self.assertRaises(ClientError) as ctx:
            self.iam.get_role(RoleName="lifecycle")
        self.assert_error(ctx, "NoSuchEntity", 404, "The role with name lifecycle cannot be found.")

    def test_documents_are_url_encoded_on_the_wire(self):
        document = json.dumps(TRUST, indent=2)
        self.iam.create_role(RoleName="wire", AssumeRolePolicyDocument=document)
        status, body = self.raw_iam({"Action": "GetRole", "RoleName": "wire"})
        self.assertEqual(status, 200, body)
        encoded = body.split("<AssumeRolePolicyDocument>")[1].split("<")[0]
        self.assertTrue(encoded.startswith("%7B%0A%20%20%22Version%22"), encoded)
        self.assertEqual(urllib.parse.unquote(encoded), document)  # stored as given

    def test_role_errors(self):
        self.create_role("dup")
        with self.assertRaises(ClientError) as ctx:
            self.create_role("dup")
        self.assert_error(ctx, "EntityAlreadyExists", 409, "Role with name dup already exists.")
        with self.assertRaises(ClientError) as ctx:
            self.create_role("DUP")  # names are case-insensitive
        self.assert_error(ctx, "EntityAlreadyExists", 409)
        with self.assertRaises(ClientError) as ctx:
            self.iam.create_role(RoleName="bad", AssumeRolePolicyDocument="{not json")
        self.assert_error(ctx, "MalformedPolicyDocument", 400, "This policy contains invalid Json")
        with self.assertRaises(ClientError) as ctx:
            self.iam.attach_role_policy(RoleName="dup",
                                        PolicyArn=f"arn:aws:iam::{ACCOUNT}:policy/missing")
        self.assert_error(ctx, "NoSuchEntity", 404)
        with self.assertRaises(ClientError) as ctx:
            self.iam.delete_role(RoleName="absent")
        self.assert_error(ctx, "NoSuchEntity", 404, "The role with name absent cannot be found.")
        loose = self.boto3_client(
            "iam", config=botocore.config.Config(parameter_validation=False))
        with self.assertRaises(ClientError) as ctx:
            loose.create_role(RoleName="short", AssumeRolePolicyDocument=json.dumps(TRUST),
                              MaxSessionDuration=100)
        self.assert_error(ctx, "ValidationError", 400)
        self.assertIn("maxSessionDuration", ctx.exception.response["Error"]["Message"])
        with self.assertRaises(ClientError) as ctx:
            loose.create_role(RoleName="bad name!", AssumeRolePolicyDocument=json.dumps(TRUST))
        self.assert_error(ctx, "ValidationError", 400)

    def test_update_role_trust_policy_tags_and_boundary(self):
        self.create_role("upd", Path="/team/")
        self.iam.update_role(RoleName="upd", Description="new", MaxSessionDuration=7200)
        new_trust = {"Version": "2012-10-17", "Statement": [
            {"Effect": "Allow", "Principal": {"AWS": f"arn:aws:iam::{ACCOUNT}:root"},
             "Action": "sts:AssumeRole"}]}
        self.iam.update_assume_role_policy(RoleName="upd", PolicyDocument=json.dumps(new_trust))
        self.iam.tag_role(RoleName="upd", Tags=[{"Key": "a", "Value": "1"},
                                                {"Key": "b", "Value": "2"}])
        self.iam.untag_role(RoleName="upd", TagKeys=["a"])
        self.assertEqual(self.iam.list_role_tags(RoleName="upd")["Tags"],
                         [{"Key": "b", "Value": "2"}])
        self.iam.put_role_permissions_boundary(
            RoleName="upd", PermissionsBoundary="arn:aws:iam::aws:policy/ReadOnlyAccess")
        role = self.iam.get_role(RoleName="upd")["Role"]
        self.assertEqual(role["Arn"], f"arn:aws:iam::{ACCOUNT}:role/team/upd")
        self.assertEqual(role["Description"], "new")
        self.assertEqual(role["MaxSessionDuration"], 7200)
        self.assertEqual(role["AssumeRolePolicyDocument"], new_trust)
        self.assertEqual(role["PermissionsBoundary"]["PermissionsBoundaryArn"],
                         "arn:aws:iam::aws:policy/ReadOnlyAccess")
        listed = [r for r in self.iam.list_roles(PathPrefix="/team/")["Roles"]]
        self.assertEqual([r["RoleName"] for r in listed], ["upd"])
        self.assertNotIn("Tags", listed[0])

    def test_list_roles_paginates(self):
        for i in range(5):
            self.create_role(f"page-{i}", Path="/paged/")
        page = self.iam.list_roles(PathPrefix="/paged/", MaxItems=2)
        self.assertTrue(page["IsTruncated"])
        self.assertEqual(len(page["Roles"]), 2)
        names = [r["RoleName"] for p in self.iam.get_paginator("list_roles").paginate(
            PathPrefix="/paged/", PaginationConfig={"PageSize": 2}) for r in p["Roles"]]
        self.assertEqual(names, [f"page-{i}" for i in range(5)])

    # Inline policies

    def test_inline_role_policies(self):
        self.create_role("inline")
        self.iam.put_role_policy(RoleName="inline", PolicyName="p1",
                                 PolicyDocument=json.dumps(POLICY))
        got = self.iam.get_role_policy(RoleName="inline", PolicyName="p1")
        self.assertEqual(got["PolicyDocument"], POLICY)
        self.assertEqual(got["RoleName"], "inline")
        self.assertEqual(self.iam.list_role_policies(RoleName="inline")["PolicyNames"], ["p1"])
        with self.assertRaises(ClientError) as ctx:
            self.iam.delete_role(RoleName="inline")
        self.assert_error(ctx, "DeleteConflict", 409,
                          "Cannot delete entity, must delete policies first.")
        with self.assertRaises(ClientError) as ctx:
            self.iam.put_role_policy(RoleName="inline", PolicyName="p2", PolicyDocument="[")
        self.assert_error(ctx, "MalformedPolicyDocument", 400, "Syntax errors in policy.")
        self.iam.delete_role_policy(RoleName="inline", PolicyName="p1")
        with self.assertRaises(ClientError) as ctx:
            self.iam.get_role_policy(RoleName="inline", PolicyName="p1")
        self.assert_error(ctx, "NoSuchEntity", 404,
                          "The role policy with name p1 cannot be found.")
        self.iam.delete_role(RoleName="inline")

    # Managed policies

    def test_policy_versions(self):
        arn = self.iam.create_policy(PolicyName="versioned", PolicyDocument=json.dumps(POLICY),
                                     Description="desc")["Policy"]["Arn"]
        self.assertEqual(arn, f"arn:aws:iam::{ACCOUNT}:policy/versioned")
        policy = self.iam.get_policy(PolicyArn=arn)["Policy"]
        self.assertEqual(policy["DefaultVersionId"], "v1")
        self.assertRegex(policy["PolicyId"], r"^ANPA")
        for i in range(2, 6):
            version = self.iam.create_policy_version(
                PolicyArn=arn, PolicyDocument=json.dumps(POLICY), SetAsDefault=(i == 3))
            self.assertEqual(version["PolicyVersion"]["VersionId"], f"v{i}")
        with self.assertRaises(ClientError) as ctx:
            self.iam.create_policy_version(PolicyArn=arn, PolicyDocument=json.dumps(POLICY))
        self.assert_error(ctx, "LimitExceeded", 409)
        self.assertEqual(self.iam.get_policy(PolicyArn=arn)["Policy"]["DefaultVersionId"], "v3")
        versions = self.iam.list_policy_versions(PolicyArn=arn)["Versions"]
        self.assertEqual([v["VersionId"] for v in versions], ["v5", "v4", "v3", "v2", "v1"])
        self.assertEqual([v["VersionId"] for v in versions if v["IsDefaultVersion"]], ["v3"])
        doc = self.iam.get_policy_version(PolicyArn=arn, VersionId="v2")["PolicyVersion"]
        self.assertEqual(doc["Document"], POLICY)
        with self.assertRaises(ClientError) as ctx:
            self.iam.delete_policy_version(PolicyArn=arn, VersionId="v3")
        self.assert_error(ctx, "DeleteConflict", 409)
        with self.assertRaises(ClientError) as ctx:
            self.iam.get_policy_version(PolicyArn=arn, VersionId="v9")
        self.assert_error(ctx, "NoSuchEntity", 404)
        with self.assertRaises(ClientError) as ctx:
            self.iam.delete_policy(PolicyArn=arn)
        self.assert_error(ctx, "DeleteConflict", 409)
        self.iam.set_default_policy_version(PolicyArn=arn, VersionId="v5")
        for v in ("v1", "v2", "v3", "v4"):
            self.iam.delete_policy_version(PolicyArn=arn, VersionId=v)
        self.iam.delete_policy(PolicyArn=arn)
        with self.assertRaises(ClientError) as ctx:
            self.iam.get_policy(PolicyArn=arn)
        self.assert_error(ctx, "NoSuchEntity", 404, f"Policy {arn} was not found.")

    def test_customer_policy_attachments(self):
        arn = self.iam.create_policy(PolicyName="attached", Path="/app/",
                                     PolicyDocument=json.dumps(POLICY),
                                     Tags=[{"Key": "t", "Value": "1"}])["Policy"]["Arn"]
        with self.assertRaises(ClientError) as ctx:
            self.iam.create_policy(PolicyName="attached", PolicyDocument=json.dumps(POLICY))
        self.assert_error(ctx, "EntityAlreadyExists", 409)
        self.create_role("holder")
        self.iam.attach_role_policy(RoleName="holder", PolicyArn=arn)
        self.assertEqual(self.iam.get_policy(PolicyArn=arn)["Policy"]["AttachmentCount"], 1)
        entities = self.iam.list_entities_for_policy(PolicyArn=arn)
        self.assertEqual([r["RoleName"] for r in entities["PolicyRoles"]], ["holder"])
        attached = self.iam.list_policies(Scope="Local", OnlyAttached=True)["Policies"]
        self.assertIn(arn, [p["Arn"] for p in attached])
        self.assertEqual(self.iam.list_policy_tags(PolicyArn=arn)["Tags"],
                         [{"Key": "t", "Value": "1"}])
        with self.assertRaises(ClientError) as ctx:
            self.iam.delete_policy(PolicyArn=arn)
        self.assert_error(ctx, "DeleteConflict", 409,
                          "Cannot delete a policy attached to entities.")
        self.iam.detach_role_policy(RoleName="holder", PolicyArn=arn)
        self.iam.delete_policy(PolicyArn=arn)
        self.iam.delete_role(RoleName="holder")

    def test_aws_managed_policies_exist(self):
        names = {p["PolicyName"] for p in self.iam.get_paginator("list_policies").paginate(
            Scope="AWS").build_full_result()["Policies"]}
        for name in ("AWSLambdaBasicExecutionRole", "AWSLambdaSQSQueueExecutionRole",
                     "AdministratorAccess", "ReadOnlyAccess", "AmazonS3FullAccess",
                     "AmazonDynamoDBFullAccess", "AmazonSQSFullAccess",
                     "AWSLambdaDynamoDBExecutionRole"):
            self.assertIn(name, names)
        service_role = self.iam.list_policies(Scope="AWS", PathPrefix="/service-role/")
        self.assertTrue(all(p["Path"] == "/service-role/" for p in service_role["Policies"]))
        policy = self.iam.get_policy(PolicyArn=BASIC_EXECUTION)["Policy"]
        version = self.iam.get_policy_version(
            PolicyArn=BASIC_EXECUTION, VersionId=policy["DefaultVersionId"])["PolicyVersion"]
        self.assertIn("logs:PutLogEvents", version["Document"]["Statement"][0]["Action"])
        with self.assertRaises(ClientError):
            self.iam.delete_policy(PolicyArn=BASIC_EXECUTION)

    # Instance profiles

    def test_instance_profiles(self):
        self.create_role("ec2")
        profile = self.iam.create_instance_profile(InstanceProfileName="prof")["InstanceProfile"]
        self.assertRegex(profile["InstanceProfileId"], r"^AIPA")
        self.assertEqual(profile["Roles"], [])
        self.iam.add_role_to_instance_profile(InstanceProfileName="prof", RoleName="ec2")
        with self.assertRaises(ClientError) as ctx:
            self.iam.add_role_to_instance_profile(InstanceProfileName="prof", RoleName="ec2")
        self.assert_error(ctx, "LimitExceeded", 409)
        got = self.iam.get_instance_profile(InstanceProfileName="prof")["InstanceProfile"]
        self.assertEqual([r["RoleName"] for r in got["Roles"]], ["ec2"])
        self.assertEqual(got["Roles"][0]["AssumeRolePolicyDocument"], TRUST)
        for_role = self.iam.list_instance_profiles_for_role(RoleName="ec2")["InstanceProfiles"]
        self.assertEqual([p["InstanceProfileName"] for p in for_role], ["prof"])
        with self.assertRaises(ClientError) as ctx:
            self.iam.delete_role(RoleName="ec2")
        self.assert_error(ctx, "DeleteConflict", 409,
                          "Cannot delete entity, must remove roles from instance profile first.")
        with self.assertRaises(ClientError) as ctx:
            self.iam.delete_instance_profile(InstanceProfileName="prof")
        self.assert_error(ctx, "DeleteConflict", 409)
        self.iam.remove_role_from_instance_profile(InstanceProfileName="prof", RoleName="ec2")
        self.assertIn("prof", [p["InstanceProfileName"] for p in
                               self.iam.list_instance_profiles()["InstanceProfiles"]])
        self.iam.delete_instance_profile(InstanceProfileName="prof")
        self.iam.delete_role(RoleName="ec2")
        with self.assertRaises(ClientError) as ctx:
            self.iam.get_instance_profile(InstanceProfileName="prof")
        self.assert_error(ctx, "NoSuchEntity", 404, "Instance Profile prof cannot be found.")

    # The aws CLI

    def test_cli_role_and_attachment(self):
        out = self.aws("iam", "create-role", "--role-name", "cli-role",
                       "--assume-role-policy-document", json.dumps(TRUST))
        self.assertEqual(out["Role"]["RoleName"], "cli-role")
        self.aws("iam", "attach-role-policy", "--role-name", "cli-role",
                 "--policy-arn", BASIC_EXECUTION)
        got = self.aws("iam", "get-role", "--role-name", "cli-role")
        self.assertEqual(got["Role"]["AssumeRolePolicyDocument"], TRUST)
        attached = self.aws("iam", "list-attached-role-policies", "--role-name", "cli-role")
        self.assertEqual([p["PolicyArn"] for p in attached["AttachedPolicies"]], [BASIC_EXECUTION])
        proc = self.aws("iam", "delete-role", "--role-name", "cli-role", check=False)
        self.assertNotEqual(proc.returncode, 0)
        self.assertIn("DeleteConflict", proc.stderr)

    def test_assume_role_uses_the_roles_id(self):
        role = self.create_role("assumable")
        out = self.boto3_client("sts").assume_role(RoleArn=role["Arn"], RoleSessionName="s1")
        self.assertEqual(out["AssumedRoleUser"]["AssumedRoleId"], role["RoleId"] + ":s1")


if __name__ == "__main__":
    unittest.main()
