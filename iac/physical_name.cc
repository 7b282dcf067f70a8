#include "iac/physical_name.h"

#include <array>
#include <cctype>

#include "emulator/core/ids.h"

namespace terrarium::iac {
namespace {

const std::array<NameRule, 8> kNameRules = {{
    {"AWS::S3::Bucket", "BucketName", 63, true},
    {"AWS::SQS::Queue", "QueueName", 80},
    {"AWS::DynamoDB::Table", "TableName", 255},
    {"AWS::Lambda::Function", "FunctionName", 64},
    {"AWS::IAM::Role", "RoleName", 64},
    {"AWS::IAM::ManagedPolicy", "ManagedPolicyName", 128},
    {"AWS::IAM::InstanceProfile", "InstanceProfileName", 128},
    {"AWS::Lambda::Alias", "Name", 128},
}};

}  // namespace

std::optional<NameRule> NameRuleFor(std::string_view type) {
  for (const NameRule& rule : kNameRules) {
    if (rule.type == type) return rule;
  }
  return std::nullopt;
}

std::string PhysicalName(const NameRule& rule, std::string_view stack, std::string_view logical_id,
                         std::string_view suffix, bool fifo) {
  const std::string_view fifo_suffix = ".fifo";
  std::size_t budget = rule.max_length - suffix.size() - 2 - (fifo ? fifo_suffix.size() : 0);
  std::string s(stack);
  std::string l(logical_id);
  // Trim the longer part first so both stay recognisable.
  while (s.size() + l.size() > budget) {
    if (s.size() >= l.size()) {
      s.pop_back();
    } else {
      l.pop_back();
    }
  }
  std::string name = s + "-" + l + "-" + std::string(suffix);
  if (rule.lower_case) {
    for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  if (fifo) name += fifo_suffix;
  return name;
}

std::string RandomNameSuffix() { return RandomUpperAlnum(13); }

}  // namespace terrarium::iac
