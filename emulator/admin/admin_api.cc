#include "emulator/admin/admin_api.h"

#include <cctype>

#include <nlohmann/json.hpp>

#include "emulator/admin/drift_endpoint.h"
#include "emulator/admin/import_endpoint.h"

namespace terrarium::admin {
namespace {

HttpResponse Json(int status, const nlohmann::json& body) {
  return HttpResponse{
      status, {{"Content-Type", "application/json"}}, Body::FromString(body.dump() + "\n")};
}

HttpResponse Health(const dispatch::Dispatcher& dispatcher, const AdminStatus& status) {
  nlohmann::json services = nlohmann::json::object();
  for (const char* service : kHealthServices) {
    services[service] = dispatcher.Used(service) ? "running" : "available";
  }
  nlohmann::json body = {
      {"services", services}, {"edition", "community"}, {"version", TERRARIUM_VERSION}};
  if (status.init) body["init"] = status.init();
  return Json(200, body);
}

// LocalStack's /_localstack/init/<stage>: whether that stage finished, and its scripts.
HttpResponse InitStage(const nlohmann::json& init, const std::string& stage) {
  nlohmann::json scripts = nlohmann::json::array();
  for (const auto& script : init["scripts"]) {
    if (script.value("stage", "") == stage) scripts.push_back(script);
  }
  return Json(200, {{"completed", init["completed"].value(stage, false)}, {"scripts", scripts}});
}

}  // namespace

std::optional<HttpResponse> HandleAdmin(const HttpRequest& request,
                                        dispatch::Dispatcher& dispatcher,
                                        const AdminStatus& status) {
  if (!request.path.starts_with("/_terrarium/") && !request.path.starts_with("/_localstack/")) {
    return std::nullopt;
  }
  if (request.path == "/_terrarium/health" || request.path == "/_localstack/health") {
    if (request.method != "GET" && request.method != "HEAD") {
      return Json(405, {{"error", "method not allowed"}});
    }
    return Health(dispatcher, status);
  }
  if (status.init && (request.path == "/_localstack/init" || request.path == "/_terrarium/init")) {
    return Json(200, status.init());
  }
  if (status.init && request.path.starts_with("/_localstack/init/")) {
    std::string stage = request.path.substr(std::string_view("/_localstack/init/").size());
    for (char& c : stage) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    return InitStage(status.init(), stage);
  }
  if (request.path == "/_terrarium/drift") return HandleDrift(request, dispatcher);
  if (request.path == "/_terrarium/import") return HandleImport(request, dispatcher);
  return Json(404, {{"error", "no such endpoint: " + request.path}});
}

}  // namespace terrarium::admin
