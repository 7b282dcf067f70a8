#include "emulator/services/dynamodb/expression_eval.h"

#include <map>
#include <set>

#include "emulator/core/aws_error.h"
#include "emulator/services/dynamodb/attribute_value.h"

namespace terrarium::services::dynamodb {

using nlohmann::json;

const json* ResolvePath(const json& item, const Path& path) {
  const json* current = nullptr;
  for (size_t i = 0; i < path.size(); ++i) {
    const PathStep& step = path[i];
    if (i == 0) {
      auto it = item.find(step.name);
      if (step.IsIndex() || it == item.end()) return nullptr;
      current = &*it;
      continue;
    }
    std::string_view type = TypeOf(*current);
    const json& inner = current->begin().value();
    if (step.IsIndex()) {
      if (type != "L" || static_cast<size_t>(step.index) >= inner.size()) return nullptr;
      current = &inner[static_cast<size_t>(step.index)];
    } else {
      if (type != "M") return nullptr;
      auto it = inner.find(step.name);
      if (it == inner.end()) return nullptr;
      current = &*it;
    }
  }
  return current;
}

std::optional<json> EvaluateOperand(const Operand& operand, const json& item) {
  switch (operand.kind) {
    case Operand::Kind::kValue:
      return operand.value;
    case Operand::Kind::kPath: {
      const json* value = ResolvePath(item, operand.path);
      if (value == nullptr) return std::nullopt;
      return *value;
    }
    case Operand::Kind::kSize: {
      const json* value = ResolvePath(item, operand.path);
      if (value == nullptr) return std::nullopt;
      std::string_view type = TypeOf(*value);
      const json& inner = value->begin().value();
      size_t size;
      if (type == "S") {
        size = inner.get_ref<const std::string&>().size();
      } else if (type == "B") {
        size = BytesOf(inner).size();
      } else if (type == "SS" || type == "NS" || type == "BS" || type == "L" || type == "M") {
        size = inner.size();
      } else {
        return std::nullopt;
      }
      return json{{"N", std::to_string(size)}};
    }
    default:
      return std::nullopt;
  }
}

namespace {

bool Compare(const std::string& op, const std::optional<json>& a, const std::optional<json>& b) {
  if (!a || !b) return op == "<>" && (a.has_value() || b.has_value());
  if (op == "=") return ValuesEqual(*a, *b);
  if (op == "<>") return !ValuesEqual(*a, *b);
  auto order = CompareScalars(*a, *b);
  if (!order) return false;
  if (op == "<") return *order < 0;
  if (op == "<=") return *order <= 0;
  if (op == ">") return *order > 0;
  return *order >= 0;
}

bool Contains(const json& haystack, const json& needle) {
  std::string_view type = TypeOf(haystack);
  std::string_view needle_type = TypeOf(needle);
  const json& inner = haystack.begin().value();
  if (type == "S" && needle_type == "S") {
    return inner.get_ref<const std::string&>().find(needle.at("S").get_ref<const std::string&>()) !=
           std::string::npos;
  }
  if (type == "B" && needle_type == "B") {
    return BytesOf(inner).find(BytesOf(needle)) != std::string::npos;
  }
  if ((type == "SS" && needle_type == "S") || (type == "NS" && needle_type == "N") ||
      (type == "BS" && needle_type == "B")) {
    std::string scalar(needle_type);
    for (const json& element : inner) {
      if (ValuesEqual(json{{scalar, element}}, needle)) return true;
    }
    return false;
  }
  if (type == "L") {
    for (const json& element : inner) {
      if (ValuesEqual(element, needle)) return true;
    }
  }
  return false;
}

bool BeginsWith(const json& value, const json& prefix) {
  std::string_view type = TypeOf(value);
  if (type != TypeOf(prefix)) return false;
  if (type == "S") {
    return value.at("S").get_ref<const std::string&>().starts_with(
        prefix.at("S").get_ref<const std::string&>());
  }
  if (type == "B") return BytesOf(value).starts_with(BytesOf(prefix));
  return false;
}

bool Function(const Condition& c, const json& item, std::string_view what) {
  const json* target =
      c.operands[0].kind == Operand::Kind::kPath ? ResolvePath(item, c.operands[0].path) : nullptr;
  if (c.op == "attribute_exists") return target != nullptr;
  if (c.op == "attribute_not_exists") return target == nullptr;
  auto arg = EvaluateOperand(c.operands[1], item);
  if (c.op == "attribute_type") {
    if (!arg || TypeOf(*arg) != "S") return false;
    const std::string& type = arg->at("S").get_ref<const std::string&>();
    static const std::set<std::string> kTypes = {"S",  "SS",   "N",    "NS", "B",
                                                 "BS", "BOOL", "NULL", "L",  "M"};
    if (kTypes.count(type) == 0) {
      throw ValidationError("Invalid " + std::string(what) +
                            ": Invalid attribute type name found; type: " + type +
                            ", valid types: { B,NULL,SS,BOOL,L,BS,N,NS,S,M }");
    }
    return target != nullptr && TypeOf(*target) == type;
  }
  if (target == nullptr || !arg) return false;
  if (c.op == "begins_with") return BeginsWith(*target, *arg);
  return Contains(*target, *arg);  // contains
}

}  // namespace

bool EvaluateCondition(const Condition& c, const json& item, std::string_view what) {
  switch (c.kind) {
    case Condition::Kind::kAnd:
      return EvaluateCondition(c.children[0], item, what) &&
             EvaluateCondition(c.children[1], item, what);
    case Condition::Kind::kOr:
      return EvaluateCondition(c.children[0], item, what) ||
             EvaluateCondition(c.children[1], item, what);
    case Condition::Kind::kNot:
      return !EvaluateCondition(c.children[0], item, what);
    case Condition::Kind::kCompare:
      return Compare(c.op, EvaluateOperand(c.operands[0], item),
                     EvaluateOperand(c.operands[1], item));
    case Condition::Kind::kBetween: {
      auto value = EvaluateOperand(c.operands[0], item);
      auto low = EvaluateOperand(c.operands[1], item);
      auto high = EvaluateOperand(c.operands[2], item);
      if (low && high) {
        auto order = CompareScalars(*low, *high);
        if (order && *order > 0) {
          throw ValidationError(
              "Invalid " + std::string(what) +
              ": The BETWEEN operator requires upper bound to be greater than or equal to lower "
              "bound; lower operand: AttributeValue: {" +
              std::string(TypeOf(*low)) + ":" + low->begin().value().get<std::string>() +
              "}, upper operand: AttributeValue: {" + std::string(TypeOf(*high)) + ":" +
              high->begin().value().get<std::string>() + "}");
        }
      }
      return Compare(">=", value, low) && Compare("<=", value, high);
    }
    case Condition::Kind::kIn: {
      auto value = EvaluateOperand(c.operands[0], item);
      for (size_t i = 1; i < c.operands.size(); ++i) {
        if (Compare("=", value, EvaluateOperand(c.operands[i], item))) return true;
      }
      return false;
    }
    case Condition::Kind::kFunction:
      return Function(c, item, what);
  }
  return false;
}

namespace {

// Copies the value at path[depth..] of `source` into `target` (same shape), creating maps and
// list placeholders as needed. List elements are collected by index and compacted afterwards.
void CopyPath(const json& source, const Path& path, size_t depth, json& target) {
  const PathStep& step = path[depth];
  std::string_view type = TypeOf(source);
  const json& inner = source.begin().value();
  const json* child = nullptr;
  if (step.IsIndex()) {
    if (type != "L" || static_cast<size_t>(step.index) >= inner.size()) return;
    child = &inner[static_cast<size_t>(step.index)];
  } else {
    if (type != "M") return;
    auto it = inner.find(step.name);
    if (it == inner.end()) return;
    child = &*it;
  }
  // While projecting, a list is kept as {"L": {"<index>": value}} and compacted at the end.
  std::string slot = step.IsIndex() ? std::to_string(step.index) : step.name;
  std::string container = step.IsIndex() ? "L" : "M";
  if (!target.is_object() || !target.contains(container))
    target = json{{container, json::object()}};
  json& holder = target[container];
  if (depth + 1 == path.size()) {
    holder[slot] = *child;
  } else {
    CopyPath(*child, path, depth + 1, holder[slot]);
  }
}

void Compact(json& value) {
  if (!value.is_object() || value.size() != 1) return;
  if (value.contains("L") && value["L"].is_object()) {
    std::map<int, json> ordered;
    for (auto& [index, element] : value["L"].items()) ordered[std::stoi(index)] = element;
    json list = json::array();
    for (auto& [index, element] : ordered) {
      Compact(element);
      list.push_back(std::move(element));
    }
    value["L"] = std::move(list);
  } else if (value.contains("M") && value["M"].is_object()) {
    for (auto& [name, element] : value["M"].items()) Compact(element);
  }
}

}  // namespace

void CollectConjuncts(const Condition& condition, std::vector<const Condition*>& out) {
  if (condition.kind == Condition::Kind::kAnd) {
    CollectConjuncts(condition.children[0], out);
    CollectConjuncts(condition.children[1], out);
  } else {
    out.push_back(&condition);
  }
}

json Project(const json& item, const std::vector<Path>& paths) {
  json out = json::object();
  for (const Path& path : paths) {
    auto it = item.find(path[0].name);
    if (it == item.end()) continue;
    if (path.size() == 1) {
      out[path[0].name] = *it;
    } else {
      json& slot = out[path[0].name];
      if (slot.is_null()) slot = json::object();
      CopyPath(*it, path, 1, slot);
      if (slot.empty()) out.erase(path[0].name);
    }
  }
  for (auto& [name, value] : out.items()) {
    // Only projected containers use the placeholder forms; whole values are left alone.
    Compact(value);
  }
  return out;
}

}  // namespace terrarium::services::dynamodb
