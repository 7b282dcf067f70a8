// Resource-based policies: AddPermission, RemovePermission, GetPolicy.
// Parity notes: permissions are recorded and returned, never enforced. One policy per qualifier
// (none for $LATEST), as AWS keeps them.
#include "emulator/core/aws_error.h"
#include "emulator/core/ids.h"
#include "emulator/services/lambda/function_name.h"
#include "emulator/services/lambda/function_store.h"
#include "emulator/services/lambda/function_versions.h"
#include "emulator/services/lambda/lambda_ops.h"
#include "emulator/services/lambda/policy_statements.h"

namespace terrarium::services::lambda {
namespace {

struct PolicyTarget {
  json record;
  std::string qualifier;
  std::string arn;  // the resource the statements name
};

FunctionRef PolicyRefOf(RequestContext& ctx, const json& input) {
  return ResolveFunctionName(input.at("FunctionName").get<std::string>(), ctx.scope,
                             input.value("Qualifier", ""));
}

// `record` is the function's record, read by the caller (alone, or inside its write).
PolicyTarget Find(RequestContext& ctx, const FunctionRef& ref, json record) {
  PolicyTarget target{std::move(record), ref.qualifier, ""};
  if (target.qualifier == "$LATEST") target.qualifier.clear();
  ResolveQualifier(ctx, target.record, target.qualifier);  // must exist
  target.arn = FunctionArn(ctx.scope, ref.name, target.qualifier);
  return target;
}

PolicyTarget Find(RequestContext& ctx, const json& input) {
  FunctionRef ref = PolicyRefOf(ctx, input);
  return Find(ctx, ref, RequireFunction(*ctx.store, ctx.scope, ref.name));
}

json& PolicyOf(PolicyTarget& target) {
  std::string slot = target.qualifier.empty() ? "$LATEST" : target.qualifier;
  json& policy = target.record["Policies"][slot];
  if (policy.is_null()) {
    policy = EmptyPolicy();
  }
  return policy;
}

json Principal(const std::string& principal) {
  if (principal == "*") return "*";
  if (principal.find(".amazonaws.com") != std::string::npos) return {{"Service", principal}};
  if (principal.size() == 12) return {{"AWS", "arn:aws:iam::" + principal + ":root"}};
  return {{"AWS", principal}};
}

// A policy change: the record is read and written back in one write transaction.
template <typename Change>
json EditPolicy(RequestContext& ctx, const json& input, Change&& change) {
  FunctionRef ref = PolicyRefOf(ctx, input);
  FunctionEdit edit(*ctx.store, ctx.scope, ref.name);
  PolicyTarget target = Find(ctx, ref, std::move(edit.record()));
  json output = change(target);
  edit.record() = std::move(target.record);
  edit.Save();
  return output;
}

}  // namespace

json AddPermission(RequestContext& ctx, const json& input) {
  return EditPolicy(ctx, input, [&](PolicyTarget& target) -> json {
    json& policy = PolicyOf(target);
    std::string sid = input.at("StatementId");
    CheckNewStatementId(policy, sid);
    json statement = {{"Sid", sid},
                      {"Effect", "Allow"},
                      {"Principal", Principal(input.at("Principal"))},
                      {"Action", input.at("Action")},
                      {"Resource", target.arn}};
    json condition = json::object();
    if (input.contains("SourceArn")) condition["ArnLike"]["AWS:SourceArn"] = input["SourceArn"];
    if (input.contains("SourceAccount")) {
      condition["StringEquals"]["AWS:SourceAccount"] = input["SourceAccount"];
    }
    if (input.contains("PrincipalOrgID")) {
      condition["StringEquals"]["aws:PrincipalOrgID"] = input["PrincipalOrgID"];
    }
    if (input.contains("FunctionUrlAuthType")) {
      condition["StringEquals"]["lambda:FunctionUrlAuthType"] = input["FunctionUrlAuthType"];
    }
    if (!condition.empty()) statement["Condition"] = condition;
    policy["Statement"].push_back(statement);
    policy["RevisionId"] = NewUuid();
    return {{"Statement", statement.dump()}};
  });
}

json RemovePermission(RequestContext& ctx, const json& input) {
  return EditPolicy(ctx, input, [&](PolicyTarget& target) -> json {
    json& policy = PolicyOf(target);
    RemoveStatement(policy, input.at("StatementId"));
    return json::object();
  });
}

json GetPolicy(RequestContext& ctx, const json& input) {
  PolicyTarget target = Find(ctx, input);
  json policy = PolicyOf(target);
  if (policy["Statement"].empty()) {
    throw AwsError("ResourceNotFoundException", "The resource you requested does not exist.", 404);
  }
  std::string revision = policy.value("RevisionId", "");
  policy.erase("RevisionId");
  return {{"Policy", policy.dump()}, {"RevisionId", revision}};
}

}  // namespace terrarium::services::lambda
