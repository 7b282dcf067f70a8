// CloudFormation template body -> the IaC layer's Template: load (JSON or YAML), apply the
// declared transform (SAM), check the sections. Every TemplateError that names a place in the
// template also carries its source line.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "iac/template.h"

namespace terrarium::importers {

iac::Template ImportCloudFormation(std::string_view body);

// The same, keeping what the CloudFormation API describes besides the model: the transforms
// the body declared and the processed template (the document after the transforms ran).
struct ImportedTemplate {
  iac::Template tmpl;
  std::vector<std::string> declared_transforms;
  nlohmann::json processed;
};
ImportedTemplate ImportCloudFormationWithTransforms(std::string_view body);

}  // namespace terrarium::importers
