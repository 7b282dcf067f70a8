#include "emulator/services/iam/inline_policies.h"

#include <fmt/format.h>

#include "emulator/services/iam/entity_common.h"
#include "emulator/services/iam/pagination.h"
#include "emulator/services/iam/policy_document.h"

namespace terrarium::services::iam {
namespace {

using nlohmann::json;

// IAM's quota on the total size of an entity's inline policies, whitespace not counted.
size_t SizeQuota(const EntityKind& kind) {
  if (&kind == &kUser) return 2048;
  if (&kind == &kGroup) return 5120;
  return 10240;
}

std::string PolicyNameOf(const json& input) {
  std::string name = input.value("PolicyName", "");
  CheckName(name, "policyName");
  return name;
}

AwsError PolicyNotFound(const EntityKind& kind, const std::string& name) {
  return NoSuchEntity(
      fmt::format("The {} policy with name {} cannot be found.", kind.arn_type, name));
}

}  // namespace

json PutInlinePolicy(RequestContext& ctx, const EntityKind& kind, const json& input) {
  std::string name = PolicyNameOf(input);
  std::string document = input.value("PolicyDocument", "");
  CheckPolicyDocument(document, DocumentKind::kPermissions);
  ModifyEntity(ctx, kind, NameOf(kind, input), [&](json& record, storage::WriteTxn&) {
    json& policies = record["InlinePolicies"];
    if (!policies.is_object()) policies = json::object();
    policies[Lower(name)] = {{"PolicyName", name}, {"PolicyDocument", document}};
    size_t total = 0;
    for (const auto& [key, policy] : policies.items()) {
      total += PolicySize(policy["PolicyDocument"].get<std::string>());
    }
    if (total > SizeQuota(kind)) {
      throw LimitExceeded(fmt::format("Maximum policy size of {} bytes exceeded for {} {}",
                                      SizeQuota(kind), kind.arn_type,
                                      record[kind.name_member].get<std::string>()));
    }
  });
  return json::object();
}

json GetInlinePolicy(RequestContext& ctx, const EntityKind& kind, const json& input) {
  std::string name = PolicyNameOf(input);
  auto txn = ctx.store->BeginRead();
  json record = LoadEntity(*txn, kind, ctx.scope.account, NameOf(kind, input));
  json policies = record.value("InlinePolicies", json::object());
  auto it = policies.find(Lower(name));
  if (it == policies.end()) throw PolicyNotFound(kind, name);
  return {{kind.name_member, record[kind.name_member]},
          {"PolicyName", (*it)["PolicyName"]},
          {"PolicyDocument", EncodePolicyDocument((*it)["PolicyDocument"].get<std::string>())}};
}

json DeleteInlinePolicy(RequestContext& ctx, const EntityKind& kind, const json& input) {
  std::string name = PolicyNameOf(input);
  ModifyEntity(ctx, kind, NameOf(kind, input), [&](json& record, storage::WriteTxn&) {
    json& policies = record["InlinePolicies"];
    if (!policies.is_object() || policies.erase(Lower(name)) == 0) {
      throw PolicyNotFound(kind, name);
    }
  });
  return json::object();
}

json ListInlinePolicies(RequestContext& ctx, const EntityKind& kind, const json& input) {
  auto txn = ctx.store->BeginRead();
  json record = LoadEntity(*txn, kind, ctx.scope.account, NameOf(kind, input));
  KeyedItems names;
  json policies = record.value("InlinePolicies", json::object());
  for (const auto& [key, policy] : policies.items()) {
    names.emplace_back(key, policy["PolicyName"]);
  }
  return PageOf(std::move(names), input, "PolicyNames");
}

bool HasInlinePolicies(const json& record) {
  return !record.value("InlinePolicies", json::object()).empty();
}

}  // namespace terrarium::services::iam
