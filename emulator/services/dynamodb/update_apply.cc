#include "emulator/services/dynamodb/update_apply.h"

#include <algorithm>
#include <set>

#include "emulator/core/aws_error.h"
#include "emulator/services/dynamodb/attribute_value.h"
#include "emulator/services/dynamodb/expression_eval.h"

namespace terrarium::services::dynamodb {

using nlohmann::json;

namespace {

AwsError WrongType() {
  return ValidationError("An operand in the update expression has an incorrect data type");
}

AwsError MissingAttribute() {
  return ValidationError(
      "The provided expression refers to an attribute that does not exist in the item");
}

json Evaluate(const Operand& operand, const json& before) {
  switch (operand.kind) {
    case Operand::Kind::kValue:
      return operand.value;
    case Operand::Kind::kPath: {
      const json* value = ResolvePath(before, operand.path);
      if (value == nullptr) throw MissingAttribute();
      return *value;
    }
    case Operand::Kind::kIfNotExists: {
      const json* value = ResolvePath(before, operand.args[0].path);
      return value != nullptr ? *value : Evaluate(operand.args[1], before);
    }
    case Operand::Kind::kListAppend: {
      json a = Evaluate(operand.args[0], before);
      json b = Evaluate(operand.args[1], before);
      if (TypeOf(a) != "L" || TypeOf(b) != "L") throw WrongType();
      json list = a["L"];
      for (const json& element : b["L"]) list.push_back(element);
      return json{{"L", list}};
    }
    case Operand::Kind::kPlus:
    case Operand::Kind::kMinus: {
      json a = Evaluate(operand.args[0], before);
      json b = Evaluate(operand.args[1], before);
      if (TypeOf(a) != "N" || TypeOf(b) != "N") throw WrongType();
      Number result = operand.kind == Operand::Kind::kPlus ? NumberOf(a) + NumberOf(b)
                                                           : NumberOf(a) - NumberOf(b);
      std::string error;
      if (!result.InRange(&error)) throw ValidationError(error);
      return json{{"N", result.ToString()}};
    }
    default:
      throw WrongType();
  }
}

AwsError InvalidPath() {
  return ValidationError(
      "The document path provided in the update expression is invalid for update");
}

// The container that holds the last step of `path`, or nullptr when a step before it does not
// exist.
json* ParentOf(json& item, const Path& path) {
  if (path.size() == 1) return &item;
  Path parent_path(path.begin(), path.end() - 1);
  const json* parent = ResolvePath(item, parent_path);
  return const_cast<json*>(parent);
}

void SetAt(json& item, const Path& path, json value) {
  json* parent = ParentOf(item, path);
  if (parent == nullptr) throw InvalidPath();
  const PathStep& last = path.back();
  if (path.size() == 1) {
    (*parent)[last.name] = std::move(value);
    return;
  }
  std::string_view type = TypeOf(*parent);
  json& inner = parent->begin().value();
  if (last.IsIndex()) {
    if (type != "L") throw InvalidPath();
    if (static_cast<size_t>(last.index) >= inner.size()) {
      inner.push_back(std::move(value));  // past the end appends
    } else {
      inner[static_cast<size_t>(last.index)] = std::move(value);
    }
  } else {
    if (type != "M") throw InvalidPath();
    inner[last.name] = std::move(value);
  }
}

void RemoveAt(json& item, const Path& path) {
  json* parent = ParentOf(item, path);
  if (parent == nullptr) return;
  const PathStep& last = path.back();
  if (path.size() == 1) {
    parent->erase(last.name);
    return;
  }
  std::string_view type = TypeOf(*parent);
  json& inner = parent->begin().value();
  if (last.IsIndex()) {
    if (type == "L" && static_cast<size_t>(last.index) < inner.size()) {
      inner.erase(static_cast<size_t>(last.index));
    }
  } else if (type == "M") {
    inner.erase(last.name);
  } else {
    throw InvalidPath();
  }
}

json SetUnion(const json& current, const json& addition) {
  std::string_view type = TypeOf(current);
  json out = current[std::string(type)];
  std::string scalar(type.substr(0, 1));
  for (const json& element : addition.begin().value()) {
    bool present = std::any_of(out.begin(), out.end(), [&](const json& e) {
      return ValuesEqual(json{{scalar, e}}, json{{scalar, element}});
    });
    if (!present) out.push_back(element);
  }
  return json{{std::string(type), out}};
}

}  // namespace

void ApplyUpdate(const UpdatePlan& plan, json& item) {
  const json before = item;
  // Removals of list elements apply from the highest index down, so that earlier indexes in the
  // same expression still name the elements they named in the original item.
  std::vector<const UpdateAction*> removals;
  for (const UpdateAction& action : plan.actions) {
    switch (action.kind) {
      case UpdateAction::Kind::kSet:
        SetAt(item, action.path, Evaluate(action.value, before));
        break;
      case UpdateAction::Kind::kRemove:
        removals.push_back(&action);
        break;
      case UpdateAction::Kind::kAdd: {
        const json* current = ResolvePath(item, action.path);
        const json& value = action.value.value;
        if (current == nullptr) {
          SetAt(item, action.path, value);
        } else if (TypeOf(*current) == "N" && TypeOf(value) == "N") {
          Number sum = NumberOf(*current) + NumberOf(value);
          std::string error;
          if (!sum.InRange(&error)) throw ValidationError(error);
          SetAt(item, action.path, json{{"N", sum.ToString()}});
        } else if (TypeOf(*current) == "L" && TypeOf(value) == "L") {
          // Only the legacy AttributeUpdates ADD reaches here with lists: it appends.
          json list = current->at("L");
          for (const json& element : value.at("L")) list.push_back(element);
          SetAt(item, action.path, json{{"L", list}});
        } else if (TypeOf(*current) == TypeOf(value) && TypeOf(value).size() == 2) {
          SetAt(item, action.path, SetUnion(*current, value));
        } else {
          throw WrongType();
        }
        break;
      }
      case UpdateAction::Kind::kDelete: {
        const json* current = ResolvePath(item, action.path);
        if (current == nullptr) break;
        const json& value = action.value.value;
        std::string_view type = TypeOf(*current);
        if (type != TypeOf(value)) throw WrongType();
        std::string scalar(type.substr(0, 1));
        json remaining = json::array();
        for (const json& element : current->begin().value()) {
          bool removed = false;
          for (const json& gone : value.begin().value()) {
            if (ValuesEqual(json{{scalar, element}}, json{{scalar, gone}})) removed = true;
          }
          if (!removed) remaining.push_back(element);
        }
        if (remaining.empty()) {
          RemoveAt(item, action.path);
        } else {
          SetAt(item, action.path, json{{std::string(type), remaining}});
        }
        break;
      }
    }
  }
  std::stable_sort(removals.begin(), removals.end(), [](const auto* a, const auto* b) {
    return a->path.back().index > b->path.back().index;
  });
  for (const UpdateAction* action : removals) RemoveAt(item, action->path);
}

}  // namespace terrarium::services::dynamodb
