// Parity: GetTemplate's Processed stage is the template after its transforms, as JSON; the
// Original stage is the body exactly as submitted. GetTemplateSummary lists resource types in
// name order and no ResourceIdentifierSummaries.
#include <set>

#include "emulator/core/aws_error.h"
#include "emulator/services/cloudformation/ops.h"
#include "emulator/services/cloudformation/template_input.h"

namespace terrarium::services::cloudformation {
namespace {

// The template a stack or change set was given (a pending one while its creation runs).
std::string TemplateOfStack(const StackRecord& stack) {
  if (stack.record.contains("TemplateBody")) return stack.record["TemplateBody"];
  return stack.record.value("Pending", json::object()).value("TemplateBody", "");
}

json ParameterList(const iac::Template& t, bool with_type) {
  json out = json::array();
  for (const auto& p : t.parameters) {
    json item = {{"ParameterKey", p.name}, {"NoEcho", p.no_echo}};
    if (p.default_value) item["DefaultValue"] = *p.default_value;
    if (!p.description.empty()) item["Description"] = p.description;
    if (with_type) {
      item["ParameterType"] = p.type;
      item["ParameterConstraints"] = json::object();
      if (!p.allowed_values.empty()) {
        item["ParameterConstraints"]["AllowedValues"] = p.allowed_values;
      }
    }
    out.push_back(std::move(item));
  }
  return out;
}

// The members ValidateTemplate and GetTemplateSummary share.
json Summary(const importers::ImportedTemplate& parsed, bool with_type) {
  json out = {{"Parameters", ParameterList(parsed.tmpl, with_type)}};
  if (!parsed.tmpl.description.empty()) out["Description"] = parsed.tmpl.description;
  RequiredCapabilities caps = CapabilitiesOf(parsed);
  out["Capabilities"] = caps.capabilities;
  if (!caps.reason.empty()) out["CapabilitiesReason"] = caps.reason;
  out["DeclaredTransforms"] = parsed.declared_transforms;
  return out;
}

}  // namespace

json GetTemplate(RequestContext& ctx, const json& input) {
  const std::string stage = input.value("TemplateStage", "Original");
  if (stage != "Original" && stage != "Processed") {
    throw AwsError("ValidationError", "1 validation error detected: Value '" + stage +
                                          "' at 'templateStage' failed to satisfy constraint: "
                                          "Member must satisfy enum value set: [Original, "
                                          "Processed]");
  }
  std::string body;
  {
    auto txn = ctx.store->BeginRead();
    const std::string change_set = input.value("ChangeSetName", "");
    if (!change_set.empty()) {
      std::optional<json> cs;
      if (change_set.starts_with("arn:")) {
        cs = FindChangeSetById(*txn, ctx.scope, change_set);
      } else {
        cs = LoadChangeSet(*txn, RequireStack(*txn, ctx.scope, input.value("StackName", "")),
                           change_set);
      }
      if (!cs) {
        throw AwsError("ChangeSetNotFoundException",
                       "ChangeSet [" + change_set + "] does not exist");
      }
      body = cs->value("Deployment", json::object()).value("TemplateBody", "");
    } else {
      body = TemplateOfStack(RequireStack(*txn, ctx.scope, input.value("StackName", "")));
    }
  }
  json out = {{"StagesAvailable", {"Original", "Processed"}}};
  out["TemplateBody"] = stage == "Original" ? body : ParseTemplateBody(body).processed.dump();
  return out;
}

json GetTemplateSummary(RequestContext& ctx, const json& input) {
  std::string body;
  if (input.contains("StackName")) {
    auto txn = ctx.store->BeginRead();
    body = TemplateOfStack(RequireStack(*txn, ctx.scope, input["StackName"]));
  } else if (input.contains("StackSetName")) {
    throw AwsError("StackSetNotFoundException",
                   "StackSet " + input["StackSetName"].get<std::string>() + " not found");
  } else {
    body = TemplateBodyOf(ctx, input);
  }
  importers::ImportedTemplate parsed = ParseTemplateBody(body);
  json out = Summary(parsed, /*with_type=*/true);
  std::set<std::string> types;
  for (const auto& [id, r] : parsed.tmpl.resources) types.insert(r.type);
  out["ResourceTypes"] = types;
  out["Version"] = "2010-09-09";
  if (!parsed.tmpl.metadata.is_null()) out["Metadata"] = parsed.tmpl.metadata.dump();
  return out;
}

json ValidateTemplate(RequestContext& ctx, const json& input) {
  return Summary(ParseTemplateBody(TemplateBodyOf(ctx, input)), /*with_type=*/false);
}

}  // namespace terrarium::services::cloudformation
