#include "emulator/dispatch/model_validation.h"

#include <algorithm>
#include <cctype>

#include "emulator/core/encoding.h"
#include "emulator/protocols/shape_text.h"

namespace terrarium::dispatch {
namespace {

using models::Shape;
using models::ShapeType;
using nlohmann::json;

// AWS names members in camelCase in these messages ("tableName", "keySchema.1.member").
std::string CamelCase(const std::string& name) {
  std::string out = name;
  if (!out.empty()) out[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(out[0])));
  return out;
}

std::string Number(double value) { return protocols::FormatDouble(value); }

std::string Quoted(const json& value) {
  if (value.is_null()) return "null";
  if (value.is_string()) return "'" + value.get<std::string>() + "'";
  if (value.is_array() || value.is_object()) return "'" + value.dump() + "'";
  return "'" + value.dump() + "'";
}

// Where a value sits in the input, as a chain of steps up to the root: the text of a path
// ("keySchema.1.member") is built only for a violation, never for the values that pass.
struct PathStep {
  const PathStep* parent = nullptr;
  const std::string* member = nullptr;  // a structure member, or else
  size_t item = 0;                      // a list item, counted from 1
};

std::string PathText(const PathStep* step) {
  if (step == nullptr) return {};
  std::string parent = PathText(step->parent);
  if (step->member != nullptr) {
    return parent.empty() ? CamelCase(*step->member) : parent + "." + CamelCase(*step->member);
  }
  return parent + "." + std::to_string(step->item) + ".member";
}

class Checker {
 public:
  void Check(const Shape& shape, const json& value, const PathStep* path) {
    switch (shape.type) {
      case ShapeType::kStructure:
        if (!value.is_object()) return;
        if (value.size() < shape.members.size()) {
          // A body names a few of its shape's members (an AttributeValue one of ten): walk
          // what it holds, and look up only the required members. Violations are listed in
          // member order, so a structure that has any is walked again in that order.
          size_t before = violations.size();
          if (CheckPresent(shape, value, path)) return;
          violations.resize(before);
        }
        for (const auto& member : shape.members) {
          PathStep member_path{path, &member.name};
          auto it = value.find(member.name);
          if (it == value.end() || it->is_null()) {
            if (member.required) Add(json(), &member_path, "Member must not be null");
            continue;
          }
          Check(*member.shape, *it, &member_path);
        }
        return;
      case ShapeType::kList:
        if (!value.is_array()) return;
        CheckLength(shape, value, value.size(), path);
        for (size_t i = 0; i < value.size(); ++i) {
          PathStep item_path{path, nullptr, i + 1};
          Check(*shape.member.shape, value[i], &item_path);
        }
        return;
      case ShapeType::kMap:
        if (!value.is_object()) return;
        CheckLength(shape, value, value.size(), path);
        for (const auto& [key, item] : value.items()) Check(*shape.value.shape, item, path);
        return;
      case ShapeType::kString:
        if (!value.is_string()) return;
        CheckLength(shape, value, Utf16Length(value.get_ref<const std::string&>()), path);
        if (!shape.enum_values.empty() &&
            std::find(shape.enum_values.begin(), shape.enum_values.end(),
                      value.get_ref<const std::string&>()) == shape.enum_values.end()) {
          std::string set;
          for (const auto& allowed : shape.enum_values) set += (set.empty() ? "" : ", ") + allowed;
          Add(value, path, "Member must satisfy enum value set: [" + set + "]");
        }
        return;
      case ShapeType::kBlob:
        if (!value.is_string()) return;
        if (auto bytes = Base64Decode(value.get<std::string>())) {
          CheckLength(shape, value, bytes->size(), path);
        }
        return;
      case ShapeType::kInteger:
      case ShapeType::kLong:
      case ShapeType::kFloat:
      case ShapeType::kDouble:
        if (!value.is_number()) return;
        if (shape.min && value.get<double>() < *shape.min) {
          Add(value, path, "Member must have value greater than or equal to " + Number(*shape.min));
        }
        if (shape.max && value.get<double>() > *shape.max) {
          Add(value, path, "Member must have value less than or equal to " + Number(*shape.max));
        }
        return;
      default:
        return;
    }
  }

  std::vector<std::string> violations;

 private:
  // Checks the members `value` holds and the presence of the required ones; false when that
  // found a violation.
  bool CheckPresent(const Shape& shape, const json& value, const PathStep* path) {
    size_t before = violations.size();
    for (const auto& member : shape.members) {
      if (!member.required) continue;
      auto it = value.find(member.name);
      if (it == value.end() || it->is_null()) return false;
    }
    for (const auto& [key, item] : value.items()) {
      const models::Member* member = shape.FindMember(key);
      if (member == nullptr || item.is_null()) continue;
      PathStep member_path{path, &member->name};
      Check(*member->shape, item, &member_path);
    }
    return violations.size() == before;
  }

  // Lengths of strings are counted in UTF-16 code units, as the Java services behind AWS do.
  static size_t Utf16Length(const std::string& text) {
    size_t units = 0;
    for (size_t i = 0; i < text.size();) {
      auto c = static_cast<unsigned char>(text[i]);
      size_t width = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
      units += width == 4 ? 2 : 1;
      i += width;
    }
    return units;
  }

  void CheckLength(const Shape& shape, const json& value, size_t length, const PathStep* path) {
    if (shape.min && static_cast<double>(length) < *shape.min) {
      Add(value, path, "Member must have length greater than or equal to " + Number(*shape.min));
    }
    if (shape.max && static_cast<double>(length) > *shape.max) {
      Add(value, path, "Member must have length less than or equal to " + Number(*shape.max));
    }
  }

  void Add(const json& value, const PathStep* path, const std::string& constraint) {
    violations.push_back("Value " + Quoted(value) + " at '" + PathText(path) +
                         "' failed to satisfy constraint: " + constraint);
  }
};

}  // namespace

std::vector<std::string> ConstraintViolations(const models::Shape& shape, const json& input) {
  Checker checker;
  checker.Check(shape, input, nullptr);
  return std::move(checker.violations);
}

std::string ValidationMessage(const std::vector<std::string>& violations) {
  if (violations.empty()) return {};
  std::string message = std::to_string(violations.size()) +
                        (violations.size() == 1 ? " validation error" : " validation errors") +
                        " detected: ";
  for (size_t i = 0; i < violations.size(); ++i) {
    if (i > 0) message += "; ";
    message += violations[i];
  }
  return message;
}

}  // namespace terrarium::dispatch
