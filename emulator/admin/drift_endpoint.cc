#include "emulator/admin/drift_endpoint.h"

#include <algorithm>
#include <stdexcept>

#include <nlohmann/json.hpp>

#include "emulator/admin/tfstate_request.h"
#include "emulator/core/aws_error.h"
#include "iac/drift.h"
#include "iac/drift_render.h"
#include "iac/providers/builtin_providers.h"
#include "iac/unmanaged.h"
#include "importers/terraform/import.h"

namespace terrarium::admin {
namespace {

using nlohmann::json;

std::string Rendered(const iac::DriftReport& report, const std::string& format, bool colour) {
  if (format == "json") return iac::RenderDriftJson(report).dump(2) + "\n";
  if (format == "junit") return iac::RenderDriftJUnit(report);
  return iac::RenderDriftTable(report, colour);
}

}  // namespace

HttpResponse HandleDrift(const HttpRequest& request, dispatch::Dispatcher& dispatcher) {
  HttpResponse error;
  std::optional<json> parsed = ReadTfstateRequest(request, error);
  if (!parsed) return error;
  const json& input = *parsed;
  std::string format = input.value("format", "table");
  if (format != "table" && format != "json" && format != "junit") {
    return JsonAnswer(400, {{"error", "format must be table, json or junit, not " + format}});
  }
  try {
    importers::TerraformImport imported =
        importers::ImportTerraformState(input["tfstate"].get<std::string>());
    iac::ProviderRegistry providers;
    iac::AddBuiltinProviders(providers);
    iac::ProviderContext base;
    base.invoker = &dispatcher;
    base.scope = imported.scope;
    iac::DriftReport report;
    std::vector<iac::DeclaredResource> declared = importers::DeclaredForDrift(imported);
    report.resources = iac::DetectDrift(declared, providers, base);
    report.managed = static_cast<std::size_t>(std::count_if(
        report.resources.begin(), report.resources.end(),
        [](const iac::ResourceDrift& r) { return r.status != iac::DriftStatus::kDeleted; }));
    for (auto& unmanaged : iac::FindUnmanaged(dispatcher, declared)) {
      report.resources.push_back(std::move(unmanaged));
    }
    report.total = report.managed + (report.resources.size() - declared.size());
    iac::IgnoreRules::Parse(input.value("ignore", "")).Apply(report.resources);
    for (const auto& skipped : imported.skipped) {
      report.not_checked.push_back({skipped.address, skipped.reason});
    }
    return JsonAnswer(200, {{"drifted", report.drifted()},
                            {"output", Rendered(report, format, input.value("colour", false))}});
  } catch (const std::invalid_argument& e) {
    return JsonAnswer(400, {{"error", e.what()}});
  } catch (const AwsError& e) {
    return JsonAnswer(500, {{"error", "reading a resource failed: " + e.code + ": " + e.message}});
  }
}

}  // namespace terrarium::admin
