// AWS::IAM::Role, Policy, RolePolicy, ManagedPolicy and InstanceProfile through the real IAM
// operations, and AWS::CloudFormation::WaitConditionHandle.
#include "iac/providers/iam_entities.h"
#include "iac_provider_test_support.h"

namespace terrarium::iac::testing {
namespace {

using json = nlohmann::json;

const json kTrust = {{"Version", "2012-10-17"},
                     {"Statement",
                      {{{"Effect", "Allow"},
                        {"Principal", {{"Service", "lambda.amazonaws.com"}}},
                        {"Action", "sts:AssumeRole"}}}}};

json Allow(const std::string& action) {
  return {{"Version", "2012-10-17"},
          {"Statement", {{{"Effect", "Allow"}, {"Action", action}, {"Resource", "*"}}}}};
}

const char* kBasicExecution = "arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole";

class IamProvidersTest : public ProviderTest {
 protected:
  json RolePolicy(const std::string& role, const std::string& policy) {
    return providers::DecodedDocument(Call(
        "iam", "GetRolePolicy", {{"RoleName", role}, {"PolicyName", policy}})["PolicyDocument"]);
  }
  json AttachedArns(const std::string& role) {
    json arns = json::array();
    json listed = Call("iam", "ListAttachedRolePolicies", {{"RoleName", role}});
    for (const json& p : listed["AttachedPolicies"]) {
      arns.push_back(p["PolicyArn"]);
    }
    return arns;
  }
};

TEST_F(IamProvidersTest, RoleWithInlineAndManagedPoliciesUpdatesAndDeletes) {
  json before = {{"AssumeRolePolicyDocument", kTrust},
                 {"Path", "/service/"},
                 {"Description", "runs things"},
                 {"MaxSessionDuration", "7200"},
                 {"ManagedPolicyArns", {kBasicExecution}},
                 {"Policies", {{{"PolicyName", "queue"}, {"PolicyDocument", Allow("sqs:*")}}}},
                 {"Tags", {{{"Key", "team"}, {"Value", "core"}}}}};
  auto role = Create("AWS::IAM::Role", "Runner", before);
  EXPECT_EQ(role.physical_id, "demo-Runner-ABCDEFGHIJKLM");
  EXPECT_EQ(role.attributes["Arn"],
            "arn:aws:iam::123456789012:role/service/demo-Runner-ABCDEFGHIJKLM");
  EXPECT_TRUE(role.attributes["RoleId"].get<std::string>().starts_with("AROA"));
  json got = Call("iam", "GetRole", {{"RoleName", role.physical_id}})["Role"];
  EXPECT_EQ(got["MaxSessionDuration"], 7200);
  EXPECT_EQ(got["Description"], "runs things");
  EXPECT_EQ(RolePolicy(role.physical_id, "queue"), Allow("sqs:*"));
  EXPECT_EQ(AttachedArns(role.physical_id), json({kBasicExecution}));
  auto read = Read("AWS::IAM::Role", role.physical_id, before);
  ASSERT_TRUE(read);
  EXPECT_EQ((*read)["AssumeRolePolicyDocument"], kTrust);
  EXPECT_EQ((*read)["Policies"], before["Policies"]);
  EXPECT_EQ((*read)["MaxSessionDuration"], "7200") << "in sync: the declared form";
  EXPECT_EQ((*read)["Tags"], before["Tags"]);

  json after = before;
  after["Description"] = "runs more";
  after.erase("MaxSessionDuration");
  after["Policies"] = {{{"PolicyName", "table"}, {"PolicyDocument", Allow("dynamodb:*")}}};
  after["ManagedPolicyArns"] = json::array();
  after["Tags"] = json::array();
  EXPECT_TRUE(RequiresReplacement("AWS::IAM::Role", "Path"));
  EXPECT_FALSE(RequiresReplacement("AWS::IAM::Role", "Policies"));
  Update("AWS::IAM::Role", "Runner", role.physical_id, before, after);
  got = Call("iam", "GetRole", {{"RoleName", role.physical_id}})["Role"];
  EXPECT_EQ(got["Description"], "runs more");
  EXPECT_EQ(got["MaxSessionDuration"], 3600);
  EXPECT_EQ(Call("iam", "ListRolePolicies", {{"RoleName", role.physical_id}})["PolicyNames"],
            json({"table"}));
  EXPECT_EQ(AttachedArns(role.physical_id), json::array());
  EXPECT_EQ(Call("iam", "ListRoleTags", {{"RoleName", role.physical_id}})["Tags"], json::array());

  // A role with policies still deletes: the provider removes them first.
  Update("AWS::IAM::Role", "Runner", role.physical_id, after, before);
  Delete("AWS::IAM::Role", role.physical_id, before);
  EXPECT_EQ(ErrorOf("iam", "GetRole", {{"RoleName", role.physical_id}}), "NoSuchEntityException");
  EXPECT_NO_THROW(Delete("AWS::IAM::Role", role.physical_id, before));
  EXPECT_EQ(Read("AWS::IAM::Role", role.physical_id, before), std::nullopt);
}

TEST_F(IamProvidersTest, PolicyAndRolePolicyFollowTheirTargets) {
  Call("iam", "CreateRole", {{"RoleName", "a"}, {"AssumeRolePolicyDocument", kTrust.dump()}});
  Call("iam", "CreateRole", {{"RoleName", "b"}, {"AssumeRolePolicyDocument", kTrust.dump()}});
  Call("iam", "CreateUser", {{"UserName", "u"}});
  json before = {{"PolicyName", "shared"},
                 {"PolicyDocument", Allow("s3:*")},
                 {"Roles", {"a"}},
                 {"Users", {"u"}}};
  auto policy = Create("AWS::IAM::Policy", "Shared", before);
  EXPECT_TRUE(policy.physical_id.starts_with("demo-Shared-"));
  EXPECT_EQ(RolePolicy("a", "shared"), Allow("s3:*"));
  EXPECT_EQ(ErrorOf("iam", "GetUserPolicy", {{"UserName", "u"}, {"PolicyName", "shared"}}), "");
  EXPECT_EQ(*Read("AWS::IAM::Policy", policy.physical_id, before), before);

  json after = {{"PolicyName", "renamed"}, {"PolicyDocument", Allow("s3:Get*")}, {"Roles", {"b"}}};
  Update("AWS::IAM::Policy", "Shared", policy.physical_id, before, after);
  EXPECT_EQ(ErrorOf("iam", "GetRolePolicy", {{"RoleName", "a"}, {"PolicyName", "shared"}}),
            "NoSuchEntityException");
  EXPECT_EQ(ErrorOf("iam", "GetUserPolicy", {{"UserName", "u"}, {"PolicyName", "shared"}}),
            "NoSuchEntityException");
  EXPECT_EQ(RolePolicy("b", "renamed"), Allow("s3:Get*"));
  Delete("AWS::IAM::Policy", policy.physical_id, after);
  EXPECT_EQ(Read("AWS::IAM::Policy", policy.physical_id, after), std::nullopt);
  try {
    Create("AWS::IAM::Policy", "Empty", {{"PolicyName", "p"}, {"PolicyDocument", Allow("s3:*")}});
    FAIL() << "a policy needs a target";
  } catch (const AwsError& error) {
    EXPECT_NE(error.message.find("Roles"), std::string::npos) << error.message;
  }

  json inline_props = {
      {"PolicyName", "one"}, {"RoleName", "a"}, {"PolicyDocument", Allow("sqs:*")}};
  auto role_policy = Create("AWS::IAM::RolePolicy", "One", inline_props);
  EXPECT_EQ(role_policy.physical_id, "one|a");
  json inline_after = inline_props;
  inline_after["PolicyDocument"] = Allow("sqs:Send*");
  EXPECT_TRUE(RequiresReplacement("AWS::IAM::RolePolicy", "RoleName"));
  Update("AWS::IAM::RolePolicy", "One", role_policy.physical_id, inline_props, inline_after);
  EXPECT_EQ(*Read("AWS::IAM::RolePolicy", role_policy.physical_id, inline_after), inline_after);
  Delete("AWS::IAM::RolePolicy", role_policy.physical_id, inline_after);
  EXPECT_EQ(Read("AWS::IAM::RolePolicy", role_policy.physical_id, inline_after), std::nullopt);
}

TEST_F(IamProvidersTest, ManagedPolicyVersionsAndAttachments) {
  Call("iam", "CreateRole", {{"RoleName", "a"}, {"AssumeRolePolicyDocument", kTrust.dump()}});
  Call("iam", "CreateGroup", {{"GroupName", "g"}});
  json before = {{"PolicyDocument", Allow("s3:*")}, {"Roles", {"a"}}, {"Description", "reads"}};
  auto policy = Create("AWS::IAM::ManagedPolicy", "Reader", before);
  EXPECT_EQ(policy.physical_id, "arn:aws:iam::123456789012:policy/demo-Reader-ABCDEFGHIJKLM");
  EXPECT_EQ(policy.attributes["PolicyArn"], policy.physical_id);
  EXPECT_EQ(policy.attributes["DefaultVersionId"], "v1");
  EXPECT_EQ(AttachedArns("a"), json({policy.physical_id}));
  EXPECT_EQ(*Read("AWS::IAM::ManagedPolicy", policy.physical_id, before), before);

  json after = before;
  after.erase("Roles");
  after["Groups"] = {"g"};
  for (int i = 2; i <= 7; ++i) {
    after["PolicyDocument"] = Allow("s3:Get" + std::to_string(i));
    auto updated = Update("AWS::IAM::ManagedPolicy", "Reader", policy.physical_id, before, after);
    EXPECT_EQ(updated.attributes["DefaultVersionId"], "v" + std::to_string(i));
    before = after;
  }
  EXPECT_EQ(
      Call("iam", "ListPolicyVersions", {{"PolicyArn", policy.physical_id}})["Versions"].size(), 5u)
      << "the oldest version makes room, as IAM allows five";
  EXPECT_EQ(AttachedArns("a"), json::array());
  EXPECT_TRUE(RequiresReplacement("AWS::IAM::ManagedPolicy", "Description"));

  Delete("AWS::IAM::ManagedPolicy", policy.physical_id, after);
  EXPECT_EQ(ErrorOf("iam", "GetPolicy", {{"PolicyArn", policy.physical_id}}),
            "NoSuchEntityException");
  EXPECT_EQ(Read("AWS::IAM::ManagedPolicy", policy.physical_id, after), std::nullopt);
}

TEST_F(IamProvidersTest, InstanceProfileHoldsItsRole) {
  Call("iam", "CreateRole", {{"RoleName", "a"}, {"AssumeRolePolicyDocument", kTrust.dump()}});
  Call("iam", "CreateRole", {{"RoleName", "b"}, {"AssumeRolePolicyDocument", kTrust.dump()}});
  json before = {{"Roles", {"a"}}, {"Path", "/ec2/"}};
  auto profile = Create("AWS::IAM::InstanceProfile", "Profile", before);
  EXPECT_EQ(profile.physical_id, "demo-Profile-ABCDEFGHIJKLM");
  EXPECT_EQ(profile.attributes["Arn"],
            "arn:aws:iam::123456789012:instance-profile/ec2/demo-Profile-ABCDEFGHIJKLM");
  json after = {{"Roles", {"b"}}, {"Path", "/ec2/"}};
  Update("AWS::IAM::InstanceProfile", "Profile", profile.physical_id, before, after);
  EXPECT_EQ(*Read("AWS::IAM::InstanceProfile", profile.physical_id, after), after);
  Delete("AWS::IAM::InstanceProfile", profile.physical_id, after);
  EXPECT_EQ(ErrorOf("iam", "GetInstanceProfile", {{"InstanceProfileName", profile.physical_id}}),
            "NoSuchEntityException");
  EXPECT_EQ(ErrorOf("iam", "DeleteRole", {{"RoleName", "b"}}), "") << "the role was let go";
}

TEST_F(IamProvidersTest, WaitConditionHandleRefIsTheSignalUrl) {
  auto handle = Create("AWS::CloudFormation::WaitConditionHandle", "Handle", json::object());
  EXPECT_EQ(handle.physical_id,
            "https://cloudformation-waitcondition-eu-west-1.s3.amazonaws.com/"
            "arn%3Aaws%3Acloudformation%3Aeu-west-1%3A123456789012%3Astack/demo/"
            "11111111-2222-3333-4444-555555555555/Handle");
  EXPECT_TRUE(RequiresReplacement("AWS::CloudFormation::WaitConditionHandle", "Anything"));
  EXPECT_NO_THROW(
      Delete("AWS::CloudFormation::WaitConditionHandle", handle.physical_id, json::object()));
}

}  // namespace
}  // namespace terrarium::iac::testing
