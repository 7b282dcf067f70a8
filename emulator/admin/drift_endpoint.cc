#include "emulator/admin/drift_endpoint.h"

#include <algorithm>
#include <map>
#include <stdexcept>

#include <nlohmann/json.hpp>

#include "emulator/admin/tfstate_request.h"
#include "emulator/core/aws_error.h"
#include "iac/drift.h"
#include "iac/drift_render.h"
#include "iac/providers/builtin_providers.h"
#include "iac/unmanaged.h"
#include "importers/cloudformation/template_declaration.h"
#include "importers/terraform/import.h"

namespace terrarium::admin {
namespace {

using nlohmann::json;

std::string Rendered(const iac::DriftReport& report, const std::string& format, bool colour) {
  if (format == "json") return iac::RenderDriftJson(report).dump(2) + "\n";
  if (format == "junit") return iac::RenderDriftJUnit(report);
  return iac::RenderDriftTable(report, colour);
}

json ValueOf(const json& text) {
  if (!text.is_string() || text.get<std::string>().empty()) return nullptr;
  json parsed = json::parse(text.get<std::string>(), nullptr, false);
  return parsed.is_discarded() ? text : parsed;
}

// The stack's drift as CloudFormation's own API detects it (DetectStackDrift, then
// DescribeStackResourceDrifts), so the report and the API agree.
std::vector<iac::ResourceDrift> StackDrift(dispatch::Dispatcher& dispatcher,
                                           const std::string& stack, const Scope& scope) {
  dispatcher.Invoke("cloudformation", "DetectStackDrift", {{"StackName", stack}}, scope);
  json drifts = dispatcher.Invoke("cloudformation", "DescribeStackResourceDrifts",
                                  {{"StackName", stack}}, scope);
  std::vector<iac::ResourceDrift> out;
  for (const auto& d : drifts.value("StackResourceDrifts", json::array())) {
    iac::ResourceDrift drift;
    drift.logical_id = d.value("LogicalResourceId", "");
    drift.type = d.value("ResourceType", "");
    drift.physical_id = d.value("PhysicalResourceId", "");
    std::string status = d.value("StackResourceDriftStatus", "");
    drift.status = status == "MODIFIED"  ? iac::DriftStatus::kModified
                   : status == "DELETED" ? iac::DriftStatus::kDeleted
                                         : iac::DriftStatus::kInSync;
    for (const auto& p : d.value("PropertyDifferences", json::array())) {
      std::string type = p.value("DifferenceType", "");
      drift.differences.push_back({p.value("PropertyPath", ""),
                                   ValueOf(p.value("ExpectedValue", json())),
                                   ValueOf(p.value("ActualValue", json())),
                                   type == "ADD"      ? iac::DifferenceType::kAdd
                                   : type == "REMOVE" ? iac::DifferenceType::kRemove
                                                      : iac::DifferenceType::kNotEqual});
    }
    out.push_back(std::move(drift));
  }
  return out;
}

// Completes `report` (declared resources already in it): unmanaged resources, coverage, ignore
// rules; and answers with it rendered.
HttpResponse Finish(iac::DriftReport report, const std::vector<iac::DeclaredResource>& declared,
                    dispatch::Dispatcher& dispatcher, const json& input,
                    const std::string& format) {
  report.managed = static_cast<std::size_t>(std::count_if(
      report.resources.begin(), report.resources.end(),
      [](const iac::ResourceDrift& r) { return r.status != iac::DriftStatus::kDeleted; }));
  for (auto& unmanaged : iac::FindUnmanaged(dispatcher, declared)) {
    report.resources.push_back(std::move(unmanaged));
  }
  report.total = report.managed + (report.resources.size() - declared.size());
  iac::IgnoreRules::Parse(input.value("ignore", "")).Apply(report.resources);
  return JsonAnswer(200, {{"drifted", report.drifted()},
                          {"output", Rendered(report, format, input.value("colour", false))}});
}

// The template's "parameters" object as name -> value text.
std::map<std::string, std::string, std::less<>> Parameters(const json& input) {
  std::map<std::string, std::string, std::less<>> out;
  const json given = input.value("parameters", json::object());  // outlives the loop
  for (const auto& [name, value] : given.items()) {
    out[name] = value.is_string() ? value.get<std::string>() : value.dump();
  }
  return out;
}

}  // namespace

HttpResponse HandleDrift(const HttpRequest& request, dispatch::Dispatcher& dispatcher) {
  HttpResponse error;
  std::optional<json> parsed =
      ReadIacRequest(request, error, {"tfstate", "backend", "template", "stack"});
  if (!parsed) return error;
  const json& input = *parsed;
  std::string format = input.value("format", "table");
  if (format != "table" && format != "json" && format != "junit") {
    return JsonAnswer(400, {{"error", "format must be table, json or junit, not " + format}});
  }
  try {
    Scope scope = RequestedScope(input);
    if (input.contains("stack")) {
      iac::DriftReport report;
      report.resources = StackDrift(dispatcher, input["stack"].get<std::string>(), scope);
      std::vector<iac::DeclaredResource> declared;
      for (const auto& r : report.resources) {
        declared.push_back({r.logical_id, r.type, r.physical_id, json::object(), scope});
      }
      return Finish(std::move(report), declared, dispatcher, input, format);
    }
    iac::ProviderRegistry providers;
    iac::AddBuiltinProviders(providers);
    iac::ProviderContext base;
    base.invoker = &dispatcher;
    base.scope = scope;
    base.host = request.header("Host");
    iac::DriftReport report;
    std::vector<iac::DeclaredResource> declared;
    if (input.contains("template")) {
      importers::TemplateDeclaration from_template =
          importers::DeclaredInTemplate(input["template"].get<std::string>(), Parameters(input),
                                        scope, std::string(request.header("Host")), dispatcher);
      declared = std::move(from_template.declared);
      report.not_checked = std::move(from_template.not_checked);
    } else {
      importers::TerraformImport imported =
          importers::ImportTerraformState(StateText(input, dispatcher, scope), {}, scope);
      declared = importers::DeclaredForDrift(imported);
      for (const auto& skipped : imported.skipped) {
        report.not_checked.push_back({skipped.address, skipped.reason});
      }
    }
    report.resources = iac::DetectDrift(declared, providers, base);
    return Finish(std::move(report), declared, dispatcher, input, format);
  } catch (const std::invalid_argument& e) {
    return JsonAnswer(400, {{"error", e.what()}});
  } catch (const AwsError& e) {
    return JsonAnswer(e.status >= 500 ? 500 : 400, {{"error", e.code + ": " + e.message}});
  }
}

}  // namespace terrarium::admin
