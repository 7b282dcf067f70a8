// CloudFormation's state in the store, per account and region:
//   cloudformation.stacks     "<account>/<region>/<name>/<uuid>"  one record per stack, deleted
//                             stacks included (they stay describable by id, as in AWS)
//   cloudformation.events     "<account>/<region>/<name>/<uuid>/<seq>"  stack events
//   cloudformation.changesets "<account>/<region>/<name>/<uuid>/<change set name>"
// A stack record holds everything the API describes: status, parameters, template body,
// outputs, and the deployed resources with their last status.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "emulator/core/scope.h"
#include "emulator/storage/store.h"
#include "iac/applier.h"

namespace terrarium::services::cloudformation {

// The name and uuid of a stack id "arn:aws:cloudformation:<region>:<account>:stack/<name>/<uuid>".
struct StackIdParts {
  std::string name;
  std::string uuid;
};
std::optional<StackIdParts> ParseStackId(std::string_view stack_id);

// One stack. `record` is its JSON form as stored (members named as the API names them, plus
// Terrarium's own: TemplateBody, Resources, ResourceStatus, Imports, NextEvent).
struct StackRecord {
  Scope scope;
  nlohmann::json record = nlohmann::json::object();

  std::string id() const { return record.value("StackId", ""); }
  std::string name() const { return record.value("StackName", ""); }
  std::string status() const { return record.value("StackStatus", ""); }
  bool deleted() const { return status() == "DELETE_COMPLETE"; }
  std::string Key() const;
};

// The stack `name_or_id` names: a live stack by name, or any stack (deleted ones too) by id.
std::optional<StackRecord> FindStack(storage::ReadTxn& txn, const Scope& scope,
                                     std::string_view name_or_id);
void SaveStack(storage::WriteTxn& txn, const StackRecord& stack);
// Every stack of `scope` (deleted ones too), in key order; return false to stop.
void ScanStacks(storage::ReadTxn& txn, const Scope& scope,
                const std::function<bool(const StackRecord&)>& fn);

// Stack events. Appending bumps the record's NextEvent, so call it inside the same transaction
// that saves the record afterwards.
void AppendEvent(storage::WriteTxn& txn, StackRecord& stack, nlohmann::json event);
// The stack's events, newest first.
std::vector<nlohmann::json> ListEvents(storage::ReadTxn& txn, const StackRecord& stack);

// Change sets: records keyed under their stack, named by ChangeSetName.
std::optional<nlohmann::json> LoadChangeSet(storage::ReadTxn& txn, const StackRecord& stack,
                                            std::string_view name);
void SaveChangeSet(storage::WriteTxn& txn, const StackRecord& stack, const nlohmann::json& cs);
void EraseChangeSet(storage::WriteTxn& txn, const StackRecord& stack, std::string_view name);
std::vector<nlohmann::json> ListChangeSetRecords(storage::ReadTxn& txn, const StackRecord& stack);
// The change set whose ChangeSetId is `id`, anywhere in `scope`.
std::optional<nlohmann::json> FindChangeSetById(storage::ReadTxn& txn, const Scope& scope,
                                                std::string_view id);

// Deployed resources <-> their stored JSON form.
nlohmann::json ResourcesToJson(const iac::DeployedStack& resources);
iac::DeployedStack ResourcesFromJson(const nlohmann::json& resources);

}  // namespace terrarium::services::cloudformation
