#include "emulator/services/lambda/policy_statements.h"

#include "emulator/core/aws_error.h"

namespace terrarium::services::lambda {

nlohmann::json EmptyPolicy() {
  return {{"Version", "2012-10-17"}, {"Id", "default"}, {"Statement", nlohmann::json::array()}};
}

void CheckNewStatementId(const nlohmann::json& policy, const std::string& sid) {
  for (const auto& statement : policy.value("Statement", nlohmann::json::array())) {
    if (statement.value("Sid", "") == sid) {
      throw AwsError("ResourceConflictException",
                     "The statement id (" + sid +
                         ") provided already exists. Please provide a new statement id, or "
                         "remove the existing statement.",
                     409);
    }
  }
}

void RemoveStatement(nlohmann::json& policy, const std::string& sid) {
  nlohmann::json& statements = policy["Statement"];
  for (auto it = statements.begin(); it != statements.end(); ++it) {
    if ((*it).value("Sid", "") == sid) {
      statements.erase(it);
      return;
    }
  }
  throw AwsError("ResourceNotFoundException",
                 "Statement " + sid + " is not found in resource policy.", 404);
}

}  // namespace terrarium::services::lambda
