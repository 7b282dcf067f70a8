// Names CloudFormation gives resources a template does not name: "<stack>-<logicalId>-<RANDOM>",
// the stack and logical id parts shortened so the whole fits the type's limit.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace terrarium::iac {

// How one resource type's generated name looks.
struct NameRule {
  std::string_view type;
  std::string_view property;  // the property that names it, e.g. "QueueName"
  std::size_t max_length;
  bool lower_case = false;  // S3 bucket names
};

// The rule of `type`, or nullopt when CloudFormation does not generate a name for it.
std::optional<NameRule> NameRuleFor(std::string_view type);

// "<stack>-<logicalId>-<suffix>" within `rule`: stack and logical id trimmed evenly when too
// long; lower-cased for buckets; FIFO queues keep room for ".fifo" (appended when `fifo`).
// `suffix` is normally 12-13 random upper-case letters and digits.
std::string PhysicalName(const NameRule& rule, std::string_view stack, std::string_view logical_id,
                         std::string_view suffix, bool fifo = false);

// A random suffix as CloudFormation's: 13 upper-case letters and digits.
std::string RandomNameSuffix();

}  // namespace terrarium::iac
