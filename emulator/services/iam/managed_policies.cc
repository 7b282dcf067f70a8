// Parity notes: documents are the real ones for the Lambda execution roles and the *FullAccess
// policies of the emulated services; ReadOnlyAccess and AmazonDynamoDBFullAccess are shortened
// (their real documents list hundreds of actions). Every policy has one version, v1, created at
// the same fixed date; ids are stable across runs.
#include "emulator/services/iam/managed_policies.h"

#include <algorithm>

#include "emulator/core/encoding.h"

namespace terrarium::services::iam {
namespace {

constexpr double kCreated = 1423000000;  // 2015-02-03, when most of these appeared

struct Definition {
  const char* name;
  const char* path;
  const char* description;
  const char* document;
};

constexpr Definition
    kDefinitions[] =
        {
            {"AWSLambdaBasicExecutionRole", "/service-role/",
             "Provides write permissions to CloudWatch Logs.",
             R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["logs:CreateLogGroup","logs:CreateLogStream","logs:PutLogEvents"],"Resource":"*"}]})"},
            {"AWSLambdaSQSQueueExecutionRole", "/service-role/",
             "Provides receive message, delete message, and read attribute access to SQS queues, "
             "and "
             "write permissions to CloudWatch logs.",
             R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["sqs:ReceiveMessage","sqs:DeleteMessage","sqs:GetQueueAttributes","logs:CreateLogGroup","logs:CreateLogStream","logs:PutLogEvents"],"Resource":"*"}]})"},
            {"AWSLambdaDynamoDBExecutionRole", "/service-role/",
             "Provides list and read access to DynamoDB streams and write permissions to "
             "CloudWatch "
             "logs.",
             R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["dynamodb:DescribeStream","dynamodb:GetRecords","dynamodb:GetShardIterator","dynamodb:ListStreams","logs:CreateLogGroup","logs:CreateLogStream","logs:PutLogEvents"],"Resource":"*"}]})"},
            {"AWSLambdaVPCAccessExecutionRole", "/service-role/",
             "Provides minimum permissions for a Lambda function to execute while accessing a "
             "resource "
             "within a VPC.",
             R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["logs:CreateLogGroup","logs:CreateLogStream","logs:PutLogEvents","ec2:CreateNetworkInterface","ec2:DescribeNetworkInterfaces","ec2:DeleteNetworkInterface","ec2:AssignPrivateIpAddresses","ec2:UnassignPrivateIpAddresses"],"Resource":"*"}]})"},
            {"AWSLambdaRole", "/service-role/", "Default policy for AWS Lambda service role.",
             R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["lambda:InvokeFunction"],"Resource":["*"]}]})"},
            {"AdministratorAccess", "/", "Provides full access to AWS services and resources.",
             R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]})"},
            {"ReadOnlyAccess", "/", "Provides read-only access to AWS services and resources.",
             R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["cloudformation:Describe*","cloudformation:Get*","cloudformation:List*","dynamodb:BatchGet*","dynamodb:Describe*","dynamodb:Get*","dynamodb:List*","dynamodb:Query","dynamodb:Scan","iam:Get*","iam:List*","lambda:Get*","lambda:List*","s3:Get*","s3:List*","sqs:Get*","sqs:List*","sts:GetCallerIdentity"],"Resource":"*"}]})"},
            {"AmazonS3FullAccess", "/",
             "Provides full access to all buckets via the AWS Management Console.",
             R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["s3:*","s3-object-lambda:*"],"Resource":"*"}]})"},
            {"AmazonS3ReadOnlyAccess", "/",
             "Provides read only access to all buckets via the AWS Management Console.",
             R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["s3:Get*","s3:List*","s3:Describe*","s3-object-lambda:Get*","s3-object-lambda:List*"],"Resource":"*"}]})"},
            {"AmazonDynamoDBFullAccess", "/",
             "Provides full access to Amazon DynamoDB via the AWS Management Console.",
             R"({"Version":"2012-10-17","Statement":[{"Action":["dynamodb:*","dax:*","application-autoscaling:*","cloudwatch:*","iam:GetRole","iam:ListRoles","kms:DescribeKey","kms:ListAliases","lambda:*","sns:*"],"Effect":"Allow","Resource":"*"}]})"},
            {"AmazonSQSFullAccess", "/",
             "Provides full access to Amazon SQS via the AWS Management Console.",
             R"({"Version":"2012-10-17","Statement":[{"Action":["sqs:*"],"Effect":"Allow","Resource":"*"}]})"},
            {"AWSLambda_FullAccess", "/",
             "Grants full access to AWS Lambda service, AWS Lambda console features, and other "
             "related AWS services.",
             R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["cloudformation:DescribeStacks","cloudformation:ListStackResources","cloudwatch:ListMetrics","cloudwatch:GetMetricData","ec2:DescribeSecurityGroups","ec2:DescribeSubnets","ec2:DescribeVpcs","kms:ListAliases","iam:GetPolicy","iam:GetPolicyVersion","iam:GetRole","iam:GetRolePolicy","iam:ListAttachedRolePolicies","iam:ListRolePolicies","iam:ListRoles","lambda:*","logs:DescribeLogGroups","states:DescribeStateMachine","states:ListStateMachines","tag:GetResources","xray:GetTraceSummaries","xray:BatchGetTraces"],"Resource":"*"},{"Effect":"Allow","Action":"iam:PassRole","Resource":"*","Condition":{"StringEquals":{"iam:PassedToService":"lambda.amazonaws.com"}}},{"Effect":"Allow","Action":["logs:DescribeLogStreams","logs:GetLogEvents","logs:FilterLogEvents"],"Resource":"arn:aws:logs:*:*:log-group:/aws/lambda/*"}]})"},
            {"IAMFullAccess", "/", "Provides full access to IAM via the AWS Management Console.",
             R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["iam:*","organizations:DescribeAccount","organizations:DescribeOrganization","organizations:DescribeOrganizationalUnit","organizations:DescribePolicy","organizations:ListChildren","organizations:ListParents","organizations:ListPoliciesForTarget","organizations:ListRoots","organizations:ListPolicies","organizations:ListTargetsForPolicy"],"Resource":"*"}]})"},
            {"CloudWatchLogsFullAccess", "/", "Provides full access to CloudWatch Logs",
             R"({"Version":"2012-10-17","Statement":[{"Action":["logs:*","cloudwatch:GenerateQuery"],"Effect":"Allow","Resource":"*"}]})"},
};

