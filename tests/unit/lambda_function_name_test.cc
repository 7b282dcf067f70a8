#include <gtest/gtest.h>

#include "emulator/core/aws_error.h"
#include "emulator/services/lambda/function_name.h"

namespace terrarium::services::lambda {
namespace {

TEST(LambdaFunctionNameTest, ParsesEveryForm) {
  auto plain = ParseFunctionName("my-function");
  EXPECT_EQ(plain.name, "my-function");
  EXPECT_EQ(plain.qualifier, "");

  auto qualified = ParseFunctionName("my-function:prod");
  EXPECT_EQ(qualified.name, "my-function");
  EXPECT_EQ(qualified.qualifier, "prod");

  auto partial = ParseFunctionName("123456789012:function:my-function:$LATEST");
  EXPECT_EQ(partial.account, "123456789012");
  EXPECT_EQ(partial.name, "my-function");
  EXPECT_EQ(partial.qualifier, "$LATEST");

  auto arn = ParseFunctionName("arn:aws:lambda:eu-west-1:123456789012:function:f_1:7");
  EXPECT_EQ(arn.region, "eu-west-1");
  EXPECT_EQ(arn.account, "123456789012");
  EXPECT_EQ(arn.name, "f_1");
  EXPECT_EQ(arn.qualifier, "7");
}

TEST(LambdaFunctionNameTest, RejectsMalformedNames) {
  for (const char* bad : {"", "a:b:c:d", "arn:aws:s3:::bucket", "bad name", "f:", "12:function:f",
                          "arn:aws:lambda:us-east-1:123456789012:layer:x"}) {
    EXPECT_THROW(ParseFunctionName(bad), AwsError) << bad;
  }
  EXPECT_THROW(ParseFunctionName(std::string(65, 'a')), AwsError);
}

TEST(LambdaFunctionNameTest, ResolvesAgainstScopeAndQualifierMember) {
  Scope scope{"123456789012", "us-east-1"};
  EXPECT_EQ(ResolveFunctionName("f", scope, "3").qualifier, "3");
  EXPECT_EQ(ResolveFunctionName("f:3", scope, "3").qualifier, "3");
  EXPECT_THROW(ResolveFunctionName("f:3", scope, "4"), AwsError);
  EXPECT_THROW(ResolveFunctionName("arn:aws:lambda:us-east-1:999999999999:function:f", scope),
               AwsError);
  EXPECT_THROW(ResolveFunctionName("arn:aws:lambda:eu-west-1:123456789012:function:f", scope),
               AwsError);
}

TEST(LambdaFunctionNameTest, BuildsArns) {
  Scope scope{"123456789012", "us-west-2"};
  EXPECT_EQ(FunctionArn(scope, "f"), "arn:aws:lambda:us-west-2:123456789012:function:f");
  EXPECT_EQ(FunctionArn(scope, "f", "prod"),
            "arn:aws:lambda:us-west-2:123456789012:function:f:prod");
  EXPECT_TRUE(IsVersionNumber("12"));
  EXPECT_FALSE(IsVersionNumber("$LATEST"));
  EXPECT_FALSE(IsVersionNumber(""));
}

}  // namespace
}  // namespace terrarium::services::lambda
