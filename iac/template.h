// The CloudFormation template model: the sections of a template, checked for shape and nothing
// evaluated yet. Parameters are resolved by parameters.h, conditions by conditions.h, and the
// resources become a dependency graph in graph.h.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "iac/source_map.h"
#include "iac/template_error.h"

namespace terrarium::iac {

// One entry of the Parameters section. Numbers and booleans written in the template are kept as
// the strings CloudFormation compares them as.
struct ParameterDecl {
  std::string name;
  std::string type;
  std::optional<std::string> default_value;
  std::vector<std::string> allowed_values;  // empty: any value
  std::optional<std::string> allowed_pattern;
  std::optional<double> min_length, max_length, min_value, max_value;
  bool no_echo = false;
  std::string description;
  std::string constraint_description;
};

// One entry of the Resources section, as declared (intrinsics unevaluated).
struct ResourceDecl {
  std::string logical_id;
  std::string type;  // CloudFormation vocabulary, e.g. AWS::SQS::Queue
  nlohmann::json properties = nlohmann::json::object();
  std::vector<std::string> depends_on;
  std::optional<std::string> condition;
  std::string deletion_policy = "Delete";  // Delete | Retain | Snapshot | RetainExceptOnCreate
  std::string update_replace_policy = "Delete";
  nlohmann::json metadata;  // null when absent
};

// One entry of the Outputs section.
struct OutputDecl {
  std::string name;
  nlohmann::json value;
  std::string description;
  std::optional<nlohmann::json> export_name;  // Export.Name, may hold intrinsics
  std::optional<std::string> condition;
};

struct Template {
  std::string description;
  nlohmann::json metadata;  // e.g. AWS::CloudFormation::Interface; accepted, not interpreted
  std::vector<std::string> transforms;
  std::vector<ParameterDecl> parameters;  // in name order
  nlohmann::json mappings = nlohmann::json::object();
  std::map<std::string, nlohmann::json, std::less<>> conditions;
  std::map<std::string, ResourceDecl, std::less<>> resources;
  std::vector<OutputDecl> outputs;
  SourceMap lines;

  const ResourceDecl* FindResource(std::string_view logical_id) const;
  const ParameterDecl* FindParameter(std::string_view name) const;
  // A TemplateError at `pointer`, with the source line when the loader recorded one.
  TemplateError ErrorAt(std::string message, const std::string& pointer) const;
};

// Checks the sections' shapes and builds the model; throws TemplateError with CloudFormation's
// "Template format error: ..." messages. `document` must already be transformed (sam_transform.h).
Template ParseTemplate(const nlohmann::json& document, SourceMap lines = {});

// Whether `name` is a valid logical id (CloudFormation: ASCII letters and digits only).
bool IsAlphanumeric(std::string_view name);

// "A, B, C": how CloudFormation lists names inside its messages' brackets.
std::string JoinNames(const std::vector<std::string>& names);

// The text CloudFormation compares a scalar as: strings as is, numbers and booleans printed.
std::string ScalarText(const nlohmann::json& value);

}  // namespace terrarium::iac
