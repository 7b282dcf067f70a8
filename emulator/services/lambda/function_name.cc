#include "emulator/services/lambda/function_name.h"

#include <cctype>
#include <vector>

#include "emulator/core/aws_error.h"
#include "emulator/core/ids.h"

namespace terrarium::services::lambda {
namespace {

std::vector<std::string_view> Split(std::string_view text, char sep) {
  std::vector<std::string_view> parts;
  size_t start = 0;
  for (;;) {
    size_t end = text.find(sep, start);
    parts.push_back(text.substr(start, end - start));
    if (end == std::string_view::npos) return parts;
    start = end + 1;
  }
}

bool ValidName(std::string_view name) {
  if (name.empty() || name.size() > 64) return false;
  for (unsigned char c : name) {
    if (!std::isalnum(c) && c != '-' && c != '_') return false;
  }
  return true;
}

bool ValidQualifier(std::string_view qualifier) {
  if (qualifier.empty() || qualifier.size() > 128) return false;
  if (qualifier == "$LATEST") return true;
  for (unsigned char c : qualifier) {
    if (!std::isalnum(c) && c != '-' && c != '_') return false;
  }
  return true;
}

bool ValidAccount(std::string_view account) {
  if (account.size() != 12) return false;
  for (unsigned char c : account) {
    if (!std::isdigit(c)) return false;
  }
  return true;
}

AwsError BadName(std::string_view text) {
  return AwsError("ValidationException",
                  "1 validation error detected: Value '" + std::string(text) +
                      "' at 'functionName' failed to satisfy constraint: Member must satisfy "
                      "regular expression pattern: (arn:(aws[a-zA-Z-]*)?:lambda:)?([a-z]{2}(-gov)?-"
                      "[a-z]+-\\d{1}:)?(\\d{12}:)?(function:)?([a-zA-Z0-9-_\\.]+)(:(\\$LATEST|[a-"
                      "zA-Z0-9-_]+))?",
                  400);
}

}  // namespace

FunctionRef ParseFunctionName(std::string_view text) {
  auto parts = Split(text, ':');
  FunctionRef ref;
  size_t at = 0;
  if (parts.size() >= 6 && parts[0] == "arn") {
    if (parts[2] != "lambda" || parts[5] != "function") throw BadName(text);
    ref.region = std::string(parts[3]);
    ref.account = std::string(parts[4]);
    at = 6;
  } else if (parts.size() >= 3 && parts[1] == "function") {
    ref.account = std::string(parts[0]);
    at = 2;
  }
  if (!ref.account.empty() && !ValidAccount(ref.account)) throw BadName(text);
  size_t rest = parts.size() - at;
  if (rest < 1 || rest > 2) throw BadName(text);
  ref.name = std::string(parts[at]);
  if (!ValidName(ref.name)) throw BadName(text);
  if (rest == 2) {
    ref.qualifier = std::string(parts[at + 1]);
    if (!ValidQualifier(ref.qualifier)) throw BadName(text);
  }
  return ref;
}

FunctionRef ResolveFunctionName(std::string_view text, const Scope& scope,
                                std::string_view qualifier_member) {
  FunctionRef ref = ParseFunctionName(text);
  if (!ref.account.empty() && ref.account != scope.account) {
    throw AwsError("AccessDeniedException",
                   "The function " + std::string(text) + " belongs to another account", 403);
  }
  if (!ref.region.empty() && ref.region != scope.region) {
    throw AwsError("InvalidParameterValueException", "Functions from '" + ref.region +
                                                         "' are not reachable in this region ('" +
                                                         scope.region + "')");
  }
  if (!qualifier_member.empty()) {
    if (!ref.qualifier.empty() && ref.qualifier != qualifier_member) {
      throw AwsError("InvalidParameterValueException",
                     "The derived qualifier from the function name does not match the specified "
                     "qualifier.");
    }
    ref.qualifier = std::string(qualifier_member);
  }
  return ref;
}

std::string FunctionArn(const Scope& scope, std::string_view name, std::string_view qualifier) {
  std::string resource = "function:" + std::string(name);
  if (!qualifier.empty()) resource.append(":").append(qualifier);
  return Arn("lambda", scope.region, scope.account, resource);
}

void ThrowFunctionNotFound(const Scope& scope, std::string_view name, std::string_view qualifier) {
  throw AwsError("ResourceNotFoundException",
                 "Function not found: " + FunctionArn(scope, name, qualifier), 404);
}

void ThrowRevisionMismatch() {
  throw AwsError("PreconditionFailedException",
                 "The Revision Id provided does not match the latest Revision Id. Call the "
                 "GetFunction/GetAlias API to retrieve the latest Revision Id",
                 412);
}

bool IsVersionNumber(std::string_view qualifier) {
  if (qualifier.empty()) return false;
  for (unsigned char c : qualifier) {
    if (!std::isdigit(c)) return false;
  }
  return true;
}

}  // namespace terrarium::services::lambda
