// A recursive-descent parser for DynamoDB's expression language. Substitutes #names and
// :values from the request, records which were used, and throws ValidationException with AWS's
// messages ("Invalid ConditionExpression: Syntax error; token: ...").
#pragma once

#include <set>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "emulator/services/dynamodb/expression.h"

namespace terrarium::services::dynamodb {

// The ExpressionAttributeNames/Values of one request, shared by all its expressions, and which
// of them the expressions used.
class ExpressionAttributes {
 public:
  ExpressionAttributes(const nlohmann::json& input);
  // Throws AWS's errors for empty maps and unused entries; call after parsing every expression.
  void CheckAllUsed() const;

  const nlohmann::json* FindName(const std::string& ref);
  const nlohmann::json* FindValue(const std::string& ref);

 private:
  nlohmann::json names_ = nlohmann::json::object();
  nlohmann::json values_ = nlohmann::json::object();
  std::set<std::string> used_names_;
  std::set<std::string> used_values_;
};

// `what` names the request member for messages: "ConditionExpression", "FilterExpression",
// "KeyConditionExpression", "ProjectionExpression", "UpdateExpression".
Condition ParseCondition(std::string_view text, std::string_view what, ExpressionAttributes& attrs);
std::vector<Path> ParseProjection(std::string_view text, ExpressionAttributes& attrs);
UpdatePlan ParseUpdate(std::string_view text, ExpressionAttributes& attrs);

}  // namespace terrarium::services::dynamodb
