// Parity: resources of one dependency level run concurrently (at most ApplyOptions::concurrency
// at a time) and a level starts once the previous one has finished, which is coarser than
// CloudFormation's per-resource scheduling but gives the same order guarantees. Deleting old
// resources (removed or replaced) happens after everything else succeeded, as CloudFormation's
// UPDATE_COMPLETE_CLEANUP_IN_PROGRESS does; a failed clean-up delete is reported, not rolled
// back.
#include "iac/applier.h"

#include <algorithm>
#include <mutex>
#include <thread>

#include "emulator/core/aws_error.h"
#include "iac/change_set.h"
#include "iac/physical_name.h"
#include "iac/update_behavior.h"

namespace terrarium::iac {
namespace {

using nlohmann::json;

// What one resource step did, so a rollback can undo it.
struct JournalEntry {
  enum class Kind { kCreated, kUpdated, kReplaced } kind;
  DeployedResource now;
  DeployedResource before;  // kUpdated, kReplaced
};

// Runs `work` for each item, `concurrency` at a time.
void RunConcurrently(const std::vector<std::string>& items, std::size_t concurrency,
                     const std::function<void(const std::string&)>& work) {
  concurrency = std::max<std::size_t>(1, concurrency);
  for (std::size_t start = 0; start < items.size(); start += concurrency) {
    std::size_t end = std::min(items.size(), start + concurrency);
    if (end - start == 1) {
      work(items[start]);
      continue;
    }
    std::vector<std::thread> threads;
    for (std::size_t i = start; i < end; ++i) threads.emplace_back(work, items[i]);
    for (auto& t : threads) t.join();
  }
}

std::string MessageOf(const std::exception& e) {
  if (const auto* template_error = dynamic_cast<const TemplateError*>(&e)) {
    return template_error->Located();
  }
  if (const auto* aws = dynamic_cast<const AwsError*>(&e)) {
    return aws->code.empty() ? aws->message : aws->code + ": " + aws->message;
  }
  return e.what();
}

bool Truthy(const json& v) { return v == true || v == "true"; }

// Whether a policy keeps the resource when the stack lets go of it (RetainExceptOnCreate only
// deletes when rolling back the resource's own creation, which Rollback does directly).
bool Keeps(const std::string& policy) {
  return policy == "Retain" || policy == "RetainExceptOnCreate";
}

// Reverse dependency order of deployed resources: dependents before what they depend on.
std::vector<std::vector<std::string>> DeleteLevels(const DeployedStack& stack) {
  std::vector<ResourceNode> nodes;
  for (const auto& [id, r] : stack) {
    ResourceNode node;
    node.logical_id = id;
    node.type = r.type;
    node.dependencies = r.dependencies;
    nodes.push_back(std::move(node));
  }
  auto levels = ResourceGraph::FromNodes(std::move(nodes)).Levels();
  std::reverse(levels.begin(), levels.end());
  return levels;
}

// Shared by one Apply or Destroy run: serialises events and the result.
class Run {
 public:
  Run(const ProviderRegistry& providers, const ProviderContext& base, const EventSink& events)
      : providers_(providers), base_(base), events_(events) {}

  void Emit(const DeployedResource& r, ResourceStatus status, std::string reason = {}) {
    std::lock_guard lock(mutex_);
    if (events_) events_({r.logical_id, r.physical_id, r.type, status, std::move(reason)});
  }

  ResourceProvider& ProviderFor(const std::string& type) const {
    ResourceProvider* p = providers_.Find(type);
    if (p == nullptr) {
      throw AwsError("ValidationError", "Resource type " + type + " is not supported by Terrarium");
    }
    return *p;
  }

  ProviderContext Context(const std::string& logical_id, const std::string& type,
                          const json& properties) const {
    ProviderContext ctx = base_;
    ctx.logical_id = logical_id;
    if (auto rule = NameRuleFor(type)) {
      ctx.generated_name =
          PhysicalName(*rule, base_.stack_name, logical_id, RandomNameSuffix(),
                       type == "AWS::SQS::Queue" && Truthy(properties.value("FifoQueue", json())));
    }
    return ctx;
  }

  // Deletes `r` unless its policy keeps it; false when the provider failed.
  bool Delete(const DeployedResource& r, bool retain) {
    if (retain) {
      Emit(r, ResourceStatus::kDeleteSkipped);
      return true;
    }
    Emit(r, ResourceStatus::kDeleteInProgress);
    try {
      ProviderFor(r.type).Delete(Context(r.logical_id, r.type, r.properties), r.physical_id,
                                 r.properties);
    } catch (const std::exception& e) {
      Emit(r, ResourceStatus::kDeleteFailed, MessageOf(e));
      return false;
    }
    Emit(r, ResourceStatus::kDeleteComplete);
    return true;
  }

