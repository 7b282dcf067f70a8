// Everything an intrinsic function may look at while it evaluates: the template, parameter and
// pseudo parameter values, conditions, the resources that exist, and the exports of other stacks.
#pragma once

#include <functional>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

#include "iac/parameters.h"
#include "iac/pseudo_parameters.h"
#include "iac/resource_state.h"
#include "iac/template.h"

namespace terrarium::iac {

// Which section is being evaluated: it decides what may be referenced and how errors read.
enum class Section { kConditions, kResources, kOutputs };

// The value of another stack's export, or nullopt when no stack exports `name`.
using ExportLookup = std::function<std::optional<std::string>(std::string_view name)>;

// The truth of condition `name` (pointer: where it is referenced, for the error).
using ConditionLookup = std::function<bool(const std::string& name, const std::string& pointer)>;

struct EvalContext {
  EvalContext(const Template& t, const ParameterValues& p, const StackContext& s, ConditionLookup c)
      : tmpl(t), parameters(p), stack(s), condition(std::move(c)) {}

  const Template& tmpl;
  const ParameterValues& parameters;
  const StackContext& stack;
  ConditionLookup condition;
  const ResourceState* resources = nullptr;  // null: no resource exists yet
  ExportLookup exports;
  Section section = Section::kResources;
  // Change-set preview: a Ref/GetAtt of a resource that does not exist yet throws PendingValue
  // (the value is only known once it is created) instead of failing.
  bool allow_pending = false;
};

// Thrown, when EvalContext::allow_pending, by a reference to a resource not created yet.
struct PendingValue : std::exception {
  std::string logical_id;
  explicit PendingValue(std::string id) : logical_id(std::move(id)) {}
  const char* what() const noexcept override { return "value known after the resource exists"; }
};

}  // namespace terrarium::iac
