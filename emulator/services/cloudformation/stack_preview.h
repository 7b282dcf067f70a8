// A deployment computed without running it: the template evaluated for a stack and the resource
// changes against what the stack holds. UpdateStack uses it to say "No updates are to be
// performed.", CreateChangeSet to describe the change set.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "emulator/services/cloudformation/stack_store.h"
#include "emulator/services/cloudformation/template_input.h"
#include "iac/change_set.h"
#include "iac/stack_evaluation.h"

namespace terrarium::services::cloudformation {

struct Preview {
  std::optional<iac::StackEvaluation> evaluation;
  std::vector<iac::ResourceChange> changes;  // Unchanged ones left out
  bool outputs_changed = false;
  bool changed() const { return !changes.empty() || outputs_changed; }
};

// Evaluates `parsed` with `parameters` for the stack `stack_name`/`stack_id` holding `current`
// (its record, or an empty object for a new stack); throws TemplateError.
Preview PreviewDeployment(storage::ReadTxn& txn, const Scope& scope, const std::string& stack_name,
                          const std::string& stack_id, const nlohmann::json& current,
                          const importers::ImportedTemplate& parsed,
                          const GivenParameters& parameters);

// Outputs as DescribeStacks lists them.
nlohmann::json OutputsToJson(const std::vector<iac::ResolvedOutput>& outputs);
// Parameters as DescribeStacks lists them, NoEcho ones flagged (masked when described).
nlohmann::json ParametersToJson(const iac::ParameterValues& values);
// Stored parameters as described: NoEcho values shown as "****".
nlohmann::json MaskedParameters(const nlohmann::json& parameters);
// DescribeChangeSet's Changes.
nlohmann::json ChangesToJson(const std::vector<iac::ResourceChange>& changes);

}  // namespace terrarium::services::cloudformation
