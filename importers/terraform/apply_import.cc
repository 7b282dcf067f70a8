#include "importers/terraform/apply_import.h"

#include <map>

#include "iac/applier.h"

namespace terrarium::importers {
namespace {

std::string Notes(const ImportedResource& resource) {
  std::string out;
  for (const auto& note : resource.notes) out += (out.empty() ? "" : "; ") + note;
  return out;
}

}  // namespace

ImportOutcome ApplyImport(const TerraformImport& imported, const iac::ProviderRegistry& providers,
                          iac::ProviderContext base, bool dry_run) {
  ImportOutcome outcome;
  base.scope = imported.scope;
  base.stack_name = "terraform-import";
  iac::DeployedStack present;
  std::map<std::string, std::string> line_of;  // logical id -> outcome before applying
  for (const auto& resource : imported.resources) {
    iac::ResourceProvider* provider = providers.Find(resource.node.type);
    bool exists = false;
    if (provider != nullptr && !resource.terraform_id.empty()) {
      iac::ProviderContext ctx = base;
      ctx.scope = resource.scope;
      ctx.logical_id = resource.node.logical_id;
      exists = provider->Read(ctx, resource.terraform_id, resource.literal_properties).has_value();
    }
    if (exists) {
      iac::DeployedResource deployed;
      deployed.logical_id = resource.node.logical_id;
      deployed.type = resource.node.type;
      deployed.physical_id = resource.terraform_id;
      deployed.attributes = resource.state_attributes;
      deployed.properties = resource.literal_properties;
      deployed.deletion_policy = "Retain";
      present.emplace(deployed.logical_id, std::move(deployed));
    }
    line_of[resource.node.logical_id] = exists                            ? "already present"
                                        : !resource.cannot_create.empty() ? "skipped"
                                        : dry_run                         ? "would create"
                                                                          : "created";
  }
  if (!dry_run) {
    TerraformImport creatable = imported;
    auto skipped = [&](const std::string& id) { return line_of[id] == "skipped"; };
    std::erase_if(creatable.resources,
                  [&](const ImportedResource& r) { return skipped(r.node.logical_id); });
    for (auto& resource : creatable.resources) std::erase_if(resource.node.dependencies, skipped);
    iac::StackEvaluation desired(creatable.AsTemplate(), {},
                                 iac::StackContext{base.stack_name, base.stack_id, base.scope, {}});
    iac::ApplyResult result = iac::Applier(providers, base).Apply(desired, present, nullptr);
    if (!result.ok) {
      outcome.ok = false;
      outcome.reason = result.reason + " " + result.resource_reason;
      for (auto& [id, line] : line_of) {
        if (line == "created") line = id == result.failed_logical_id ? "failed" : "not created";
      }
    }
  }
  for (const auto& resource : imported.resources) {
    const std::string& line = line_of[resource.node.logical_id];
    std::string detail = line == "already present" ? "" : Notes(resource);
    if (line == "failed") detail = outcome.reason;
    if (line == "skipped") detail = resource.cannot_create;
    outcome.lines.push_back({resource.node.logical_id, resource.node.type, line, detail});
  }
  for (const auto& skipped : imported.skipped) {
    outcome.lines.push_back({skipped.address, skipped.type, "skipped", skipped.reason});
  }
  return outcome;
}

}  // namespace terrarium::importers
