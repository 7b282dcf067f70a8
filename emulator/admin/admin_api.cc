#include "emulator/admin/admin_api.h"

#include <nlohmann/json.hpp>

#include "emulator/admin/drift_endpoint.h"
#include "emulator/admin/import_endpoint.h"

namespace terrarium::admin {
namespace {

HttpResponse Json(int status, const nlohmann::json& body) {
  return HttpResponse{
      status, {{"Content-Type", "application/json"}}, Body::FromString(body.dump() + "\n")};
}

HttpResponse Health(const dispatch::Dispatcher& dispatcher) {
  nlohmann::json services = nlohmann::json::object();
  for (const char* service : kHealthServices) {
    services[service] = dispatcher.Used(service) ? "running" : "available";
  }
  return Json(200,
              {{"services", services}, {"edition", "community"}, {"version", TERRARIUM_VERSION}});
}

}  // namespace

std::optional<HttpResponse> HandleAdmin(const HttpRequest& request,
                                        dispatch::Dispatcher& dispatcher) {
  if (!request.path.starts_with("/_terrarium/") && !request.path.starts_with("/_localstack/")) {
    return std::nullopt;
  }
  if (request.path == "/_terrarium/health" || request.path == "/_localstack/health") {
    if (request.method != "GET" && request.method != "HEAD") {
      return Json(405, {{"error", "method not allowed"}});
    }
    return Health(dispatcher);
  }
  if (request.path == "/_terrarium/drift") return HandleDrift(request, dispatcher);
  if (request.path == "/_terrarium/import") return HandleImport(request, dispatcher);
  return Json(404, {{"error", "no such endpoint: " + request.path}});
}

}  // namespace terrarium::admin
