#include "iac/pseudo_parameters.h"

namespace terrarium::iac {

std::string PartitionOf(std::string_view region) {
  if (region.rfind("cn-", 0) == 0) return "aws-cn";
  if (region.rfind("us-gov-", 0) == 0) return "aws-us-gov";
  return "aws";
}

std::string UrlSuffixOf(std::string_view region) {
  return region.rfind("cn-", 0) == 0 ? "amazonaws.com.cn" : "amazonaws.com";
}

std::string MakeStackId(const Scope& scope, std::string_view stack_name, std::string_view uuid) {
  return "arn:" + PartitionOf(scope.region) + ":cloudformation:" + scope.region + ":" +
         scope.account + ":stack/" + std::string(stack_name) + "/" + std::string(uuid);
}

bool IsPseudoParameter(std::string_view name) {
  return name == "AWS::AccountId" || name == "AWS::Region" || name == "AWS::StackName" ||
         name == "AWS::StackId" || name == "AWS::URLSuffix" || name == "AWS::Partition" ||
         name == "AWS::NoValue" || name == "AWS::NotificationARNs";
}

std::optional<nlohmann::json> PseudoParameter(const StackContext& stack, std::string_view name) {
  if (name == "AWS::AccountId") return stack.scope.account;
  if (name == "AWS::Region") return stack.scope.region;
  if (name == "AWS::StackName") return stack.stack_name;
  if (name == "AWS::StackId") return stack.stack_id;
  if (name == "AWS::URLSuffix") return UrlSuffixOf(stack.scope.region);
  if (name == "AWS::Partition") return PartitionOf(stack.scope.region);
  if (name == "AWS::NotificationARNs") return nlohmann::json(stack.notification_arns);
  if (name == "AWS::NoValue") return nlohmann::json(nlohmann::json::value_t::discarded);
  return std::nullopt;
}

}  // namespace terrarium::iac
