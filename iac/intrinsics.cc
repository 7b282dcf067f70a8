#include "iac/intrinsics.h"

#include <array>
#include <utility>

#include "iac/intrinsics_internal.h"

namespace terrarium::iac {
namespace {

using nlohmann::json;

constexpr std::array<std::pair<std::string_view, Intrinsic>, 18> kIntrinsics = {{
    {"Ref", &detail::Ref},
    {"Fn::GetAtt", &detail::GetAtt},
    {"Fn::Sub", &detail::Sub},
    {"Fn::ImportValue", &detail::ImportValue},
    {"Fn::GetAZs", &detail::GetAZs},
    {"Fn::Join", &detail::Join},
    {"Fn::Split", &detail::Split},
    {"Fn::Select", &detail::Select},
    {"Fn::Base64", &detail::Base64},
    {"Fn::FindInMap", &detail::FindInMap},
    {"Fn::Cidr", &detail::Cidr},
    {"Fn::If", &detail::If},
    {"Fn::Equals", &detail::Equals},
    {"Fn::Not", &detail::Not},
    {"Fn::And", &detail::And},
    {"Fn::Or", &detail::Or},
    {"Condition", &detail::Condition},
    {"Fn::Transform", &detail::Transform},
}};

std::string SupportedList() {
  std::string out;
  for (const auto& [name, fn] : kIntrinsics) {
    out += (out.empty() ? "" : ", ") + std::string(name);
  }
  return out;
}

}  // namespace

Intrinsic FindIntrinsic(std::string_view key) {
  for (const auto& [name, fn] : kIntrinsics) {
    if (name == key) return fn;
  }
  return nullptr;
}

bool IsIntrinsicCall(const json& node) {
  if (!node.is_object() || node.size() != 1) return false;
  const auto& key = node.begin().key();
  // {"Condition": {...}} is an IAM policy condition block, not the Condition function.
  if (key == "Condition" && !node.begin().value().is_string()) return false;
  return FindIntrinsic(key) != nullptr;
}

json Evaluate(const json& node, const EvalContext& ctx, const std::string& pointer) {
  if (node.is_object()) {
    if (node.size() == 1) {
      const std::string& key = node.begin().key();
      if (IsIntrinsicCall(node)) {
        return FindIntrinsic(key)(node.begin().value(), ctx, PointerChild(pointer, key));
      }
      if (key.rfind("Fn::", 0) == 0) {
        throw detail::Error(ctx,
                            "Template format error: Encountered unsupported function: " + key +
                                " Supported functions are: [" + SupportedList() + "]",
                            PointerChild(pointer, key));
      }
    }
    json out = json::object();
    for (const auto& [key, value] : node.items()) {
      json v = Evaluate(value, ctx, PointerChild(pointer, key));
      if (!v.is_discarded()) out[key] = std::move(v);
    }
    return out;
  }
  if (node.is_array()) {
    json out = json::array();
    for (std::size_t i = 0; i < node.size(); ++i) {
      json v = Evaluate(node[i], ctx, PointerChild(pointer, std::to_string(i)));
      if (!v.is_discarded()) out.push_back(std::move(v));
    }
    return out;
  }
  return node;
}

namespace detail {

TemplateError Error(const EvalContext& ctx, std::string message, const std::string& pointer) {
  return ctx.tmpl.ErrorAt(std::move(message), pointer);
}

TemplateError Unresolved(const EvalContext& ctx, const std::string& name,
                         const std::string& pointer) {
  switch (ctx.section) {
    case Section::kConditions:
      return Error(ctx,
                   "Template format error: Unresolved dependencies [" + name +
                       "]. Cannot reference resources in the Conditions block of the template",
                   pointer);
    case Section::kOutputs:
      return Error(ctx,
                   "Template format error: Unresolved resource dependencies [" + name +
                       "] in the Outputs block of the template",
                   pointer);
    case Section::kResources:
      break;
  }
  return Error(ctx,
               "Template format error: Unresolved resource dependencies [" + name +
                   "] in the Resources block of the template",
               pointer);
}

bool AsText(const json& value, std::string& out) {
  if (value.is_string() || value.is_number() || value.is_boolean()) {
    out = ScalarText(value);
    return true;
  }
  return false;
}

json Transform(const json&, const EvalContext& ctx, const std::string& pointer) {
  throw Error(ctx,
              "Template error: Fn::Transform (macros such as AWS::Include) is not supported by "
              "Terrarium",
              pointer);
}

}  // namespace detail
}  // namespace terrarium::iac
