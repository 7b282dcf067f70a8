// SQS queue permissions: AddPermission and RemovePermission edit the queue's Policy.
// Parity notes: the policy is stored, never enforced (every caller may do everything).
#include "emulator/services/sqs/errors.h"
#include "emulator/services/sqs/ops.h"
#include "emulator/services/sqs/queue_store.h"

namespace terrarium::services::sqs {
namespace {

json Policy(const Queue& queue) {
  json policy = json::parse(queue.Text("Policy"), nullptr, false);
  if (!policy.is_object()) {
    policy = {{"Version", "2012-10-17"},
              {"Id", queue.Arn() + "/SQSDefaultPolicy"},
              {"Statement", json::array()}};
  }
  if (!policy.contains("Statement") || !policy["Statement"].is_array()) {
    policy["Statement"] = json::array();
  }
  return policy;
}

json Strings(const json& input, const char* name) {
  json values = input.value(name, json::array());
  if (!values.is_array() || values.empty()) throw MissingParameter(name);
  return values;
}

}  // namespace

json AddPermission(RequestContext& ctx, const json& input) {
  std::string label = input.value("Label", "");
  if (label.empty()) throw MissingParameter("Label");
  json accounts = Strings(input, "AWSAccountIds");
  json actions = Strings(input, "Actions");
  auto txn = ctx.store->BeginWrite();
  Queue queue = ResolveQueue(ctx, *txn, input);
  json policy = Policy(queue);
  for (const auto& statement : policy["Statement"]) {
    if (statement.value("Sid", "") == label) {
      throw InvalidParameterValue("Label", label, "Already exists.");
    }
  }
  json principals = json::array();
  for (const auto& account : accounts) {
    principals.push_back("arn:aws:iam::" + account.get<std::string>() + ":root");
  }
  json action_names = json::array();
  for (const auto& action : actions) action_names.push_back("SQS:" + action.get<std::string>());
  policy["Statement"].push_back({{"Sid", label},
                                 {"Effect", "Allow"},
                                 {"Principal", {{"AWS", principals}}},
                                 {"Action", action_names},
                                 {"Resource", queue.Arn()}});
  queue.attributes["Policy"] = policy.dump();
  SaveQueue(*txn, queue);
  txn->Commit();
  return json::object();
}

json RemovePermission(RequestContext& ctx, const json& input) {
  std::string label = input.value("Label", "");
  if (label.empty()) throw MissingParameter("Label");
  auto txn = ctx.store->BeginWrite();
  Queue queue = ResolveQueue(ctx, *txn, input);
  json policy = Policy(queue);
  json kept = json::array();
  for (const auto& statement : policy["Statement"]) {
    if (statement.value("Sid", "") != label) kept.push_back(statement);
  }
  if (kept.size() == policy["Statement"].size()) {
    throw InvalidParameterValue("Label", label, "can't find label on existing policy.");
  }
  policy["Statement"] = kept;
  queue.attributes["Policy"] = kept.empty() ? "" : policy.dump();
  SaveQueue(*txn, queue);
  txn->Commit();
  return json::object();
}

}  // namespace terrarium::services::sqs
