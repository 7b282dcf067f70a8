// Helpers for the IaC unit tests: templates from YAML text and a stack to evaluate them for.
#pragma once

#include <map>
#include <string>
#include <string_view>

#include "iac/stack_evaluation.h"
#include "iac/template.h"
#include "importers/cloudformation/template_loader.h"

namespace terrarium::iac::testing {

inline Template TemplateFromText(std::string_view text) {
  importers::LoadedTemplate loaded = importers::LoadTemplate(text);
  return ParseTemplate(loaded.document, loaded.lines);
}

inline StackContext TestStack() {
  StackContext stack;
  stack.stack_name = "demo";
  stack.scope = Scope{"123456789012", "eu-west-1"};
  stack.stack_id = MakeStackId(stack.scope, "demo", "11111111-2222-3333-4444-555555555555");
  return stack;
}

inline StackEvaluation EvaluationOf(std::string_view text,
                                    std::map<std::string, std::string, std::less<>> params = {},
                                    ExportLookup exports = {}) {
  return StackEvaluation(TemplateFromText(text), params, TestStack(), std::move(exports));
}

}  // namespace terrarium::iac::testing
