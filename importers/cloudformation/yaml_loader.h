// CloudFormation YAML -> the JSON form of the template. Short-form tags (!Ref, !Sub, !GetAtt...)
// become their long forms ({"Ref": ...}, {"Fn::Sub": ...}); every value's source line is kept in
// a SourceMap so later errors can name the line.
#pragma once

#include <string_view>

#include <nlohmann/json.hpp>

#include "iac/source_map.h"

namespace terrarium::importers {

// A template as the IaC layer reads it: one JSON document plus where its values came from.
struct LoadedTemplate {
  nlohmann::json document;
  iac::SourceMap lines;
};

// Parses YAML text; throws iac::TemplateError ("Template format error: YAML not well-formed.
// (line L, column C)") on malformed input or an unknown short-form tag.
LoadedTemplate LoadYaml(std::string_view text);

// Only the line numbers of YAML (or JSON, which YAML reads too); empty when it does not parse.
iac::SourceMap LinesOf(std::string_view text);

}  // namespace terrarium::importers
