#include "iac/change_set.h"

#include <algorithm>

#include "iac/source_map.h"
#include "iac/template.h"
#include "iac/template_error.h"
#include "iac/update_behavior.h"

namespace terrarium::iac {
namespace {

using nlohmann::json;

bool IsScalar(const json& v) { return v.is_string() || v.is_number() || v.is_boolean(); }

void Diff(const json& before, const json& after, const std::string& path,
          std::vector<PropertyChange>& out) {
  if (IsScalar(before) && IsScalar(after)) {
    if (ScalarText(before) != ScalarText(after)) out.push_back({path, "", before, after});
    return;
  }
  if (before.is_object() && after.is_object()) {
    for (const auto& [key, value] : before.items()) {
      Diff(value, after.contains(key) ? after[key] : json(), PointerChild(path, key), out);
    }
    for (const auto& [key, value] : after.items()) {
      if (!before.contains(key)) Diff(json(), value, PointerChild(path, key), out);
    }
    return;
  }
  if (before.is_array() && after.is_array() && before.size() == after.size()) {
    for (std::size_t i = 0; i < before.size(); ++i) {
      Diff(before[i], after[i], PointerChild(path, std::to_string(i)), out);
    }
    return;
  }
  if (before != after) out.push_back({path, "", before, after});
}

std::string TopLevel(const std::string& path) {
  auto end = path.find('/', 1);
  std::string token = path.substr(1, end == std::string::npos ? end : end - 1);
  // Undo RFC 6901 escaping for the name.
  std::string out;
  for (std::size_t i = 0; i < token.size(); ++i) {
    if (token[i] == '~' && i + 1 < token.size()) {
      out += token[i + 1] == '1' ? '/' : '~';
      ++i;
    } else {
      out += token[i];
    }
  }
  return out;
}

}  // namespace

std::string_view ToString(ChangeAction action) {
  switch (action) {
    case ChangeAction::kAdd:
      return "Add";
    case ChangeAction::kModify:
      return "Modify";
    case ChangeAction::kRemove:
      return "Remove";
    case ChangeAction::kUnchanged:
      break;
  }
  return "Unchanged";
}

std::string_view ToString(Replacement replacement) {
  switch (replacement) {
    case Replacement::kTrue:
      return "True";
    case Replacement::kConditional:
      return "Conditional";
    case Replacement::kFalse:
      break;
  }
  return "False";
}

std::vector<PropertyChange> DiffProperties(const json& before, const json& after) {
  std::vector<PropertyChange> out;
  Diff(before.is_null() ? json::object() : before, after.is_null() ? json::object() : after, "",
       out);
  for (auto& change : out) change.name = TopLevel(change.path);
  return out;
}

std::vector<ResourceChange> PlanChanges(const Snapshot& before, const Snapshot& after) {
  std::vector<std::string> retyped;
  for (const auto& [id, now] : after) {
    auto old = before.find(id);
    if (old != before.end() && old->second.type != now.type) retyped.push_back(id);
  }
  if (!retyped.empty()) {
    throw TemplateError(
        "Update of resource type is not permitted. The new template modifies resource type of "
        "the following resources: [" +
        JoinNames(retyped) + "]");
  }

  std::vector<ResourceChange> changes;
  for (const auto& [id, old] : before) {
    if (after.contains(id)) continue;
    ResourceChange change;
    change.logical_id = id;
    change.type = old.type;
    change.action = ChangeAction::kRemove;
    change.physical_id = old.physical_id;
    changes.push_back(std::move(change));
  }
  for (const auto& [id, now] : after) {
    ResourceChange change;
    change.logical_id = id;
    change.type = now.type;
    auto old = before.find(id);
    if (old == before.end()) {
      change.action = ChangeAction::kAdd;
      changes.push_back(std::move(change));
      continue;
    }
    change.physical_id = old->second.physical_id;
    // Pending properties cannot be compared yet: report each as a dynamic change.
    json known = now.properties;
    for (const auto& name : now.pending) known.erase(name);
    json old_known = old->second.properties;
    for (const auto& name : now.pending) old_known.erase(name);
    change.properties = DiffProperties(old_known, known);
    for (const auto& name : now.pending) {
      const json& prior = old->second.properties;
      PropertyChange p{PointerChild("", name), name, prior.contains(name) ? prior[name] : json(),
                       now.properties[name]};
      p.dynamic = true;
      change.properties.push_back(std::move(p));
    }
    for (auto& p : change.properties) {
      p.requires_replacement = RequiresReplacement(now.type, p.name);
      if (!p.requires_replacement) continue;
      Replacement r = p.dynamic ? Replacement::kConditional : Replacement::kTrue;
      if (r > change.replacement) change.replacement = r;
    }
    change.action = change.properties.empty() ? ChangeAction::kUnchanged : ChangeAction::kModify;
    changes.push_back(std::move(change));
  }
  std::sort(changes.begin(), changes.end(), [](const ResourceChange& a, const ResourceChange& b) {
    return a.logical_id < b.logical_id;
  });
  return changes;
}

}  // namespace terrarium::iac
