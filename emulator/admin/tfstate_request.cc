#include "emulator/admin/tfstate_request.h"

#include <algorithm>
#include <cctype>
#include <stdexcept>

#include "emulator/core/encoding.h"

namespace terrarium::admin {

using nlohmann::json;

HttpResponse JsonAnswer(int status, const json& body) {
  return HttpResponse{
      status, {{"Content-Type", "application/json"}}, Body::FromString(body.dump() + "\n")};
}

namespace {

bool IsBackend(const json& value) {
  return value.is_object() && value.contains("bucket") && value["bucket"].is_string() &&
         value.contains("key") && value["key"].is_string();
}

std::string Wanted(std::initializer_list<const char*> sources) {
  std::string out;
  for (const char* source : sources) {
    std::string_view name = source;
    std::string what = name == "tfstate"    ? "\"tfstate\" (the state's text)"
                       : name == "backend"  ? "\"backend\" ({\"bucket\", \"key\"} in S3)"
                       : name == "template" ? "\"template\" (the template's text)"
                                            : "\"" + std::string(name) + "\" (a name)";
    out += (out.empty() ? "" : " or ") + what;
  }
  return out;
}

}  // namespace

std::optional<json> ReadIacRequest(const HttpRequest& request, HttpResponse& error,
                                   std::initializer_list<const char*> sources) {
  if (request.method != "POST") {
    error = JsonAnswer(405, {{"error", "method not allowed"}});
    return std::nullopt;
  }
  json input = json::parse(request.body.ReadAll(), nullptr, false);
  bool given = input.is_object() && std::any_of(sources.begin(), sources.end(), [&](auto name) {
                 if (!input.contains(name)) return false;
                 return std::string_view(name) == "backend" ? IsBackend(input[name])
                                                            : input[name].is_string();
               });
  if (!given) {
    error = JsonAnswer(400, {{"error", "expected a JSON object with " + Wanted(sources)}});
    return std::nullopt;
  }
  return input;
}

Scope RequestedScope(const json& input) {
  Scope scope;
  if (input.contains("account") && !input["account"].is_null()) {
    std::string account = input["account"].is_string() ? input["account"].get<std::string>() : "";
    if (account.size() != 12 || !std::all_of(account.begin(), account.end(), [](char c) {
          return std::isdigit(static_cast<unsigned char>(c)) != 0;
        })) {
      throw std::invalid_argument("the account must be 12 digits, not '" + account + "'");
    }
    scope.account = account;
  }
  if (input.contains("region") && !input["region"].is_null()) {
    if (!input["region"].is_string() || input["region"].get<std::string>().empty()) {
      throw std::invalid_argument("the region must be a non-empty string");
    }
    scope.region = input["region"];
  }
  return scope;
}

std::string StateText(const json& input, OperationInvoker& invoker, const Scope& scope) {
  if (input.contains("tfstate") && input["tfstate"].is_string()) return input["tfstate"];
  const json& backend = input["backend"];
  Body body;
  InvokePayloads payloads;
  payloads.response = &body;
  invoker.Invoke("s3", "GetObject", {{"Bucket", backend["bucket"]}, {"Key", backend["key"]}}, scope,
                 std::move(payloads));
  return body.ReadAll();
}

importers::tf::SideFiles SideFilesOf(const json& input) {
  importers::tf::SideFiles files;
  if (!input.contains("files") || !input["files"].is_object()) return files;
  for (const auto& [path, text] : input["files"].items()) {
    auto bytes = text.is_string() ? Base64Decode(text.get<std::string>()) : std::nullopt;
    if (!bytes) throw std::invalid_argument("files[\"" + path + "\"] is not base64");
    files.emplace(path, std::move(*bytes));
  }
  return files;
}

}  // namespace terrarium::admin
