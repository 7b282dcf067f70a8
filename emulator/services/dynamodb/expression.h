// The parsed forms of DynamoDB expressions, with #names and :values already substituted.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace terrarium::services::dynamodb {

// One step of a document path: an attribute or map key name, or a list index.
struct PathStep {
  std::string name;
  int index = -1;  // >= 0 for a list index step
  bool IsIndex() const { return index >= 0; }
  bool operator==(const PathStep&) const = default;
};
using Path = std::vector<PathStep>;

// "[a, b, [3]]", as AWS prints paths in its messages.
std::string PathText(const Path& path);

// Something that produces a value: a path, a :value, or a function of those.
struct Operand {
  enum class Kind { kPath, kValue, kSize, kIfNotExists, kListAppend, kPlus, kMinus };
  Kind kind = Kind::kValue;
  Path path;                  // kPath, kSize
  nlohmann::json value;       // kValue
  std::vector<Operand> args;  // kIfNotExists, kListAppend, kPlus, kMinus
};

struct Condition {
  enum class Kind { kCompare, kBetween, kIn, kAnd, kOr, kNot, kFunction };
  Kind kind = Kind::kCompare;
  std::string op;                   // kCompare: = <> < <= > >=; kFunction: its name
  std::vector<Operand> operands;    // kCompare: 2, kBetween: 3, kIn: 1 + list, kFunction: args
  std::vector<Condition> children;  // kAnd, kOr: 2; kNot: 1
};

struct UpdateAction {
  enum class Kind { kSet, kRemove, kAdd, kDelete };
  Kind kind;
  Path path;
  Operand value;  // not for kRemove
};

struct UpdatePlan {
  std::vector<UpdateAction> actions;  // in expression order
};

}  // namespace terrarium::services::dynamodb
