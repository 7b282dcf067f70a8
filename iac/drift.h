// The drift engine: what a declaration says a resource's properties are against what a
// provider's Read finds in the emulator, per resource IN_SYNC / MODIFIED / DELETED, plus the
// UNMANAGED resources the emulator holds that nothing declares. Comparison is semantic (see
// CompareProperties); the CLI, the admin endpoint and CloudFormation's drift API share it.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "iac/resource_provider.h"

namespace terrarium::iac {

// As CloudFormation's PropertyDifference.DifferenceType.
enum class DifferenceType { kAdd, kRemove, kNotEqual };
std::string_view ToString(DifferenceType type);  // "ADD", "REMOVE", "NOT_EQUAL"

struct PropertyDifference {
  std::string path;  // JSON pointer into the properties, as CloudFormation's PropertyPath: /Tags/0
  nlohmann::json expected;  // null for ADD
  nlohmann::json actual;    // null for REMOVE
  DifferenceType type = DifferenceType::kNotEqual;
};

// As StackResourceDriftStatus, plus UNMANAGED for resources nothing declares.
enum class DriftStatus { kInSync, kModified, kDeleted, kUnmanaged };
std::string_view ToString(DriftStatus status);  // "IN_SYNC", "MODIFIED", "DELETED", "UNMANAGED"

struct ResourceDrift {
  std::string logical_id;  // empty for UNMANAGED
  std::string type;
  std::string physical_id;
  DriftStatus status = DriftStatus::kInSync;
  std::vector<PropertyDifference> differences;  // when MODIFIED
};

// The differences between declared `expected` and `actual` properties, semantically:
//  - only properties the declaration names are compared (the rest are defaults the provider
//    filled in, not drift), recursively for nested objects;
//  - scalars compare by text ("30" equals 30, as CloudFormation's string properties do);
//  - a property named *Policy or *PolicyDocument compares as a policy: JSON text and objects
//    alike, single-element lists equal to their element, list order ignored;
//  - Tags lists compare as maps from Key to Value;
//  - lists of scalars ignore order; lists of objects compare element by element (extra actual
//    elements are ADD, missing ones REMOVE).
std::vector<PropertyDifference> CompareProperties(const nlohmann::json& expected,
                                                  const nlohmann::json& actual);

// A declared resource the engine reads back: properties resolved (no intrinsics left).
struct DeclaredResource {
  std::string logical_id;
  std::string type;
  std::string physical_id;  // empty when it was never created: DELETED
  nlohmann::json properties = nlohmann::json::object();
  Scope scope;
  bool absent = false;  // known not to exist (physical_id is then its name): DELETED, not read
};

// IN_SYNC / MODIFIED / DELETED for one resource from its provider's Read answer.
ResourceDrift DriftOf(const DeclaredResource& declared,
                      const std::optional<nlohmann::json>& actual);

// Reads every declared resource through its provider. A type without a provider is an error
// (std::invalid_argument), not silently in sync.
std::vector<ResourceDrift> DetectDrift(const std::vector<DeclaredResource>& declared,
                                       const ProviderRegistry& providers,
                                       const ProviderContext& base);

// Ignore patterns, one per line: `name` or `name.Property[.Nested]` where name is the logical id
// (a Terraform address such as aws_sqs_queue.jobs) or `Type.LogicalId`; `*` matches any run of
// characters; blank lines and lines starting with # are skipped.
class IgnoreRules {
 public:
  static IgnoreRules Parse(std::string_view text);
  // Drops ignored differences and resources; a MODIFIED resource whose differences are all
  // ignored becomes IN_SYNC.
  void Apply(std::vector<ResourceDrift>& drifts) const;

 private:
  bool Matches(const std::string& subject) const;
  std::vector<std::string> patterns_;
};

struct DriftReport {
  std::vector<ResourceDrift> resources;  // declared in logical id order, then unmanaged
  std::size_t managed = 0;               // resources of the input's types that it declares
  std::size_t total = 0;                 // ... plus the unmanaged ones
  // Declared resources the engine could not check (an unsupported type), with the reason:
  // reported, never dropped silently.
  struct NotChecked {
    std::string name;
    std::string reason;
  };
  std::vector<NotChecked> not_checked;
  bool drifted() const;
};

}  // namespace terrarium::iac
