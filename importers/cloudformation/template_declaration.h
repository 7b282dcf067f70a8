// A CloudFormation template (with its parameters) as declared resources the drift engine can read
// back, without a stack: each resource is found in the emulator by the name its template gives
// it (BucketName, QueueName, TableName, RoleName, FunctionName). Resources the template does not
// name, and types found by no name, cannot be told apart from others of their type without a
// stack's record, so they are listed as not checked with that reason (`--stack` covers them).
// Ref and Fn::GetAtt of a found resource resolve to what the emulator holds; a property that
// needs a resource that was not found is not compared (it is reported with the resource).
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "emulator/core/operation_invoker.h"
#include "iac/drift.h"

namespace terrarium::importers {

struct TemplateDeclaration {
  std::vector<iac::DeclaredResource> declared;  // in creation order
  std::vector<iac::DriftReport::NotChecked> not_checked;
};

// Throws TemplateError for a template or parameters that do not evaluate (as CreateStack would).
// `host`: what queue URLs name (the client's endpoint).
TemplateDeclaration DeclaredInTemplate(
    std::string_view body, const std::map<std::string, std::string, std::less<>>& parameters,
    const Scope& scope, const std::string& host, OperationInvoker& invoker);

}  // namespace terrarium::importers
