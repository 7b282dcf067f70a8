// CloudFormation template body -> the IaC layer's Template: load (JSON or YAML), apply the
// declared transform (SAM), check the sections. Every TemplateError that names a place in the
// template also carries its source line.
#pragma once

#include <string_view>

#include "iac/template.h"

namespace terrarium::importers {

iac::Template ImportCloudFormation(std::string_view body);

}  // namespace terrarium::importers
