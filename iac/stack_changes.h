// A change set's content: what applying a template evaluation to a deployed stack would do,
// computed without touching any resource. DescribeChangeSet and `apply-template --dry-run`
// show it; the applier then executes the same decisions.
#pragma once

#include <optional>
#include <vector>

#include "iac/applier.h"
#include "iac/change_set.h"
#include "iac/stack_evaluation.h"

namespace terrarium::iac {

// The deployed stack as the change model compares it.
Snapshot SnapshotOf(const DeployedStack& stack);

// The declared resources of `desired`, resolved against what `current` holds; values of
// resources that do not exist yet stay pending (their template form).
Snapshot DeclaredSnapshot(const StackEvaluation& desired, const DeployedStack& current);

// PlanChanges(SnapshotOf(current), DeclaredSnapshot(desired, current)); throws TemplateError.
std::vector<ResourceChange> PlanStackChanges(const StackEvaluation& desired,
                                             const DeployedStack& current);

// Drift of one deployed resource in the same change model: Unchanged (in sync), Modify (with
// the properties that differ, `before` declared and `after` actual) or Remove (the emulator no
// longer holds it). `actual` is what its provider's Read returned.
ResourceChange DriftOf(const DeployedResource& declared,
                       const std::optional<nlohmann::json>& actual);

}  // namespace terrarium::iac
