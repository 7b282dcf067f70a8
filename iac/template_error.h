// The one error the template pipeline throws (loading, parameters, intrinsics, graph, change
// set). It is an AwsError with CloudFormation's code so the CloudFormation API can answer it as
// is; `message` keeps AWS's exact wording, and the location rides beside it so the CLI and stack
// events can name the resource, the property path and the template line.
#pragma once

#include <string>

#include "emulator/core/aws_error.h"

namespace terrarium::iac {

struct TemplateError : AwsError {
  std::string path;  // JSON pointer into the template ("/Resources/Queue/Properties/Name"), or ""
  int line = 0;      // 1-based source line when the loader knew it, else 0

  explicit TemplateError(std::string message, std::string path = {}, int line = 0)
      : AwsError("ValidationError", std::move(message), 400), path(std::move(path)), line(line) {}

  // The message with where it happened, for people: "... (at /Resources/Q/Properties, line 7)".
  std::string Located() const {
    if (path.empty() && line == 0) return message;
    std::string where = path;
    if (line > 0)
      where += (where.empty() ? "" : ", ") + std::string("line ") + std::to_string(line);
    return message + " (at " + where + ")";
  }
};

}  // namespace terrarium::iac
