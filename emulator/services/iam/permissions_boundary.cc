#include "emulator/services/iam/permissions_boundary.h"

#include "emulator/services/iam/entity_common.h"
#include "emulator/services/iam/policy_store.h"

namespace terrarium::services::iam {

void ApplyBoundary(storage::ReadTxn& txn, std::string_view account, const nlohmann::json& input,
                   nlohmann::json& record) {
  if (!input.contains("PermissionsBoundary")) return;
  std::string arn = input["PermissionsBoundary"];
  if (!FindPolicy(txn, account, arn)) {
    throw NoSuchEntity("Scope ARN: " + arn + " does not exist or is not attachable.");
  }
  record["PermissionsBoundary"] = arn;
}

nlohmann::json PutPermissionsBoundary(RequestContext& ctx, const EntityKind& kind,
                                      const nlohmann::json& input) {
  ModifyEntity(ctx, kind, NameOf(kind, input), [&](nlohmann::json& record, storage::WriteTxn& txn) {
    ApplyBoundary(txn, ctx.scope.account, input, record);
  });
  return nlohmann::json::object();
}

nlohmann::json DeletePermissionsBoundary(RequestContext& ctx, const EntityKind& kind,
                                         const nlohmann::json& input) {
  ModifyEntity(ctx, kind, NameOf(kind, input), [](nlohmann::json& record, storage::WriteTxn&) {
    record.erase("PermissionsBoundary");
  });
  return nlohmann::json::object();
}

}  // namespace terrarium::services::iam
