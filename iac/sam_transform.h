// Transform: AWS::Serverless-2016-10-31. AWS::Serverless::Function and AWS::Serverless::
// SimpleTable become the plain resources SAM would generate (function, execution role, event
// source mappings, permissions, version and alias, table), so the rest of the IaC layer only
// ever sees CloudFormation resource types.
#pragma once

#include <nlohmann/json.hpp>

namespace terrarium::iac {

inline constexpr const char* kSamTransform = "AWS::Serverless-2016-10-31";

// `document` with its Transform applied (and the Transform and Globals sections removed); the
// document itself when it declares none. Throws TemplateError for any other transform and, in
// SAM's wording, for a serverless resource it cannot expand (e.g. event type Api or Schedule).
nlohmann::json ApplyTransforms(const nlohmann::json& document);

}  // namespace terrarium::iac
