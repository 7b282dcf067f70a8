// Shared by the intrinsics_*.cc families; not part of the IaC layer's interface.
#pragma once

#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "iac/intrinsics.h"

namespace terrarium::iac::detail {

// A TemplateError at `pointer` with its source line.
TemplateError Error(const EvalContext& ctx, std::string message, const std::string& pointer);

// "Template format error: Unresolved resource dependencies [X] in the <Section> block of the
// template" (or the Conditions wording).
TemplateError Unresolved(const EvalContext& ctx, const std::string& name,
                         const std::string& pointer);

// A string, number or boolean as the text CloudFormation uses; false for lists, objects, null.
bool AsText(const nlohmann::json& value, std::string& out);

// What Ref `name` returns (a pseudo parameter, parameter or resource's physical id).
nlohmann::json ReferenceValue(const std::string& name, const EvalContext& ctx,
                              const std::string& pointer);
// What Fn::GetAtt [resource, attribute] returns.
nlohmann::json AttributeValue(const std::string& resource, const std::string& attribute,
                              const EvalContext& ctx, const std::string& pointer);
// Whether resource `logical_id` is declared and its Condition (if any) holds.
bool ResourceIncluded(const std::string& logical_id, const EvalContext& ctx,
                      const std::string& pointer);

// The intrinsics, one function each.
nlohmann::json Ref(const nlohmann::json&, const EvalContext&, const std::string&);
nlohmann::json GetAtt(const nlohmann::json&, const EvalContext&, const std::string&);
nlohmann::json Sub(const nlohmann::json&, const EvalContext&, const std::string&);
nlohmann::json ImportValue(const nlohmann::json&, const EvalContext&, const std::string&);
nlohmann::json GetAZs(const nlohmann::json&, const EvalContext&, const std::string&);
nlohmann::json Join(const nlohmann::json&, const EvalContext&, const std::string&);
nlohmann::json Split(const nlohmann::json&, const EvalContext&, const std::string&);
nlohmann::json Select(const nlohmann::json&, const EvalContext&, const std::string&);
nlohmann::json Base64(const nlohmann::json&, const EvalContext&, const std::string&);
nlohmann::json FindInMap(const nlohmann::json&, const EvalContext&, const std::string&);
nlohmann::json Cidr(const nlohmann::json&, const EvalContext&, const std::string&);
nlohmann::json If(const nlohmann::json&, const EvalContext&, const std::string&);
nlohmann::json Equals(const nlohmann::json&, const EvalContext&, const std::string&);
nlohmann::json Not(const nlohmann::json&, const EvalContext&, const std::string&);
nlohmann::json And(const nlohmann::json&, const EvalContext&, const std::string&);
nlohmann::json Or(const nlohmann::json&, const EvalContext&, const std::string&);
nlohmann::json Condition(const nlohmann::json&, const EvalContext&, const std::string&);
nlohmann::json Transform(const nlohmann::json&, const EvalContext&, const std::string&);

}  // namespace terrarium::iac::detail
