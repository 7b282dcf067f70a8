// Where `terrarium import tfstate` and `terrarium drift --tfstate` take a Terraform state from,
// as the request to the admin endpoints spells it: a file ("tfstate": its text, plus "files":
// the Lambda packages and S3 object sources the state names that exist beside it, base64), or
// an object in the emulator's S3 as Terraform's s3 backend keeps it (s3://bucket/key ->
// "backend": {"bucket", "key"}).
#pragma once

#include <string>

#include <nlohmann/json.hpp>

namespace terrarium::app {

// Adds the state's members to `request`. `location` is a path or s3://bucket/key. Throws
// std::runtime_error when the file cannot be read or the s3:// URL has no key.
void AddStateSource(const std::string& location, nlohmann::json& request, bool with_files);

}  // namespace terrarium::app
