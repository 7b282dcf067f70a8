// Condition functions: Fn::If, Fn::Equals, Fn::Not, Fn::And, Fn::Or and Condition. Messages are
// CloudFormation's where known.
#include "iac/intrinsics_internal.h"

namespace terrarium::iac::detail {
namespace {

using nlohmann::json;

// Whether two evaluated values are equal as CloudFormation compares them: scalars by their text
// ("1" equals 1, "true" equals true), lists member by member.
bool Same(const json& a, const json& b) {
  std::string ta;
  std::string tb;
  if (AsText(a, ta) && AsText(b, tb)) return ta == tb;
  if (a.is_array() && b.is_array()) {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i) {
      if (!Same(a[i], b[i])) return false;
    }
    return true;
  }
  return a == b;
}

// A condition operand: a condition function's result (a boolean, or its "true"/"false" text).
bool Truth(const json& operand, const EvalContext& ctx, const std::string& pointer,
           const std::string& message) {
  if (!operand.is_object() || operand.size() != 1) throw Error(ctx, message, pointer);
  const std::string& key = operand.begin().key();
  if (key != "Fn::Equals" && key != "Fn::Not" && key != "Fn::And" && key != "Fn::Or" &&
      key != "Condition") {
    throw Error(ctx, message, pointer);
  }
  json value = Evaluate(operand, ctx, pointer);
  if (value.is_boolean()) return value.get<bool>();
  if (value == "true") return true;
  if (value == "false") return false;
  throw Error(ctx, message, pointer);
}

json Combine(const json& args, const EvalContext& ctx, const std::string& pointer, const char* name,
             bool is_and) {
  const std::string message = std::string("Template error: every ") + name +
                              " object requires a list of at least 2 and at most 10 boolean "
                              "parameters.";
  if (!args.is_array() || args.size() < 2 || args.size() > 10) throw Error(ctx, message, pointer);
  // Every operand is checked (and evaluated) even once the answer is known, as CloudFormation
  // validates the whole expression.
  bool result = is_and;
  for (std::size_t i = 0; i < args.size(); ++i) {
    bool operand = Truth(args[i], ctx, PointerChild(pointer, std::to_string(i)), message);
    result = is_and ? (result && operand) : (result || operand);
  }
  return result;
}

}  // namespace

json If(const json& args, const EvalContext& ctx, const std::string& pointer) {
  if (!args.is_array() || args.empty() || !args[0].is_string()) {
    throw Error(ctx,
                "Template error: Fn::If requires a list argument with the first element being a "
                "condition",
                pointer);
  }
  if (args.size() != 3) {
    throw Error(ctx, "Template error: Fn::If requires a list argument with three elements",
                pointer);
  }
  // Only the chosen branch is evaluated: the other may name resources its condition excludes.
  bool chosen = ctx.condition(args[0].get<std::string>(), PointerChild(pointer, "0"));
  const char* branch = chosen ? "1" : "2";
  return Evaluate(args[chosen ? 1 : 2], ctx, PointerChild(pointer, branch));
}

json Equals(const json& args, const EvalContext& ctx, const std::string& pointer) {
  if (!args.is_array() || args.size() != 2) {
    throw Error(ctx, "Template error: Fn::Equals requires a list argument with two elements",
                pointer);
  }
  return Same(Evaluate(args[0], ctx, PointerChild(pointer, "0")),
              Evaluate(args[1], ctx, PointerChild(pointer, "1")));
}

json Not(const json& args, const EvalContext& ctx, const std::string& pointer) {
  if (!args.is_array() || args.size() != 1) {
    throw Error(ctx, "Template error: Fn::Not requires a list argument with one element", pointer);
  }
  return !Truth(args[0], ctx, PointerChild(pointer, "0"),
                "Template error: Fn::Not requires a list argument with one function token");
}

json And(const json& args, const EvalContext& ctx, const std::string& pointer) {
  return Combine(args, ctx, pointer, "Fn::And", true);
}

json Or(const json& args, const EvalContext& ctx, const std::string& pointer) {
  return Combine(args, ctx, pointer, "Fn::Or", false);
}

json Condition(const json& args, const EvalContext& ctx, const std::string& pointer) {
  if (!args.is_string()) {
    throw Error(ctx, "Template error: All Conditions must be of type string", pointer);
  }
  return ctx.condition(args.get<std::string>(), pointer);
}

}  // namespace terrarium::iac::detail
