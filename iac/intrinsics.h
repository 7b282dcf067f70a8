// Intrinsic functions: Evaluate walks a template value and replaces every intrinsic call (a
// one-key object such as {"Fn::Join": [...]} or {"Ref": "X"}) with its value. Each intrinsic is
// one function in the table of intrinsics.cc; families live in intrinsics_*.cc.
#pragma once

#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "iac/eval_context.h"

namespace terrarium::iac {

// The value of `node` at JSON pointer `pointer` (used for error locations). {"Ref":
// "AWS::NoValue"} yields a discarded value and is dropped from the enclosing object or list.
// Throws TemplateError with CloudFormation's message, or PendingValue (see EvalContext).
nlohmann::json Evaluate(const nlohmann::json& node, const EvalContext& ctx,
                        const std::string& pointer);

// One intrinsic: its arguments (the value under the function's key), unevaluated.
using Intrinsic = nlohmann::json (*)(const nlohmann::json& args, const EvalContext& ctx,
                                     const std::string& pointer);

// The intrinsic called `key` ("Ref", "Fn::Join", "Condition"...), or nullptr.
Intrinsic FindIntrinsic(std::string_view key);

// Whether `node` is an intrinsic call (a one-key object naming a known function).
bool IsIntrinsicCall(const nlohmann::json& node);

}  // namespace terrarium::iac
