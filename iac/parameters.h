// Template parameters: the values given for a stack checked against their declarations (type,
// AllowedValues, AllowedPattern, lengths, bounds) with CloudFormation's messages, and turned into
// what `Ref` returns (a string, or a list of strings for the list types).
#pragma once

#include <map>
#include <string>

#include <nlohmann/json.hpp>

#include "iac/template.h"

namespace terrarium::iac {

struct ParameterValue {
  nlohmann::json value;  // what Ref returns: a string, or an array of strings for list types
  std::string text;      // the value as given (a list's comma-separated form)
  bool no_echo = false;  // show "****" wherever the value would be described
};

using ParameterValues = std::map<std::string, ParameterValue, std::less<>>;

// Resolves every declared parameter from `given`, falling back to its Default. Throws
// TemplateError: "Parameters: [A, B] must have values", "Parameters: [X] do not exist in the
// template", "Parameter 'X' must be one of AllowedValues", unsupported or SSM types, ...
ParameterValues ResolveParameters(const Template& t,
                                  const std::map<std::string, std::string, std::less<>>& given);

// Whether `type` is a list type (CommaDelimitedList, List<...>), whose Ref is a list.
bool IsListParameterType(const std::string& type);

}  // namespace terrarium::iac
