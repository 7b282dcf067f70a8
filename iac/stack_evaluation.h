// A template evaluated for one stack: parameters and conditions resolved once, then resources'
// properties and the outputs resolved on demand against the resources that exist. The applier
// resolves a resource's properties just before creating it; change sets resolve them ahead of
// time, keeping values that are only known later as "pending".
#pragma once

#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "iac/conditions.h"
#include "iac/eval_context.h"
#include "iac/graph.h"
#include "iac/parameters.h"
#include "iac/template.h"

namespace terrarium::iac {

struct ResolvedOutput {
  std::string name;
  std::string description;
  nlohmann::json value;  // null when pending
  std::optional<std::string> export_name;
  bool pending = false;  // needs a resource that does not exist yet
};

class StackEvaluation {
 public:
  // Resolves `parameters` (name -> value as given) and the conditions; throws TemplateError.
  StackEvaluation(Template t, const std::map<std::string, std::string, std::less<>>& parameters,
                  StackContext stack, ExportLookup exports = {});

  const Template& tmpl() const { return template_; }
  const ParameterValues& parameters() const { return parameters_; }
  const ConditionValues& conditions() const { return conditions_; }
  const StackContext& stack() const { return stack_; }

  // The resources whose conditions hold, with their dependencies (checked).
  ResourceGraph Graph() const { return ResourceGraph::Build(template_, conditions_); }

  // `node`'s properties with every intrinsic evaluated against `state`; AWS::NoValue removes a
  // property. With `pending` non-null, a top-level property that needs a resource not created
  // yet keeps its template form and its name is added to `pending`; without, that is an error.
  nlohmann::json ResolveProperties(const ResourceNode& node, const ResourceState& state,
                                   std::set<std::string>* pending = nullptr) const;

  // The outputs whose conditions hold, evaluated against `state`.
  std::vector<ResolvedOutput> ResolveOutputs(const ResourceState& state,
                                             bool allow_pending = false) const;

 private:
  EvalContext Context(const ResourceState* state, Section section, bool allow_pending) const;

  Template template_;
  StackContext stack_;
  ExportLookup exports_;
  ParameterValues parameters_;
  ConditionValues conditions_;
};

}  // namespace terrarium::iac
