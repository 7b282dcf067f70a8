#include "emulator/admin/state_api.h"

#include <charconv>
#include <functional>
#include <map>

#include "emulator/core/url.h"

namespace terrarium::admin {
namespace {

using json = nlohmann::json;
using Kind = storage::snapshots::SnapshotError::Kind;

HttpResponse StateJson(int status, const json& body) {
  // Store keys are bytes (DynamoDB's encode numbers), so a diff's "key" may not be UTF-8; its
  // "file" is the exact, escaped form.
  std::string text = body.dump(-1, ' ', false, json::error_handler_t::replace);
  return HttpResponse{
      status, {{"Content-Type", "application/json"}}, Body::FromString(text + "\n")};
}

HttpResponse Error(int status, std::string_view code, std::string_view message) {
  return StateJson(status, {{"error", {{"code", code}, {"message", message}}}});
}

// An input error found while reading the request.
struct BadRequest {
  std::string message;
};

json BodyObject(const HttpRequest& request) {
  std::string text = request.body.ReadAll();
  if (text.empty()) return json::object();
  json body = json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (!body.is_object()) throw BadRequest{"the body must be a JSON object"};
  return body;
}

std::string RequiredString(const json& body, const char* field) {
  auto it = body.find(field);
  if (it == body.end() || !it->is_string() || it->get_ref<const std::string&>().empty()) {
    throw BadRequest{std::string("'") + field + "' (a non-empty string) is required"};
  }
  return *it;
}

std::vector<std::string> Names(const json& body) {
  std::vector<std::string> names;
  auto it = body.find("names");
  if (it == body.end()) return names;
  if (!it->is_array()) throw BadRequest{"'names' must be a list of snapshot names"};
  for (const json& name : *it) {
    if (!name.is_string()) throw BadRequest{"'names' must be a list of snapshot names"};
    names.push_back(name);
  }
  return names;
}

// The body's "credentials" (user name, password or token, SSH key file and passphrase, whether
// to ask git's credential helpers), completed from the server's TERRARIUM_GIT_* and
// TERRARIUM_SSH_* environment variables.
storage::snapshots::RemoteCredentials Credentials(const json& body) {
  storage::snapshots::RemoteCredentials credentials;
  auto it = body.find("credentials");
  if (it != body.end()) {
    if (!it->is_object()) throw BadRequest{"'credentials' must be an object"};
    auto text = [&](const char* field, std::string& out) {
      auto value = it->find(field);
      if (value == it->end()) return;
      if (!value->is_string())
        throw BadRequest{std::string("'credentials.") + field + "' must be a string"};
      out = *value;
    };
    text("username", credentials.username);
    text("password", credentials.password);
    text("ssh_key", credentials.ssh_key);
    text("ssh_passphrase", credentials.ssh_passphrase);
    if (auto helper = it->find("credential_helper"); helper != it->end()) {
      if (!helper->is_boolean()) {
        throw BadRequest{"'credentials.credential_helper' must be true or false"};
      }
      credentials.credential_helper = *helper;
    }
  }
  return storage::snapshots::WithEnvironment(std::move(credentials));
}

std::vector<std::string> QueryNames(const QueryParams& params) {
  std::vector<std::string> names;
  for (const auto& [key, value] : params) {
    if (key == "name") names.push_back(value);
  }
  return names;
}

std::optional<std::string> OptionalParam(const QueryParams& params, std::string_view name) {
  const std::string* value = FindParam(params, name);
  if (value == nullptr || value->empty()) return std::nullopt;
  return *value;
}

size_t Limit(const QueryParams& params) {
  const std::string* text = FindParam(params, "limit");
  if (text == nullptr) return 100;
  size_t limit = 0;
  auto [end, error] = std::from_chars(text->data(), text->data() + text->size(), limit);
  if (error != std::errc() || end != text->data() + text->size() || limit == 0) {
    throw BadRequest{"'limit' must be a positive integer"};
  }
  return limit;
}

struct Route {
  const char* method;
  std::function<HttpResponse(const HttpRequest&, const QueryParams&, StateService&)> run;
};

const std::map<std::string, Route, std::less<>>& Routes() {
  static const std::map<std::string, Route, std::less<>> routes = {
      {"/_terrarium/state/save",
       {"POST",
        [](const HttpRequest& r, const QueryParams&, StateService& s) {
          json body = BodyObject(r);
          return StateJson(200, s.Save(RequiredString(body, "name"), body.value("message", "")));
        }}},
      {"/_terrarium/state/load",
       {"POST",
        [](const HttpRequest& r, const QueryParams&, StateService& s) {
          return StateJson(200, s.Load(RequiredString(BodyObject(r), "name")));
        }}},
      {"/_terrarium/state/list",
       {"GET", [](const HttpRequest&, const QueryParams&,
                  StateService& s) { return StateJson(200, s.List()); }}},
      {"/_terrarium/state/log",
       {"GET",
        [](const HttpRequest&, const QueryParams& q, StateService& s) {
          return StateJson(200, s.Log(OptionalParam(q, "name"), Limit(q)));
        }}},
      {"/_terrarium/state/diff",
       {"GET",
        [](const HttpRequest&, const QueryParams& q, StateService& s) {
          auto from = OptionalParam(q, "from");
          if (!from) throw BadRequest{"'from' (a snapshot) is required"};
          return StateJson(200, s.Diff(*from, OptionalParam(q, "to")));
        }}},
      {"/_terrarium/state/export",
       {"GET",
        [](const HttpRequest&, const QueryParams& q, StateService& s) {
          return HttpResponse{200,
                              {{"Content-Type", "application/x-git-bundle"}},
                              Body::FromString(s.Export(QueryNames(q)))};
        }}},
      {"/_terrarium/state/import",
       {"POST", [](const HttpRequest& r, const QueryParams&,
                   StateService& s) { return StateJson(200, s.Import(r.body.ReadAll())); }}},
      {"/_terrarium/state/push",
       {"POST",
        [](const HttpRequest& r, const QueryParams&, StateService& s) {
          json body = BodyObject(r);
          return StateJson(200,
                           s.Push(RequiredString(body, "remote"), Names(body), Credentials(body)));
        }}},
      {"/_terrarium/state/pull",
       {"POST",
        [](const HttpRequest& r, const QueryParams&, StateService& s) {
          json body = BodyObject(r);
          return StateJson(200,
                           s.Pull(RequiredString(body, "remote"), Names(body), Credentials(body)));
        }}},
      {"/_terrarium/reset",
       {"POST", [](const HttpRequest&, const QueryParams&,
                   StateService& s) { return StateJson(200, s.Reset()); }}},
  };
  return routes;
}

HttpResponse FromSnapshotError(const storage::snapshots::SnapshotError& e) {
  switch (e.kind()) {
    case Kind::kInvalid:
      return Error(400, "InvalidRequest", e.what());
    case Kind::kNotFound:
      return Error(404, "NotFound", e.what());
    case Kind::kConflict:
      return Error(409, "Conflict", e.what());
    case Kind::kFailed:
      break;
  }
  return Error(500, "InternalError", e.what());
}

}  // namespace

std::optional<HttpResponse> HandleStateApi(const HttpRequest& request, StateService& state) {
  std::string_view path = request.path;
  if (path.size() > 1 && path.ends_with('/')) path.remove_suffix(1);
  if (path == "/_terrarium/state") path = "/_terrarium/state/list";
  auto route = Routes().find(path);
  if (route == Routes().end()) {
    if (path.starts_with("/_terrarium/state/")) {
      return Error(404, "NotFound", "no such endpoint: " + request.path);
    }
    return std::nullopt;
  }
  bool head_ok = std::string_view(route->second.method) == "GET" && request.method == "HEAD";
  if (request.method != route->second.method && !head_ok) {
    return Error(405, "MethodNotAllowed",
                 std::string(path) + " takes " + route->second.method + ", not " + request.method);
  }
  try {
    return route->second.run(request, ParseQuery(request.query), state);
  } catch (const BadRequest& e) {
    return Error(400, "InvalidRequest", e.message);
  } catch (const storage::snapshots::SnapshotError& e) {
    return FromSnapshotError(e);
  } catch (const std::exception& e) {
    return Error(500, "InternalError", e.what());
  }
}

}  // namespace terrarium::admin
