// IAM operations run in process through the real dispatcher: scoping, quotas, errors.
#include <gtest/gtest.h>

#include <string>

#include "emulator/services/iam/iam_store.h"
#include "tests/unit/services_test_support.h"

namespace terrarium::services::iam {
namespace {

using nlohmann::json;

constexpr const char* kOpsTrust =
    R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"lambda.amazonaws.com"},"Action":"sts:AssumeRole"}]})";

class IamOpsTest : public test_support::ServicesTest {
 protected:
  json Iam(const std::string& operation, const json& input, const Scope& scope = {}) {
    return Invoke("iam", operation, input, scope);
  }

  std::string ErrorCode(const std::string& operation, const json& input) {
    return ErrorOf("iam", operation, input);
  }
};

TEST_F(IamOpsTest, RolesAreGlobalPerAccountAndCaseInsensitive) {
  json role = Iam("CreateRole", {{"RoleName", "Worker"}, {"AssumeRolePolicyDocument", kOpsTrust}},
                  Scope{"111122223333", "us-east-1"})["Role"];
  EXPECT_EQ(role["Arn"], "arn:aws:iam::111122223333:role/Worker");
  EXPECT_DOUBLE_EQ(role["CreateDate"].get<double>(), 1700000000);
  json got = Iam("GetRole", {{"RoleName", "worker"}}, Scope{"111122223333", "eu-west-1"})["Role"];
  EXPECT_EQ(got["RoleId"], role["RoleId"]);
  EXPECT_EQ(got["RoleName"], "Worker");
  EXPECT_THROW(Iam("GetRole", {{"RoleName", "Worker"}}, Scope{"444455556666", "us-east-1"}),
               AwsError);
  EXPECT_EQ(RoleIdOf(*store_, "111122223333", "WORKER"), role["RoleId"].get<std::string>());
  EXPECT_EQ(RoleIdOf(*store_, "444455556666", "Worker"), std::nullopt);
}

TEST_F(IamOpsTest, ErrorsUseTheModelsShapeNames) {
  Iam("CreateRole", {{"RoleName", "r"}, {"AssumeRolePolicyDocument", kOpsTrust}});
  EXPECT_EQ(ErrorCode("CreateRole", {{"RoleName", "R"}, {"AssumeRolePolicyDocument", kOpsTrust}}),
            "EntityAlreadyExistsException");
  EXPECT_EQ(ErrorCode("AttachRolePolicy",
                      {{"RoleName", "r"}, {"PolicyArn", "arn:aws:iam::aws:policy/NoSuchPolicy"}}),
            "NoSuchEntityException");
  EXPECT_EQ(ErrorCode("CreateRole", {{"RoleName", "x"}, {"AssumeRolePolicyDocument", "{"}}),
            "MalformedPolicyDocumentException");
  EXPECT_EQ(ErrorCode("CreateRole", {{"RoleName", "x"},
                                     {"AssumeRolePolicyDocument", kOpsTrust},
                                     {"MaxSessionDuration", 60}}),
            "ValidationError");
}

TEST_F(IamOpsTest, PolicySizeQuotasCountNonWhitespace) {
  std::string padding(7000, ' ');
  std::string spacious = R"({"Version":"2012-10-17",)" + padding +
                         R"("Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]})";
  EXPECT_NO_THROW(Iam("CreatePolicy", {{"PolicyName", "p"}, {"PolicyDocument", spacious}}));
  std::string actions;
  for (int i = 0; i < 500; ++i) actions += R"("s3:GetObject",)";
  std::string large = R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":[)" +
                      actions + R"("s3:PutObject"],"Resource":"*"}]})";
  EXPECT_EQ(ErrorCode("CreatePolicy", {{"PolicyName", "big"}, {"PolicyDocument", large}}),
            "LimitExceededException");
}

TEST_F(IamOpsTest, AttachmentCountsFollowAttachAndDetach) {
  std::string arn = "arn:aws:iam::aws:policy/AdministratorAccess";
  Iam("CreateRole", {{"RoleName", "a"}, {"AssumeRolePolicyDocument", kOpsTrust}});
  Iam("CreateUser", {{"UserName", "u"}});
  Iam("AttachRolePolicy", {{"RoleName", "a"}, {"PolicyArn", arn}});
  Iam("AttachRolePolicy", {{"RoleName", "a"}, {"PolicyArn", arn}});  // idempotent
  Iam("AttachUserPolicy", {{"UserName", "u"}, {"PolicyArn", arn}});
  EXPECT_EQ(Iam("GetPolicy", {{"PolicyArn", arn}})["Policy"]["AttachmentCount"], 2);
  Iam("DetachUserPolicy", {{"UserName", "u"}, {"PolicyArn", arn}});
  EXPECT_EQ(Iam("GetPolicy", {{"PolicyArn", arn}})["Policy"]["AttachmentCount"], 1);
  EXPECT_EQ(ErrorCode("DetachUserPolicy", {{"UserName", "u"}, {"PolicyArn", arn}}),
            "NoSuchEntityException");
}

}  // namespace
}  // namespace terrarium::services::iam
