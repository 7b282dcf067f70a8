// The Conditions section: every condition evaluated once, before any resource, from parameters
// and pseudo parameters only (a condition may use other conditions, never resources).
#pragma once

#include <map>
#include <string>

#include "iac/eval_context.h"

namespace terrarium::iac {

using ConditionValues = std::map<std::string, bool, std::less<>>;

// Evaluates all conditions. Throws TemplateError for a reference to a resource, an unknown
// condition, a cycle ("Template error: Found circular condition dependency: [A, B]"), or a
// condition that is not a boolean operation.
ConditionValues EvaluateConditions(const Template& t, const ParameterValues& parameters,
                                   const StackContext& stack);

// A ConditionLookup over evaluated conditions, failing with CloudFormation's message for a
// name the Conditions section does not declare.
ConditionLookup LookupIn(const Template& t, const ConditionValues& values);

}  // namespace terrarium::iac
