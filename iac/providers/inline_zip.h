// A zip archive holding one file, built the way CloudFormation packages a Lambda function's
// inline Code.ZipFile source (index.py or index.js). Entries are stored, not compressed: the
// source is small and Lambda reads either.
#pragma once

#include <string>
#include <string_view>

namespace terrarium::iac::providers {

// The bytes of a zip with one regular file `name` (mode 0644) holding `content`.
std::string ZipWithOneFile(std::string_view name, std::string_view content);

}  // namespace terrarium::iac::providers
