// CloudFormation's drift detection: DetectStackDrift reads every resource of the stack back
// through its provider (iac/drift.h) and records the result on the stack; the Describe calls
// answer from that record. Detection runs synchronously, so a detection is complete as soon as
// its id is returned (DescribeStackDriftDetectionStatus says DETECTION_COMPLETE).
#include "emulator/core/aws_error.h"
#include "emulator/core/ids.h"
#include "emulator/services/cloudformation/ops.h"
#include "iac/drift.h"

namespace terrarium::services::cloudformation {
namespace {

// A value as PropertyDifference's ExpectedValue/ActualValue give it: JSON text, strings bare.
std::string ValueText(const json& value) {
  if (value.is_null()) return "";
  return value.is_string() ? value.get<std::string>() : value.dump();
}

// One StackResourceDrift in AWS's shape.
json ResourceDriftShape(const StackRecord& stack, const iac::DeployedResource& resource,
                        const iac::ResourceDrift& drift, double now) {
  json differences = json::array();
  for (const auto& d : drift.differences) {
    differences.push_back({{"PropertyPath", d.path},
                           {"ExpectedValue", ValueText(d.expected)},
                           {"ActualValue", ValueText(d.actual)},
                           {"DifferenceType", iac::ToString(d.type)}});
  }
  return {{"StackId", stack.id()},
          {"LogicalResourceId", resource.logical_id},
          {"PhysicalResourceId", resource.physical_id},
          {"ResourceType", resource.type},
          {"ExpectedProperties", resource.properties.dump()},
          {"PropertyDifferences", differences},
          {"StackResourceDriftStatus", iac::ToString(drift.status)},
          {"Timestamp", now}};
}

json DetectResource(RequestContext& ctx, const StackRecord& stack,
                    const iac::DeployedResource& resource, CloudFormationRuntime& runtime) {
  iac::DeclaredResource declared{resource.logical_id, resource.type, resource.physical_id,
                                 resource.properties, ctx.scope};
  iac::ProviderContext base;
  base.invoker = ctx.invoker;
  base.scope = ctx.scope;
  base.host = ctx.host;
  base.stack_name = stack.name();
  base.stack_id = stack.id();
  iac::ResourceDrift drift;
  if (runtime.providers.Find(resource.type) == nullptr) {
    drift.status = iac::DriftStatus::kInSync;  // NOT_CHECKED below
    json shape = ResourceDriftShape(stack, resource, drift, ctx.clock->EpochSeconds());
    shape["StackResourceDriftStatus"] = "NOT_CHECKED";
    return shape;
  }
  drift = iac::DetectDrift({declared}, runtime.providers, base).front();
  return ResourceDriftShape(stack, resource, drift, ctx.clock->EpochSeconds());
}

StackRecord LiveStack(RequestContext& ctx, const std::string& name) {
  auto txn = ctx.store->BeginRead();
  return RequireStack(*txn, ctx.scope, name);
}

}  // namespace

json DetectStackDrift(RequestContext& ctx, const json& input, CloudFormationRuntime& runtime) {
  StackRecord stack = LiveStack(ctx, input.value("StackName", ""));
  json drifts = json::array();
  int drifted = 0;
  for (const auto& [id, resource] : ResourcesFromJson(stack.record.value("Resources", json()))) {
    json shape = DetectResource(ctx, stack, resource, runtime);
    std::string status = shape["StackResourceDriftStatus"];
    if (status == "MODIFIED" || status == "DELETED") ++drifted;
    drifts.push_back(std::move(shape));
  }
  std::string detection_id = NewUuid();
  json detection = {{"StackId", stack.id()},
                    {"StackDriftDetectionId", detection_id},
                    {"StackDriftStatus", drifted > 0 ? "DRIFTED" : "IN_SYNC"},
                    {"DetectionStatus", "DETECTION_COMPLETE"},
                    {"DriftedStackResourceCount", drifted},
                    {"Timestamp", ctx.clock->EpochSeconds()}};
  auto txn = ctx.store->BeginWrite();
  std::optional<StackRecord> current = FindStack(*txn, ctx.scope, stack.id());
  if (!current)
    throw AwsError("ValidationError", "Stack with id " + stack.id() + " does not exist");
  current->record["DriftDetections"][detection_id] = detection;
  current->record["ResourceDrifts"] = drifts;
  current->record["StackDriftStatus"] = detection["StackDriftStatus"];
  SaveStack(*txn, *current);
  txn->Commit();
  return {{"StackDriftDetectionId", detection_id}};
}

json DescribeStackDriftDetectionStatus(RequestContext& ctx, const json& input) {
  const std::string id = input.value("StackDriftDetectionId", "");
  auto txn = ctx.store->BeginRead();
  std::optional<json> found;
  ScanStacks(*txn, ctx.scope, [&](const StackRecord& stack) {
    const json detections = stack.record.value("DriftDetections", json::object());
    if (detections.contains(id)) found = detections[id];
    return !found;
  });
  if (!found) {
    throw AwsError("ValidationError", "Stack drift detection with id " + id + " does not exist");
  }
  return *found;
}

json DescribeStackResourceDrifts(RequestContext& ctx, const json& input) {
  StackRecord stack = LiveStack(ctx, input.value("StackName", ""));
  json filters = input.value("StackResourceDriftStatusFilters", json::array());
  json out = json::array();
  for (const auto& drift : stack.record.value("ResourceDrifts", json::array())) {
    bool wanted = filters.empty() || std::find(filters.begin(), filters.end(),
                                               drift["StackResourceDriftStatus"]) != filters.end();
    if (wanted) out.push_back(drift);
  }
  return {{"StackResourceDrifts", out}};
}

json DetectStackResourceDrift(RequestContext& ctx, const json& input,
                              CloudFormationRuntime& runtime) {
  StackRecord stack = LiveStack(ctx, input.value("StackName", ""));
  const std::string logical_id = input.value("LogicalResourceId", "");
  auto resources = ResourcesFromJson(stack.record.value("Resources", json()));
  auto it = resources.find(logical_id);
  if (it == resources.end()) {
    throw AwsError("ValidationError",
                   "Resource " + logical_id + " does not exist for stack " + stack.name());
  }
  return {{"StackResourceDrift", DetectResource(ctx, stack, it->second, runtime)}};
}

}  // namespace terrarium::services::cloudformation
