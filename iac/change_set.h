// The one change model of the IaC layer: per resource Add / Modify / Remove / Unchanged with
// property-level differences. Change sets (declared before vs declared now) and the drift engine
// (declared vs what the emulator holds) both speak it; the applier executes it.
#pragma once

#include <map>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

namespace terrarium::iac {

enum class ChangeAction { kAdd, kModify, kRemove, kUnchanged };

// CloudFormation's ResourceChange.Replacement: True, False, or Conditional (it depends on a value
// known only during the update).
enum class Replacement { kFalse, kConditional, kTrue };

std::string_view ToString(ChangeAction action);      // "Add", "Modify", "Remove", "Unchanged"
std::string_view ToString(Replacement replacement);  // "False", "Conditional", "True"

struct PropertyChange {
  std::string path;       // JSON pointer below Properties, e.g. "/Tags/0/Value"
  std::string name;       // the top-level property, e.g. "Tags"
  nlohmann::json before;  // null when the property was absent
  nlohmann::json after;   // null when removed; the template form when `dynamic`
  bool dynamic = false;   // the new value is only known while applying
  bool requires_replacement = false;
};

struct ResourceChange {
  std::string logical_id;
  std::string type;
  ChangeAction action = ChangeAction::kUnchanged;
  Replacement replacement = Replacement::kFalse;
  std::string physical_id;  // of the existing resource (Modify, Remove, Unchanged)
  std::vector<PropertyChange> properties;
};

// One resource as declared (or as read back), for comparison.
struct ResourceSnapshot {
  std::string type;
  nlohmann::json properties = nlohmann::json::object();
  std::set<std::string> pending;  // top-level properties whose values are not known yet
  std::string physical_id;
};

using Snapshot = std::map<std::string, ResourceSnapshot, std::less<>>;

// Property-level differences. Scalars compare by their text (30 equals "30", as the services
// echo numbers as strings); objects key by key; lists item by item when their lengths match,
// else as a whole.
std::vector<PropertyChange> DiffProperties(const nlohmann::json& before,
                                           const nlohmann::json& after);

// The changes that turn `before` into `after`, sorted by logical id, Unchanged ones included.
// Throws TemplateError when a resource's type changes ("Update of resource type is not
// permitted...").
std::vector<ResourceChange> PlanChanges(const Snapshot& before, const Snapshot& after);

}  // namespace terrarium::iac
