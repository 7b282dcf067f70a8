// Parity: resources are described from the status each one's last event left (the stack
// record's ResourceStatus); DescribeStackEvents pages by 100 with an index as NextToken.
#include "emulator/core/aws_error.h"
#include "emulator/services/cloudformation/ops.h"

namespace terrarium::services::cloudformation {
namespace {

constexpr std::size_t kEventPage = 100;

// One resource's status entry as the three resource shapes share it.
json ResourceFields(const std::string& logical_id, const json& status) {
  json out = {{"LogicalResourceId", logical_id},
              {"ResourceType", status.value("Type", "")},
              {"ResourceStatus", status.value("Status", "")},
              {"DriftInformation", {{"StackResourceDriftStatus", "NOT_CHECKED"}}}};
  if (!status.value("PhysicalId", "").empty()) out["PhysicalResourceId"] = status["PhysicalId"];
  if (status.contains("Reason")) out["ResourceStatusReason"] = status["Reason"];
  return out;
}

const json& Statuses(const StackRecord& stack) {
  static const json kNone = json::object();
  auto it = stack.record.find("ResourceStatus");
  return it == stack.record.end() || !it->is_object() ? kNone : *it;
}

json StackResourceOf(const StackRecord& stack, const std::string& id, const json& status) {
  json r = ResourceFields(id, status);
  r["StackName"] = stack.name();
  r["StackId"] = stack.id();
  r["Timestamp"] = status.value("Timestamp", 0.0);
  return r;
}

}  // namespace

json DescribeStackEvents(RequestContext& ctx, const json& input) {
  auto txn = ctx.store->BeginRead();
  StackRecord stack = RequireStack(*txn, ctx.scope, input.value("StackName", ""));
  std::vector<json> events = ListEvents(*txn, stack);
  std::size_t start = 0;
  if (input.contains("NextToken")) {
    try {
      start = std::stoul(input["NextToken"].get<std::string>());
    } catch (const std::exception&) {
      throw AwsError("ValidationError", "Invalid NextToken");
    }
  }
  json page = json::array();
  for (std::size_t i = start; i < events.size() && page.size() < kEventPage; ++i) {
    page.push_back(events[i]);
  }
  json out = {{"StackEvents", page}};
  if (start + page.size() < events.size()) out["NextToken"] = std::to_string(start + page.size());
  return out;
}

json DescribeStackResource(RequestContext& ctx, const json& input) {
  auto txn = ctx.store->BeginRead();
  StackRecord stack = RequireStack(*txn, ctx.scope, input.value("StackName", ""));
  const std::string id = input.value("LogicalResourceId", "");
  const json& statuses = Statuses(stack);
  if (!statuses.contains(id)) {
    throw AwsError("ValidationError",
                   "Resource " + id + " does not exist for stack " + stack.name());
  }
  json detail = ResourceFields(id, statuses[id]);
  detail["StackName"] = stack.name();
  detail["StackId"] = stack.id();
  detail["LastUpdatedTimestamp"] = statuses[id].value("Timestamp", 0.0);
  return {{"StackResourceDetail", detail}};
}

json DescribeStackResources(RequestContext& ctx, const json& input) {
  const std::string name = input.value("StackName", "");
  const std::string physical = input.value("PhysicalResourceId", "");
  const std::string logical = input.value("LogicalResourceId", "");
  auto txn = ctx.store->BeginRead();
  std::optional<StackRecord> stack;
  if (!name.empty()) {
    stack = RequireStack(*txn, ctx.scope, name);
  } else if (!physical.empty()) {
    ScanStacks(*txn, ctx.scope, [&](const StackRecord& s) {
      if (s.deleted()) return true;
      for (const auto& [id, status] : Statuses(s).items()) {
        if (status.value("PhysicalId", "") == physical) {
          stack = s;
          return false;
        }
      }
      return true;
    });
    if (!stack) {
      throw AwsError("ValidationError", "Stack for " + physical + " does not exist");
    }
  } else {
    throw AwsError("ValidationError", "Either StackName or PhysicalResourceId must be specified.");
  }
  json resources = json::array();
  for (const auto& [id, status] : Statuses(*stack).items()) {
    if (!logical.empty() && id != logical) continue;
    if (!physical.empty() && status.value("PhysicalId", "") != physical) continue;
    resources.push_back(StackResourceOf(*stack, id, status));
  }
  return {{"StackResources", resources}};
}

json ListStackResources(RequestContext& ctx, const json& input) {
  auto txn = ctx.store->BeginRead();
  StackRecord stack = RequireStack(*txn, ctx.scope, input.value("StackName", ""));
  json summaries = json::array();
  for (const auto& [id, status] : Statuses(stack).items()) {
    json s = ResourceFields(id, status);
    s["LastUpdatedTimestamp"] = status.value("Timestamp", 0.0);
    summaries.push_back(std::move(s));
  }
  return {{"StackResourceSummaries", summaries}};
}

}  // namespace terrarium::services::cloudformation
