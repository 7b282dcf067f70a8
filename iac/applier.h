// The applier makes the emulator hold what a template declares: it creates, updates, replaces
// and deletes resources through their providers in dependency order (independent resources of
// one level concurrently), resolving each resource's properties just before its provider runs,
// and rolls back on failure. The CloudFormation API and `terrarium apply-template` both drive it.
#pragma once

#include <functional>
#include <map>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "iac/resource_provider.h"
#include "iac/stack_evaluation.h"

namespace terrarium::iac {

// Resource statuses as CloudFormation's stack events spell them.
enum class ResourceStatus {
  kCreateInProgress,
  kCreateComplete,
  kCreateFailed,
  kUpdateInProgress,
  kUpdateComplete,
  kUpdateFailed,
  kDeleteInProgress,
  kDeleteComplete,
  kDeleteFailed,
  kDeleteSkipped,
};
std::string_view ToString(ResourceStatus status);  // "CREATE_IN_PROGRESS", ...

// One step of progress, reported as it happens.
struct ResourceEvent {
  std::string logical_id;
  std::string physical_id;
  std::string type;
  ResourceStatus status = ResourceStatus::kCreateInProgress;
  std::string reason;
};

// Receives events; the applier calls it from one thread at a time.
using EventSink = std::function<void(const ResourceEvent&)>;

// A resource of a deployed stack, as the applier leaves it: the state a stack stores.
struct DeployedResource {
  std::string logical_id;
  std::string type;
  std::string physical_id;
  nlohmann::json attributes = nlohmann::json::object();
  nlohmann::json properties = nlohmann::json::object();  // resolved, as last applied
  std::string deletion_policy = "Delete";
  std::set<std::string> dependencies;  // so a stack deletes in order without its template
};

using DeployedStack = std::map<std::string, DeployedResource, std::less<>>;

struct ApplyOptions {
  std::size_t concurrency = 4;  // resources of one level created at the same time, at most
  bool rollback = true;         // on failure undo this operation's changes
};

struct ApplyResult {
  bool ok = true;
  std::string failed_logical_id;
  // The stack-level reason, as CloudFormation words it: "The following resource(s) failed to
  // create: [Queue]. Rollback requested by user."
  std::string reason;
  std::string resource_reason;          // the failed resource's own reason (its provider's error)
  DeployedStack resources;              // what exists afterwards (after the rollback, when one ran)
  std::vector<ResolvedOutput> outputs;  // when ok
};

class Applier {
 public:
  // `base` carries the invoker, scope and stack identity; the applier fills in the logical
  // id and generated name per call.
  Applier(const ProviderRegistry& providers, ProviderContext base, ApplyOptions options = {});

  // Creates or updates the stack so that it matches `desired`; `current` is what exists (empty
  // for a new stack). Resources no longer declared are deleted after the others are in place.
  ApplyResult Apply(const StackEvaluation& desired, const DeployedStack& current,
                    const EventSink& events) const;

  // Deletes every resource of `current`, dependents first, keeping those whose DeletionPolicy
  // is Retain (reported DELETE_SKIPPED).
  ApplyResult Destroy(const DeployedStack& current, const EventSink& events) const;

 private:
  const ProviderRegistry& providers_;
  ProviderContext base_;
  ApplyOptions options_;
};

// The state an evaluation needs from a deployed stack: physical ids and attributes.
void FillState(const DeployedStack& stack, MapResourceState& state);

}  // namespace terrarium::iac
