// multipart/form-data bodies as browsers send them to S3's POST object: the small form fields,
// and where in the body the file's bytes are (so they are never copied into memory). S3 ignores
// fields after the file, and so does this parser.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "emulator/core/http_message.h"

namespace terrarium::services::s3 {

struct FormData {
  std::map<std::string, std::string> fields;  // by lower-case field name
  bool has_file = false;
  std::string filename;
  std::string file_content_type;
  uint64_t file_offset = 0;  // within the body
  uint64_t file_length = 0;
};

// The boundary of a "multipart/form-data; boundary=..." content type, or nullopt.
std::optional<std::string> FormBoundary(std::string_view content_type);
// Parses the form; throws AwsError MalformedPOSTRequest when it is not well formed.
FormData ParseFormData(const Body& body, const std::string& boundary);

}  // namespace terrarium::services::s3