  std::mutex mutex_;  // guards events, the journal and the result
  const ProviderRegistry& providers_;
  const ProviderContext& base_;
  const EventSink& events_;
};

}  // namespace

std::string_view ToString(ResourceStatus status) {
  switch (status) {
    case ResourceStatus::kCreateInProgress:
      return "CREATE_IN_PROGRESS";
    case ResourceStatus::kCreateComplete:
      return "CREATE_COMPLETE";
    case ResourceStatus::kCreateFailed:
      return "CREATE_FAILED";
    case ResourceStatus::kUpdateInProgress:
      return "UPDATE_IN_PROGRESS";
    case ResourceStatus::kUpdateComplete:
      return "UPDATE_COMPLETE";
    case ResourceStatus::kUpdateFailed:
      return "UPDATE_FAILED";
    case ResourceStatus::kDeleteInProgress:
      return "DELETE_IN_PROGRESS";
    case ResourceStatus::kDeleteComplete:
      return "DELETE_COMPLETE";
    case ResourceStatus::kDeleteFailed:
      return "DELETE_FAILED";
    case ResourceStatus::kDeleteSkipped:
      break;
  }
  return "DELETE_SKIPPED";
}

void FillState(const DeployedStack& stack, MapResourceState& state) {
  for (const auto& [id, r] : stack) state.Set(id, {r.physical_id, r.attributes});
}

Applier::Applier(const ProviderRegistry& providers, ProviderContext base, ApplyOptions options)
    : providers_(providers), base_(std::move(base)), options_(options) {}

ApplyResult Applier::Apply(const StackEvaluation& desired, const DeployedStack& current,
                           const EventSink& events) const {
  Run run(providers_, base_, events);
  ApplyResult result;
  result.resources = current;
  MapResourceState state;
  FillState(current, state);
  std::vector<JournalEntry> journal;
  std::vector<DeployedResource> replaced_old;
  bool creating = current.empty();

  auto fail = [&](const std::string& id, const std::string& message) {
    std::lock_guard lock(run.mutex_);
    if (!result.ok) return;
    result.ok = false;
    result.failed_logical_id = id;
    result.resource_reason = message;
  };

  ResourceGraph graph = ResourceGraph::FromNodes({});
  std::vector<std::vector<std::string>> levels;
  try {
    graph = desired.Graph();
    levels = graph.Levels();
  } catch (const TemplateError& e) {
    result.ok = false;
    result.reason = result.resource_reason = e.Located();
    return result;
  }

  // CloudFormation refuses to change a resource's type in place; so does the applier.
  std::vector<std::string> retyped;
  for (const auto& [id, node] : graph.nodes()) {
    auto it = current.find(id);
    if (it != current.end() && it->second.type != node.type) retyped.push_back(id);
  }
  if (!retyped.empty()) {
    result.ok = false;
    result.reason = result.resource_reason =
        "Update of resource type is not permitted. The new template modifies resource type of "
        "the following resources: [" +
        JoinNames(retyped) + "]";
    return result;
  }

  auto step = [&](const std::string& id) {
    const ResourceNode& node = *graph.Find(id);
    DeployedResource r;
    r.logical_id = id;
    r.type = node.type;
    r.deletion_policy = node.deletion_policy;
    r.dependencies = node.dependencies;
    auto existing = current.find(id);
    const bool exists = existing != current.end();
    bool in_progress_sent = false;
    try {
      r.properties = desired.ResolveProperties(node, state);
      ResourceProvider& provider = run.ProviderFor(node.type);
      if (!exists) {
        run.Emit(r, ResourceStatus::kCreateInProgress);
        in_progress_sent = true;
        ProvisionedResource made =
            provider.Create(run.Context(id, node.type, r.properties), r.properties);
        r.physical_id = made.physical_id;
        r.attributes = made.attributes;
        run.Emit(r, ResourceStatus::kCreateComplete);
        std::lock_guard lock(run.mutex_);
        journal.push_back({JournalEntry::Kind::kCreated, r, {}});
      } else {
        const DeployedResource& before = existing->second;
        auto diffs = DiffProperties(before.properties, r.properties);
        if (diffs.empty()) {
          r.physical_id = before.physical_id;
          r.attributes = before.attributes;
        } else {
          bool replace = std::any_of(diffs.begin(), diffs.end(), [&](const PropertyChange& c) {
            return RequiresReplacement(node.type, c.name);
          });
          r.physical_id = before.physical_id;
          run.Emit(r, ResourceStatus::kUpdateInProgress,
                   replace ? "Requested update requires the creation of a new physical resource; "
                             "hence creating one."
                           : "");
          in_progress_sent = true;
          ProvisionedResource made =
              replace ? provider.Create(run.Context(id, node.type, r.properties), r.properties)
                      : provider.Update(run.Context(id, node.type, r.properties),
                                        before.physical_id, before.properties, r.properties);
          r.physical_id = made.physical_id;
          r.attributes = made.attributes;
          run.Emit(r, ResourceStatus::kUpdateComplete);
          std::lock_guard lock(run.mutex_);
          journal.push_back(
              {replace ? JournalEntry::Kind::kReplaced : JournalEntry::Kind::kUpdated, r, before});
          if (replace) replaced_old.push_back(before);
        }
      }
      state.Set(id, {r.physical_id, r.attributes});
      std::lock_guard lock(run.mutex_);
      result.resources[id] = r;
    } catch (const std::exception& e) {
      std::string message = MessageOf(e);
      if (!in_progress_sent) {
        run.Emit(r, exists ? ResourceStatus::kUpdateInProgress : ResourceStatus::kCreateInProgress);
      }
      run.Emit(r, exists ? ResourceStatus::kUpdateFailed : ResourceStatus::kCreateFailed, message);
      fail(id, message);
    }
  };

  for (const auto& level : levels) {
    RunConcurrently(level, options_.concurrency, step);
    if (!result.ok) break;
  }
  if (result.ok) {
    try {
      result.outputs = desired.ResolveOutputs(state);
    } catch (const TemplateError& e) {
      fail("", e.Located());
    }
  }

  if (!result.ok) {
    const std::string verb =
        creating || !current.contains(result.failed_logical_id) ? "create" : "update";
    result.reason = result.failed_logical_id.empty()
                        ? result.resource_reason
                        : "The following resource(s) failed to " + verb + ": [" +
                              result.failed_logical_id + "]. " +
                              (options_.rollback ? "Rollback requested by user." : "");
    if (!options_.rollback) return result;
    // Undo in reverse: delete what this run created, restore what it updated.
    for (auto it = journal.rbegin(); it != journal.rend(); ++it) {
      switch (it->kind) {
        case JournalEntry::Kind::kCreated:
          // Retain keeps even a resource this run created; RetainExceptOnCreate does not.
          if (run.Delete(it->now, it->now.deletion_policy == "Retain")) {
            result.resources.erase(it->now.logical_id);
          }
          break;
        case JournalEntry::Kind::kReplaced:
          if (run.Delete(it->now, false)) result.resources[it->now.logical_id] = it->before;
          break;
        case JournalEntry::Kind::kUpdated:
          run.Emit(it->now, ResourceStatus::kUpdateInProgress);
          try {
            run.ProviderFor(it->now.type)
                .Update(run.Context(it->now.logical_id, it->now.type, it->before.properties),
                        it->now.physical_id, it->now.properties, it->before.properties);
            run.Emit(it->before, ResourceStatus::kUpdateComplete);
            result.resources[it->now.logical_id] = it->before;
          } catch (const std::exception& e) {
            run.Emit(it->now, ResourceStatus::kUpdateFailed, MessageOf(e));
          }
          break;
      }
    }
    return result;
  }

  // Clean-up: resources no longer declared (dependents first), then replaced originals.
  DeployedStack removed;
  for (const auto& [id, r] : current) {
    if (graph.Find(id) == nullptr) removed.emplace(id, r);
  }
  for (const auto& level : DeleteLevels(removed)) {
    for (const auto& id : level) {
      const DeployedResource& r = removed.at(id);
      if (run.Delete(r, Keeps(r.deletion_policy))) result.resources.erase(id);
    }
  }
  for (const auto& old : replaced_old) {
    const ResourceNode* node = graph.Find(old.logical_id);
    run.Delete(old, node != nullptr && Keeps(node->update_replace_policy));
  }
  return result;
}

ApplyResult Applier::Destroy(const DeployedStack& current, const EventSink& events) const {
  Run run(providers_, base_, events);
  ApplyResult result;
  result.resources = current;
  std::vector<std::string> failed;
  for (const auto& level : DeleteLevels(current)) {
    RunConcurrently(level, options_.concurrency, [&](const std::string& id) {
      const DeployedResource& r = current.at(id);
      bool ok = run.Delete(r, Keeps(r.deletion_policy));
      std::lock_guard lock(run.mutex_);
      if (ok) {
        result.resources.erase(id);
      } else {
        failed.push_back(id);
      }
    });
  }
  if (!failed.empty()) {
    std::sort(failed.begin(), failed.end());
    result.ok = false;
    result.failed_logical_id = failed.front();
    result.reason = "The following resource(s) failed to delete: [" + JoinNames(failed) + "]. ";
  }
  return result;
}

}  // namespace terrarium::iac
