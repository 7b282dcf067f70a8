#include "emulator/services/iam/policy_document.h"

#include <cctype>

#include <nlohmann/json.hpp>

#include "emulator/core/aws_error.h"
#include "emulator/core/url.h"

namespace terrarium::services::iam {
namespace {

AwsError Malformed(const std::string& message) {
  return AwsError("MalformedPolicyDocumentException", message);
}

}  // namespace

void CheckPolicyDocument(std::string_view text, DocumentKind kind) {
  nlohmann::json document = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (document.is_discarded()) {
    throw Malformed(kind == DocumentKind::kTrust ? "This policy contains invalid Json"
                                                 : "Syntax errors in policy.");
  }
  if (!document.is_object() || !document.contains("Statement")) {
    throw Malformed("Syntax errors in policy.");
  }
  const nlohmann::json& statement = document["Statement"];
  if (!statement.is_object() && !statement.is_array()) throw Malformed("Syntax errors in policy.");
  if (kind != DocumentKind::kTrust) return;
  auto check = [](const nlohmann::json& item) {
    if (item.is_object() && (item.contains("Resource") || item.contains("NotResource"))) {
      throw Malformed("Has prohibited field Resource");
    }
  };
  if (statement.is_array()) {
    for (const auto& item : statement) check(item);
  } else {
    check(statement);
  }
}

size_t PolicySize(std::string_view text) {
  size_t size = 0;
  for (unsigned char c : text) size += std::isspace(c) ? 0 : 1;
  return size;
}

void CheckPolicySize(std::string_view text, std::string_view quota, size_t max) {
  if (PolicySize(text) > max) {
    throw AwsError("LimitExceededException",
                   "Cannot exceed quota for " + std::string(quota) + ": " + std::to_string(max));
  }
}

std::string EncodePolicyDocument(std::string_view text) { return PercentEncode(text); }

}  // namespace terrarium::services::iam
