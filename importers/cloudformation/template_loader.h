// Reads a CloudFormation template body (JSON or YAML, told apart as CloudFormation does: a body
// whose first non-blank character is '{' is JSON) into a LoadedTemplate.
#pragma once

#include <filesystem>
#include <string_view>

#include "importers/cloudformation/yaml_loader.h"

namespace terrarium::importers {

// Throws iac::TemplateError with CloudFormation's "Template format error: JSON/YAML not
// well-formed." message and the line when the text does not parse.
LoadedTemplate LoadTemplate(std::string_view body);

// Reads `path` and loads it; a missing or unreadable file is a TemplateError naming the path.
LoadedTemplate LoadTemplateFile(const std::filesystem::path& path);

}  // namespace terrarium::importers
