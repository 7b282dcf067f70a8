// Parity: ResourceChange.Details name each changed top-level property once (Target.Attribute
// "Properties", or "Tags" for Tags); BeforeValue/AfterValue (IncludePropertyValues) are not
// given.
#include "emulator/services/cloudformation/stack_preview.h"

#include "emulator/services/cloudformation/exports.h"
#include "iac/stack_changes.h"

namespace terrarium::services::cloudformation {

using nlohmann::json;

Preview PreviewDeployment(storage::ReadTxn& txn, const Scope& scope, const std::string& stack_name,
                          const std::string& stack_id, const json& current,
                          const importers::ImportedTemplate& parsed,
                          const GivenParameters& parameters) {
  auto exports = CollectExports(txn, scope, stack_id);
  iac::ExportLookup lookup = [exports](std::string_view name) -> std::optional<std::string> {
    auto it = exports.find(name);
    if (it == exports.end()) return std::nullopt;
    return it->second.value;
  };
  Preview preview;
  iac::StackContext context{stack_name, stack_id, scope, {}};
  preview.evaluation.emplace(parsed.tmpl, parameters, context, lookup);
  const iac::DeployedStack deployed = ResourcesFromJson(current.value("Resources", json()));
  for (auto& change : iac::PlanStackChanges(*preview.evaluation, deployed)) {
    if (change.action != iac::ChangeAction::kUnchanged) preview.changes.push_back(change);
  }
  iac::MapResourceState state;
  iac::FillState(deployed, state);
  auto outputs = preview.evaluation->ResolveOutputs(state, /*allow_pending=*/true);
  bool pending = false;
  for (const auto& o : outputs) pending = pending || o.pending;
  preview.outputs_changed =
      pending || OutputsToJson(outputs) != current.value("Outputs", json::array());
  return preview;
}

json OutputsToJson(const std::vector<iac::ResolvedOutput>& outputs) {
  json out = json::array();
  for (const auto& o : outputs) {
    std::string value;
    if (o.value.is_string()) {
      value = o.value.get<std::string>();
    } else if (o.value.is_array()) {
      // A list output reads as CloudFormation prints it: comma-separated.
      for (const auto& v : o.value) {
        value += (value.empty() ? "" : ",") + (v.is_string() ? v.get<std::string>() : v.dump());
      }
    } else if (!o.value.is_null()) {
      value = o.value.dump();
    }
    json item = {{"OutputKey", o.name}, {"OutputValue", value}};
    if (!o.description.empty()) item["Description"] = o.description;
    if (o.export_name) item["ExportName"] = *o.export_name;
    out.push_back(std::move(item));
  }
  return out;
}

json ParametersToJson(const iac::ParameterValues& values) {
  json out = json::array();
  for (const auto& [name, v] : values) {
    json item = {{"ParameterKey", name}, {"ParameterValue", v.text}};
    if (v.no_echo) item["NoEcho"] = true;
    out.push_back(std::move(item));
  }
  return out;
}

json MaskedParameters(const json& parameters) {
  json out = json::array();
  for (json p : parameters.is_array() ? parameters : json::array()) {
    if (p.value("NoEcho", false)) p["ParameterValue"] = "****";
    p.erase("NoEcho");
    out.push_back(std::move(p));
  }
  return out;
}

json ChangesToJson(const std::vector<iac::ResourceChange>& changes) {
  json out = json::array();
  for (const auto& c : changes) {
    json rc = {{"Action", std::string(iac::ToString(c.action))},
               {"LogicalResourceId", c.logical_id},
               {"ResourceType", c.type}};
    if (!c.physical_id.empty()) rc["PhysicalResourceId"] = c.physical_id;
    if (c.action == iac::ChangeAction::kModify) {
      rc["Replacement"] = std::string(iac::ToString(c.replacement));
      json details = json::array();
      json scope = json::array();
      std::map<std::string, std::pair<bool, bool>> by_name;  // name -> (replace, dynamic)
      for (const auto& p : c.properties) {
        auto& [replace, dynamic] = by_name[p.name];
        replace = replace || p.requires_replacement;
        dynamic = dynamic || p.dynamic;
      }
      for (const auto& [name, flags] : by_name) {
        const std::string attribute = name == "Tags" ? "Tags" : "Properties";
        if (std::find(scope.begin(), scope.end(), attribute) == scope.end()) {
          scope.push_back(attribute);
        }
        details.push_back(
            {{"Target",
              {{"Attribute", attribute},
               {"Name", name},
               {"RequiresRecreation", flags.first ? "Always" : "Never"}}},
             {"Evaluation", flags.second ? "Dynamic" : "Static"},
             {"ChangeSource", flags.second ? "ResourceReference" : "DirectModification"}});
      }
      rc["Scope"] = scope;
      rc["Details"] = details;
    }
    out.push_back({{"Type", "Resource"}, {"ResourceChange", rc}});
  }
  return out;
}

}  // namespace terrarium::services::cloudformation
