// `terrarium apply-template`: creates or updates a CloudFormation stack from a template file on
// a running emulator through its CloudFormation API (a change set, then its execution), printing
// each stack event as it happens and then the outputs; or deletes the stack.
#pragma once

#include <chrono>
#include <cstdio>
#include <string>
#include <vector>

namespace terrarium::app {

struct ApplyTemplateOptions {
  std::string template_path;
  std::string stack_name;               // empty: derived from the file name
  std::vector<std::string> parameters;  // "Key=Value"
  std::string parameters_file;          // JSON: [{"ParameterKey","ParameterValue"}] or {K: V}
  bool remove = false;                  // --delete
  bool dry_run = false;                 // print the change set, do not execute it
  std::string endpoint;                 // empty: AWS_ENDPOINT_URL or http://localhost:4566
  std::chrono::milliseconds poll_interval{250};
};

// Runs the command, printing to `out` (progress) and `err` (failures); returns the exit code:
// 0 done (or nothing to change), 1 the stack operation failed, 2 bad input or no emulator.
int RunApplyTemplate(const ApplyTemplateOptions& options, std::FILE* out, std::FILE* err);

// The stack name a template file gets by default: its stem with every character that a stack
// name cannot hold turned into '-', prefixed with "stack-" unless it starts with a letter.
std::string DefaultStackName(const std::string& template_path);

}  // namespace terrarium::app
