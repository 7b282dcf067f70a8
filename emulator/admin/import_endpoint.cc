#include "emulator/admin/import_endpoint.h"

#include <stdexcept>

#include <nlohmann/json.hpp>

#include "emulator/admin/tfstate_request.h"
#include "iac/providers/builtin_providers.h"
#include "importers/terraform/apply_import.h"

namespace terrarium::admin {
using nlohmann::json;

HttpResponse HandleImport(const HttpRequest& request, dispatch::Dispatcher& dispatcher) {
  HttpResponse error;
  std::optional<json> parsed = ReadTfstateRequest(request, error);
  if (!parsed) return error;
  const json& input = *parsed;
  try {
    importers::TerraformImport imported =
        importers::ImportTerraformState(input["tfstate"].get<std::string>());
    iac::ProviderRegistry providers;
    iac::AddBuiltinProviders(providers);
    iac::ProviderContext base;
    base.invoker = &dispatcher;
    auto outcome = importers::ApplyImport(imported, providers, base, input.value("dry_run", false));
    json lines = json::array();
    for (const auto& line : outcome.lines) {
      lines.push_back({{"address", line.address},
                       {"type", line.type},
                       {"outcome", line.outcome},
                       {"detail", line.detail}});
    }
    return JsonAnswer(200, {{"ok", outcome.ok}, {"reason", outcome.reason}, {"resources", lines}});
  } catch (const std::invalid_argument& e) {
    return JsonAnswer(400, {{"error", e.what()}});
  }
}

}  // namespace terrarium::admin
