#include "emulator/admin/import_endpoint.h"

#include <stdexcept>

#include <nlohmann/json.hpp>

#include "emulator/admin/tfstate_request.h"
#include "emulator/core/aws_error.h"
#include "iac/providers/builtin_providers.h"
#include "importers/terraform/apply_import.h"

namespace terrarium::admin {
using nlohmann::json;

HttpResponse HandleImport(const HttpRequest& request, dispatch::Dispatcher& dispatcher) {
  HttpResponse error;
  std::optional<json> parsed = ReadIacRequest(request, error, {"tfstate", "backend"});
  if (!parsed) return error;
  const json& input = *parsed;
  try {
    Scope scope = RequestedScope(input);
    importers::TerraformImport imported = importers::ImportTerraformState(
        StateText(input, dispatcher, scope), SideFilesOf(input), scope);
    iac::ProviderRegistry providers;
    iac::AddBuiltinProviders(providers);
    iac::ProviderContext base;
    base.invoker = &dispatcher;
    base.host = request.header("Host");
    auto outcome = importers::ApplyImport(imported, providers, base, input.value("dry_run", false));
    json lines = json::array();
    for (const auto& line : outcome.lines) {
      lines.push_back({{"address", line.address},
                       {"type", line.type},
                       {"outcome", line.outcome},
                       {"detail", line.detail}});
    }
    return JsonAnswer(200, {{"ok", outcome.ok},
                            {"reason", outcome.reason},
                            {"account", imported.scope.account},
                            {"region", imported.scope.region},
                            {"resources", lines}});
  } catch (const std::invalid_argument& e) {
    return JsonAnswer(400, {{"error", e.what()}});
  } catch (const AwsError& e) {
    return JsonAnswer(e.status >= 500 ? 500 : 400, {{"error", e.code + ": " + e.message}});
  }
}

}  // namespace terrarium::admin
