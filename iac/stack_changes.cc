#include "iac/stack_changes.h"

namespace terrarium::iac {

Snapshot SnapshotOf(const DeployedStack& stack) {
  Snapshot out;
  for (const auto& [id, r] : stack) {
    ResourceSnapshot s;
    s.type = r.type;
    s.properties = r.properties;
    s.physical_id = r.physical_id;
    out.emplace(id, std::move(s));
  }
  return out;
}

Snapshot DeclaredSnapshot(const StackEvaluation& desired, const DeployedStack& current) {
  MapResourceState state;
  FillState(current, state);
  Snapshot out;
  const ResourceGraph graph = desired.Graph();
  for (const auto& [id, node] : graph.nodes()) {
    ResourceSnapshot s;
    s.type = node.type;
    s.properties = desired.ResolveProperties(node, state, &s.pending);
    out.emplace(id, std::move(s));
  }
  return out;
}

ResourceChange DriftOf(const DeployedResource& declared,
                       const std::optional<nlohmann::json>& actual) {
  ResourceChange change;
  change.logical_id = declared.logical_id;
  change.type = declared.type;
  change.physical_id = declared.physical_id;
  if (!actual) {
    change.action = ChangeAction::kRemove;
    return change;
  }
  change.properties = DiffProperties(declared.properties, *actual);
  change.action = change.properties.empty() ? ChangeAction::kUnchanged : ChangeAction::kModify;
  return change;
}

std::vector<ResourceChange> PlanStackChanges(const StackEvaluation& desired,
                                             const DeployedStack& current) {
  return PlanChanges(SnapshotOf(current), DeclaredSnapshot(desired, current));
}

}  // namespace terrarium::iac
