#include "emulator/admin/tfstate_request.h"

namespace terrarium::admin {

using nlohmann::json;

HttpResponse JsonAnswer(int status, const json& body) {
  return HttpResponse{
      status, {{"Content-Type", "application/json"}}, Body::FromString(body.dump() + "\n")};
}

std::optional<json> ReadTfstateRequest(const HttpRequest& request, HttpResponse& error) {
  if (request.method != "POST") {
    error = JsonAnswer(405, {{"error", "method not allowed"}});
    return std::nullopt;
  }
  json input = json::parse(request.body.ReadAll(), nullptr, false);
  if (input.is_discarded() || !input.is_object() || !input.contains("tfstate") ||
      !input["tfstate"].is_string()) {
    error =
        JsonAnswer(400, {{"error", "expected a JSON object with \"tfstate\" (the state's text)"}});
    return std::nullopt;
  }
  return input;
}

}  // namespace terrarium::admin
