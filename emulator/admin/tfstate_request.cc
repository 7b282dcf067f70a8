#include "emulator/admin/tfstate_request.h"

namespace terrarium::admin {

using nlohmann::json;

HttpResponse JsonAnswer(int status, const json& body) {
  return HttpResponse{
      status, {{"Content-Type", "application/json"}}, Body::FromString(body.dump() + "\n")};
}

std::optional<json> ReadTfstateRequest(const HttpRequest& request, HttpResponse& error,
                                       bool stack_allowed) {
  if (request.method != "POST") {
    error = JsonAnswer(405, {{"error", "method not allowed"}});
    return std::nullopt;
  }
  json input = json::parse(request.body.ReadAll(), nullptr, false);
  auto has_text = [&](const char* key) {
    return input.is_object() && input.contains(key) && input[key].is_string();
  };
  if (input.is_discarded() || !(has_text("tfstate") || (stack_allowed && has_text("stack")))) {
    std::string wanted = stack_allowed ? "\"tfstate\" (the state's text) or \"stack\" (a name)"
                                       : "\"tfstate\" (the state's text)";
    error = JsonAnswer(400, {{"error", "expected a JSON object with " + wanted}});
    return std::nullopt;
  }
  return input;
}

}  // namespace terrarium::admin
