// The stack a template is evaluated for, and the pseudo parameters (AWS::Region, AWS::StackName,
// ...) it answers.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "emulator/core/scope.h"

namespace terrarium::iac {

struct StackContext {
  std::string stack_name;
  std::string stack_id;  // arn:aws:cloudformation:<region>:<account>:stack/<name>/<uuid>
  Scope scope;
  std::vector<std::string> notification_arns;
};

// The partition and URL suffix of a region, as AWS::Partition and AWS::URLSuffix give them.
std::string PartitionOf(std::string_view region);
std::string UrlSuffixOf(std::string_view region);

// The stack id CloudFormation gives a new stack.
std::string MakeStackId(const Scope& scope, std::string_view stack_name, std::string_view uuid);

// Whether `name` is a pseudo parameter (AWS::AccountId, ...).
bool IsPseudoParameter(std::string_view name);

// The value of pseudo parameter `name`; AWS::NoValue is a discarded json value, which the
// evaluator drops from the enclosing object or list. nullopt when `name` is not one.
std::optional<nlohmann::json> PseudoParameter(const StackContext& stack, std::string_view name);

}  // namespace terrarium::iac
