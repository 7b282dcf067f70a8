#include "emulator/services/dynamodb/legacy_params.h"

#include <map>

#include "emulator/core/aws_error.h"
#include "emulator/services/dynamodb/attribute_value.h"

namespace terrarium::services::dynamodb {
namespace {

using nlohmann::json;

Operand PathOperand(const std::string& name) {
  Operand operand;
  operand.kind = Operand::Kind::kPath;
  operand.path = {PathStep{name, -1}};
  return operand;
}

Operand ValueOperand(const json& value) {
  Operand operand;
  operand.value = NormalizeValue(value);
  return operand;
}

Condition LegacyComparison(const std::string& name, const std::string& op, const json& value) {
  Condition c;
  c.op = op;
  c.operands = {PathOperand(name), ValueOperand(value)};
  return c;
}

Condition LegacyFunction(const std::string& function, const std::string& name,
                         const json* value = nullptr) {
  Condition c;
  c.kind = Condition::Kind::kFunction;
  c.op = function;
  c.operands.push_back(PathOperand(name));
  if (value != nullptr) c.operands.push_back(ValueOperand(*value));
  return c;
}

Condition Not(Condition inner) {
  Condition c;
  c.kind = Condition::Kind::kNot;
  c.children.push_back(std::move(inner));
  return c;
}

Condition OneCondition(const std::string& name, const json& spec, bool expected) {
  if (expected && !spec.contains("ComparisonOperator")) {
    bool exists = spec.value("Exists", true);
    if (!exists) {
      if (spec.contains("Value")) {
        throw InvalidParameterValues("Value cannot be used when Exists is false for Attribute: " +
                                     name);
      }
      return LegacyFunction("attribute_not_exists", name);
    }
    if (!spec.contains("Value")) {
      throw InvalidParameterValues("Value must be provided when Exists is true for Attribute: " +
                                   name);
    }
    return LegacyComparison(name, "=", spec["Value"]);
  }
  std::string op = spec.value("ComparisonOperator", "");
  json values = spec.value("AttributeValueList", json::array());
  auto need = [&](size_t count) {
    if (values.size() != count) {
      throw InvalidParameterValues("Invalid number of argument(s) for the " + op +
                                   " ComparisonOperator");
    }
  };
  static const std::map<std::string, std::string> kCompare = {
      {"EQ", "="}, {"NE", "<>"}, {"LT", "<"}, {"LE", "<="}, {"GT", ">"}, {"GE", ">="}};
  if (auto it = kCompare.find(op); it != kCompare.end()) {
    need(1);
    return LegacyComparison(name, it->second, values[0]);
  }
  if (op == "NULL" || op == "NOT_NULL") {
    need(0);
    return LegacyFunction(op == "NULL" ? "attribute_not_exists" : "attribute_exists", name);
  }
  if (op == "CONTAINS" || op == "NOT_CONTAINS" || op == "BEGINS_WITH") {
    need(1);
    Condition c =
        LegacyFunction(op == "BEGINS_WITH" ? "begins_with" : "contains", name, &values[0]);
    return op == "NOT_CONTAINS" ? Not(std::move(c)) : c;
  }
  if (op == "BETWEEN") {
    need(2);
    Condition c;
    c.kind = Condition::Kind::kBetween;
    c.operands = {PathOperand(name), ValueOperand(values[0]), ValueOperand(values[1])};
    return c;
  }
  if (op == "IN") {
    if (values.empty()) need(1);
    Condition c;
    c.kind = Condition::Kind::kIn;
    c.operands.push_back(PathOperand(name));
    for (const json& value : values) c.operands.push_back(ValueOperand(value));
    return c;
  }
  throw InvalidParameterValues("Unsupported ComparisonOperator: " + op);
}

}  // namespace

std::optional<Condition> LegacyCondition(const json& conditions,
                                         const std::string& conditional_operator, bool expected) {
  std::optional<Condition> all;
  for (const auto& [name, spec] : conditions.items()) {
    Condition one = OneCondition(name, spec, expected);
    if (!all) {
      all = std::move(one);
      continue;
    }
    Condition both;
    both.kind = conditional_operator == "OR" ? Condition::Kind::kOr : Condition::Kind::kAnd;
    both.children.push_back(std::move(*all));
    both.children.push_back(std::move(one));
    all = std::move(both);
  }
  return all;
}

UpdatePlan LegacyUpdate(const json& attribute_updates) {
  UpdatePlan plan;
  for (const auto& [name, update] : attribute_updates.items()) {
    std::string action = update.value("Action", "PUT");
    UpdateAction step{UpdateAction::Kind::kSet, {PathStep{name, -1}}, {}};
    bool has_value = update.contains("Value");
    if (has_value) step.value = ValueOperand(update["Value"]);
    if (action == "PUT") {
      if (!has_value)
        throw InvalidParameterValues(
            "Only DELETE action is allowed when no attribute value is specified");
    } else if (action == "DELETE") {
      step.kind = has_value ? UpdateAction::Kind::kDelete : UpdateAction::Kind::kRemove;
      std::string_view type = has_value ? TypeOf(step.value.value) : "";
      if (has_value && type != "SS" && type != "NS" && type != "BS") {
        throw InvalidParameterValues("DELETE action with value is not supported for the type " +
                                     std::string(type));
      }
    } else if (action == "ADD") {
      if (!has_value)
        throw InvalidParameterValues(
            "Only DELETE action is allowed when no attribute value is specified");
      step.kind = UpdateAction::Kind::kAdd;
      std::string_view type = TypeOf(step.value.value);
      if (type != "N" && type != "SS" && type != "NS" && type != "BS" && type != "L") {
        throw InvalidParameterValues("ADD action is not supported for the type " +
                                     std::string(type));
      }
    } else {
      throw InvalidParameterValues("Unsupported AttributeAction: " + action);
    }
    plan.actions.push_back(std::move(step));
  }
  return plan;
}

std::vector<Path> LegacyProjection(const json& attributes_to_get) {
  std::vector<Path> paths;
  for (const json& name : attributes_to_get)
    paths.push_back({PathStep{name.get<std::string>(), -1}});
  return paths;
}

void CheckNotMixed(const json& input, const std::vector<std::string>& legacy,
                   const std::vector<std::string>& expressions) {
  std::string old_names, new_names;
  for (const auto& name : legacy) {
    if (input.contains(name)) old_names += (old_names.empty() ? "" : ", ") + name;
  }
  for (const auto& name : expressions) {
    if (input.contains(name)) new_names += (new_names.empty() ? "" : ", ") + name;
  }
  if (!old_names.empty() && !new_names.empty()) {
    throw ValidationError(
        "Can not use both expression and non-expression parameters in the same request: "
        "Non-expression parameters: {" +
        old_names + "} Expression parameters: {" + new_names + "}");
  }
}

}  // namespace terrarium::services::dynamodb
