// What the stack and change set operations share about their input: the template (TemplateBody,
// or TemplateURL naming an object of the emulated S3), the parameters given, and the
// capabilities the template requires (IAM resources, transforms).
#pragma once

#include <map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "emulator/core/request_context.h"
#include "importers/cloudformation/import.h"

namespace terrarium::services::cloudformation {

using GivenParameters = std::map<std::string, std::string, std::less<>>;

// The template body of `input` (TemplateBody or TemplateURL); throws ValidationError when
// neither or both are given, or the URL names nothing the emulator holds.
std::string TemplateBodyOf(RequestContext& ctx, const nlohmann::json& input);

// The template parsed (TemplateError, a ValidationError, when it is not valid).
importers::ImportedTemplate ParseTemplateBody(const std::string& body);

// The (bucket, key) of a TemplateURL: http(s)://host/bucket/key, http(s)://bucket.s3.../key,
// s3://bucket/key; false when it is none of those.
bool ParseTemplateUrl(const std::string& url, std::string& bucket, std::string& key);

struct RequiredCapabilities {
  std::vector<std::string> capabilities;  // CAPABILITY_IAM or CAPABILITY_NAMED_IAM
  std::string reason;  // "The following resource(s) require capabilities: [AWS::IAM::Role]"
};
// What the template's resources require (transforms aside).
RequiredCapabilities CapabilitiesOf(const importers::ImportedTemplate& t);
// Throws InsufficientCapabilitiesException ("Requires capabilities : [CAPABILITY_IAM]") when
// `given` lacks one; `expand` also requires CAPABILITY_AUTO_EXPAND for declared transforms.
void CheckCapabilities(const importers::ImportedTemplate& t, const nlohmann::json& given,
                       bool expand);

// input.Parameters as name -> value. UsePreviousValue takes the value from `previous` (the
// stack's stored Parameters), which must hold it.
GivenParameters ParametersOf(const nlohmann::json& input, const nlohmann::json& previous);

}  // namespace terrarium::services::cloudformation
