#include "iac/update_behavior.h"

#include <array>
#include <initializer_list>

namespace terrarium::iac {
namespace {

struct TypeRule {
  std::string_view type;
  // Properties whose change replaces the resource; "*" means every property (the resource has
  // no update operation, e.g. AWS::Lambda::Version).
  std::initializer_list<std::string_view> replace;
};

const std::array<TypeRule, 17> kTypeRules = {{
    {"AWS::S3::Bucket", {"BucketName", "ObjectLockEnabled"}},
    {"AWS::S3::BucketPolicy", {"Bucket"}},
    {"Terrarium::S3::Object", {"Bucket", "Key"}},
    {"AWS::SQS::Queue", {"QueueName", "FifoQueue"}},
    {"AWS::SQS::QueuePolicy", {}},
    {"AWS::DynamoDB::Table",
     {"TableName", "KeySchema", "LocalSecondaryIndexes", "ImportSourceSpecification"}},
    {"AWS::Lambda::Function", {"FunctionName", "PackageType"}},
    {"AWS::Lambda::Version", {"*"}},
    {"AWS::Lambda::Alias", {"FunctionName", "Name"}},
    {"AWS::Lambda::Permission", {"*"}},
    {"AWS::Lambda::EventSourceMapping",
     {"EventSourceArn", "StartingPosition", "StartingPositionTimestamp", "Queues", "Topics",
      "SelfManagedEventSource", "AmazonManagedKafkaEventSourceConfig",
      "SelfManagedKafkaEventSourceConfig"}},
    {"AWS::IAM::Role", {"RoleName", "Path"}},
    {"AWS::IAM::Policy", {}},
    {"AWS::IAM::RolePolicy", {"PolicyName", "RoleName"}},
    {"AWS::IAM::ManagedPolicy", {"ManagedPolicyName", "Path", "Description"}},
    {"AWS::IAM::InstanceProfile", {"InstanceProfileName", "Path"}},
    {"AWS::CloudFormation::WaitConditionHandle", {"*"}},
}};

}  // namespace

bool RequiresReplacement(std::string_view type, std::string_view property) {
  for (const TypeRule& rule : kTypeRules) {
    if (rule.type != type) continue;
    for (std::string_view p : rule.replace) {
      if (p == "*" || p == property) return true;
    }
    return false;
  }
  return false;
}

}  // namespace terrarium::iac
