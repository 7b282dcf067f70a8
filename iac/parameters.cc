// Parity: AWS-specific types (AWS::EC2::VPC::Id, List<AWS::EC2::Subnet::Id>, ...) are accepted
// as plain strings and lists without checking that the resource exists, as there is no EC2 here.
// SSM parameter types are rejected: there is no SSM Parameter Store to read them from.
#include "iac/parameters.h"

#include <cmath>
#include <regex>
#include <vector>

namespace terrarium::iac {
namespace {

using nlohmann::json;

bool StartsWith(const std::string& s, std::string_view prefix) { return s.rfind(prefix, 0) == 0; }

// Number, String, or a list of either; nullopt for a type CloudFormation would not recognise.
enum class Kind { kString, kNumber, kStringList, kNumberList };

Kind KindOf(const Template& t, const ParameterDecl& p) {
  const std::string pointer = PointerChild(PointerChild("/Parameters", p.name), "Type");
  if (StartsWith(p.type, "AWS::SSM::Parameter::Value<")) {
    throw t.ErrorAt("Parameter '" + p.name + "' has type " + p.type +
                        ", which Terrarium does not support: there is no SSM Parameter Store to "
                        "resolve it from. Declare the parameter as String (or CommaDelimitedList) "
                        "and pass the value itself.",
                    pointer);
  }
  if (p.type == "String" || p.type == "AWS::SSM::Parameter::Name") return Kind::kString;
  if (p.type == "Number") return Kind::kNumber;
  if (p.type == "CommaDelimitedList") return Kind::kStringList;
  if (p.type == "List<Number>") return Kind::kNumberList;
  if (StartsWith(p.type, "List<AWS::") && p.type.back() == '>') return Kind::kStringList;
  if (StartsWith(p.type, "AWS::")) return Kind::kString;
  throw t.ErrorAt("Template format error: Unrecognized parameter type: " + p.type, pointer);
}

std::vector<std::string> SplitCommas(const std::string& text) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (true) {
    auto comma = text.find(',', start);
    out.push_back(text.substr(start, comma - start));
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
  return out;
}

bool ParseNumber(const std::string& text, double& out) {
  static const std::regex kNumber("\\s*[-+]?([0-9]+\\.?[0-9]*|\\.[0-9]+)([eE][-+]?[0-9]+)?\\s*");
  if (!std::regex_match(text, kNumber)) return false;
  out = std::stod(text);
  return true;
}

// CloudFormation prints bounds as it read them: 1 rather than 1.0.
std::string Bound(double v) {
  if (v == std::floor(v) && std::fabs(v) < 1e15) return std::to_string(static_cast<long long>(v));
  json j = v;
  return j.dump();
}

// Checks one value (a list parameter checks each member) and returns the reason it fails, or "".
std::string Violation(const ParameterDecl& p, Kind kind, const std::string& value) {
  const std::string quoted = "Parameter '" + p.name + "'";
  if (kind == Kind::kNumber || kind == Kind::kNumberList) {
    double number = 0;
    if (!ParseNumber(value, number)) return quoted + " must be a number";
    if (p.min_value && number < *p.min_value) {
      return quoted + " must be a number not less than " + Bound(*p.min_value);
    }
    if (p.max_value && number > *p.max_value) {
      return quoted + " must be a number not greater than " + Bound(*p.max_value);
    }
    return "";
  }
  if (p.min_length && static_cast<double>(value.size()) < *p.min_length) {
    return quoted + " must contain at least " + Bound(*p.min_length) + " characters";
  }
  if (p.max_length && static_cast<double>(value.size()) > *p.max_length) {
    return quoted + " must contain at most " + Bound(*p.max_length) + " characters";
  }
  if (p.allowed_pattern) {
    std::regex pattern;
    try {
      pattern = std::regex(*p.allowed_pattern);
    } catch (const std::regex_error&) {
      return quoted + " AllowedPattern must be a valid regular expression.";
    }
    if (!std::regex_match(value, pattern)) {
      return quoted + " must match pattern " + *p.allowed_pattern;
    }
  }
  return "";
}

}  // namespace

bool IsListParameterType(const std::string& type) {
  return type == "CommaDelimitedList" || StartsWith(type, "List<");
}

ParameterValues ResolveParameters(const Template& t,
                                  const std::map<std::string, std::string, std::less<>>& given) {
  std::vector<std::string> unknown;
  for (const auto& [name, value] : given) {
    if (t.FindParameter(name) == nullptr) unknown.push_back(name);
  }
  if (!unknown.empty()) {
    throw TemplateError("Parameters: [" + JoinNames(unknown) + "] do not exist in the template");
  }
  ParameterValues out;
  std::vector<std::string> missing;
  for (const ParameterDecl& p : t.parameters) {
    Kind kind = KindOf(t, p);
    auto it = given.find(p.name);
    std::optional<std::string> text =
        it != given.end() ? std::optional<std::string>(it->second) : p.default_value;
    if (!text) {
      missing.push_back(p.name);
      continue;
    }
    const bool list = kind == Kind::kStringList || kind == Kind::kNumberList;
    std::vector<std::string> members = list ? SplitCommas(*text) : std::vector{*text};
    if (!p.allowed_values.empty()) {
      for (const auto& m : members) {
        if (std::find(p.allowed_values.begin(), p.allowed_values.end(), m) ==
            p.allowed_values.end()) {
          throw t.ErrorAt(p.constraint_description.empty()
                              ? "Parameter '" + p.name + "' must be one of AllowedValues"
                              : "Parameter " + p.name +
                                    " failed to satisfy constraint: " + p.constraint_description,
                          PointerChild("/Parameters", p.name));
        }
      }
    }
    for (const auto& m : members) {
      std::string reason = Violation(p, kind, m);
      if (reason.empty()) continue;
      if (!p.constraint_description.empty() && reason.find("AllowedPattern") == std::string::npos) {
        reason =
            "Parameter " + p.name + " failed to satisfy constraint: " + p.constraint_description;
      }
      throw t.ErrorAt(reason, PointerChild("/Parameters", p.name));
    }
    ParameterValue v;
    v.text = *text;
    v.no_echo = p.no_echo;
    v.value = list ? json(members) : json(*text);
    out.emplace(p.name, std::move(v));
  }
  if (!missing.empty()) {
    throw TemplateError("Parameters: [" + JoinNames(missing) + "] must have values");
  }
  return out;
}

}  // namespace terrarium::iac