// A stable id in AWS's form, so that the same policy has the same id on every run.
std::string StableId(std::string_view seed) {
  static constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
  std::string digest = Sha256(seed);
  std::string id = "ANPA";
  for (int i = 0; i < 17; ++i) id.push_back(kAlphabet[static_cast<unsigned char>(digest[i]) % 32]);
  return id;
}

std::vector<nlohmann::json> Build() {
  std::vector<nlohmann::json> policies;
  for (const Definition& d : kDefinitions) {
    std::string arn = std::string("arn:aws:iam::aws:policy") + d.path + d.name;
    policies.push_back(
        {{"PolicyName", d.name},
         {"PolicyId", StableId(arn)},
         {"Arn", arn},
         {"Path", d.path},
         {"Description", d.description},
         {"DefaultVersionId", "v1"},
         {"CreateDate", kCreated},
         {"UpdateDate", kCreated},
         {"Tags", nlohmann::json::array()},
         {"NextVersion", 2},
         {"Versions",
          {{{"VersionId", "v1"}, {"Document", d.document}, {"CreateDate", kCreated}}}}});
  }
  std::sort(policies.begin(), policies.end(), [](const auto& a, const auto& b) {
    return a["PolicyName"].template get<std::string>() <
           b["PolicyName"].template get<std::string>();
  });
  return policies;
}

}  // namespace

const std::vector<nlohmann::json>& AwsManagedPolicies() {
  static const std::vector<nlohmann::json> policies = Build();
  return policies;
}

const nlohmann::json* FindAwsManagedPolicy(std::string_view arn) {
  for (const auto& policy : AwsManagedPolicies()) {
    if (policy["Arn"].get_ref<const std::string&>() == arn) return &policy;
  }
  return nullptr;
}

}  // namespace terrarium::services::iam
