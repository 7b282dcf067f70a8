#include "iac/conditions.h"

#include <vector>

#include "iac/intrinsics.h"

namespace terrarium::iac {
namespace {

using nlohmann::json;

// The block a pointer is in ("/Resources/X/..." -> "Resources"), for messages.
std::string BlockOf(const std::string& pointer) {
  auto end = pointer.find('/', 1);
  return pointer.size() > 1 ? pointer.substr(1, end == std::string::npos ? end : end - 1)
                            : "Resources";
}

TemplateError UnknownCondition(const Template& t, const std::string& name,
                               const std::string& pointer) {
  if (pointer.find("/Fn::If/") != std::string::npos) {
    return t.ErrorAt("Template error: unresolved condition dependency " + name + " in Fn::If",
                     pointer);
  }
  return t.ErrorAt("Template format error: Unresolved condition dependencies [" + name +
                       "] in the " + BlockOf(pointer) + " block of the template",
                   pointer);
}

bool IsConditionFunction(const json& body) {
  if (!body.is_object() || body.size() != 1) return false;
  const std::string& key = body.begin().key();
  return key == "Fn::Equals" || key == "Fn::Not" || key == "Fn::And" || key == "Fn::Or" ||
         key == "Condition";
}

class Evaluator {
 public:
  Evaluator(const Template& t, const ParameterValues& parameters, const StackContext& stack)
      : t_(t), parameters_(parameters), stack_(stack) {}

  ConditionValues All() {
    for (const auto& [name, body] : t_.conditions) Get(name, PointerChild("/Conditions", name));
    return values_;
  }

 private:
  bool Get(const std::string& name, const std::string& from) {
    if (auto it = values_.find(name); it != values_.end()) return it->second;
    auto body = t_.conditions.find(name);
    if (body == t_.conditions.end()) throw UnknownCondition(t_, name, from);
    const std::string pointer = PointerChild("/Conditions", name);
    for (std::size_t i = 0; i < visiting_.size(); ++i) {
      if (visiting_[i] != name) continue;
      std::vector<std::string> members(visiting_.begin() + static_cast<long>(i), visiting_.end());
      throw t_.ErrorAt(
          "Template error: Found circular condition dependency: [" + JoinNames(members) + "]",
          pointer);
    }
    if (!IsConditionFunction(body->second)) {
      throw t_.ErrorAt(
          "Template error: Conditions can only be boolean operations on parameters and other "
          "conditions",
          pointer);
    }
    visiting_.push_back(name);
    EvalContext ctx{t_, parameters_, stack_,
                    [this](const std::string& n, const std::string& p) { return Get(n, p); }};
    ctx.section = Section::kConditions;
    json value = Evaluate(body->second, ctx, pointer);
    visiting_.pop_back();
    bool result = value.is_boolean() ? value.get<bool>() : value == "true";
    values_[name] = result;
    return result;
  }

  const Template& t_;
  const ParameterValues& parameters_;
  const StackContext& stack_;
  ConditionValues values_;
  std::vector<std::string> visiting_;
};

}  // namespace

ConditionValues EvaluateConditions(const Template& t, const ParameterValues& parameters,
                                   const StackContext& stack) {
  return Evaluator(t, parameters, stack).All();
}

ConditionLookup LookupIn(const Template& t, const ConditionValues& values) {
  return [&t, &values](const std::string& name, const std::string& pointer) {
    auto it = values.find(name);
    if (it == values.end()) throw UnknownCondition(t, name, pointer);
    return it->second;
  };
}

}  // namespace terrarium::iac
