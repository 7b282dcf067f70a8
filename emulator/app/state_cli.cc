#include "emulator/app/state_cli.h"

#include <ctime>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <memory>
#include <optional>
#include <stdexcept>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "emulator/app/admin_client.h"
#include "emulator/core/url.h"
#include "emulator/storage/snapshots/remote_auth.h"

namespace terrarium::app {
namespace {

using json = nlohmann::json;
namespace fs = std::filesystem;

// What every state subcommand was given.
struct StateArgs {
  std::string endpoint;
  bool json_output = false;
  std::string name;
  std::string second;  // empty: none
  std::string message;
  std::string file;
  std::string remote;
  std::vector<std::string> names;
  size_t limit = 20;
  std::string ssh_key;
  bool no_credential_helper = false;
};

// A refusal or failure the emulator reported.
struct Refused : std::runtime_error {
  using std::runtime_error::runtime_error;
};

std::string Short(const json& commit) { return commit.get<std::string>().substr(0, 12); }

std::string When(int64_t seconds) {
  std::time_t t = static_cast<std::time_t>(seconds);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char text[32];
  std::strftime(text, sizeof text, "%Y-%m-%d %H:%M:%SZ", &tm);
  return text;
}

AdminReply Call(const StateArgs& args, const std::string& method, const std::string& target,
                const std::string& body = "", const std::string& type = "application/json") {
  AdminReply reply = CallAdmin(args.endpoint, method, target, body, type);
  if (reply.status >= 300) {
    json error = json::parse(reply.body, nullptr, false);
    std::string message = error.is_object() && error.contains("error")
                              ? error["error"].value("message", reply.body)
                              : reply.body;
    throw Refused(fmt::format("{} (HTTP {})", message, reply.status));
  }
  return reply;
}

json CallJson(const StateArgs& args, const std::string& method, const std::string& target,
              const json& body = nullptr) {
  AdminReply reply = Call(args, method, target, body.is_null() ? "" : body.dump());
  json out = json::parse(reply.body, nullptr, false);
  if (out.is_discarded()) throw Refused("the emulator answered something that is not JSON");
  return out;
}

// A remote that is a local path is made absolute, since the server resolves it.
std::string RemoteArg(const std::string& remote) {
  if (remote.find("://") != std::string::npos) return remote;
  size_t colon = remote.find(':');
  bool scp_like = colon != std::string::npos && remote.find('/') > colon;
  if (scp_like && !fs::exists(remote)) return remote;
  return fs::absolute(remote).lexically_normal().string();
}

// What push and pull authenticate with, from the flags and this process's TERRARIUM_GIT_* and
// TERRARIUM_SSH_* variables (the server adds its own for what is missing).
json CredentialsBody(const StateArgs& args) {
  storage::snapshots::RemoteCredentials given;
  if (!args.ssh_key.empty()) given.ssh_key = fs::absolute(args.ssh_key).lexically_normal();
  storage::snapshots::RemoteCredentials c = storage::snapshots::WithEnvironment(given);
  if (!c.ssh_key.empty()) c.ssh_key = fs::absolute(c.ssh_key).lexically_normal();
  json body = {{"credential_helper", !args.no_credential_helper}};
  for (auto [field, value] : {std::pair{"username", &c.username},
                              {"password", &c.password},
                              {"ssh_key", &c.ssh_key},
                              {"ssh_passphrase", &c.ssh_passphrase}}) {
    if (!value->empty()) body[field] = *value;
  }
  return body;
}

std::string NamesQuery(const std::vector<std::string>& names) {
  std::string query;
  for (const std::string& name : names) {
    query += (query.empty() ? "?" : "&") + std::string("name=") + PercentEncode(name);
  }
  return query;
}

void PrintDiff(const json& diff) {
  for (const json& r : diff["added"]) fmt::print("+ {}\n", r["file"].get<std::string>());
  for (const json& r : diff["removed"]) fmt::print("- {}\n", r["file"].get<std::string>());
  for (const json& r : diff["changed"]) {
    fmt::print("~ {}\n", r["file"].get<std::string>());
    for (const json& c : r["changes"]) {
      fmt::print("    {}: {} -> {}\n", c["property"].get<std::string>(),
                 c.contains("before") ? c["before"].dump() : "(none)",
                 c.contains("after") ? c["after"].dump() : "(none)");
    }
  }
  fmt::print("{} added, {} removed, {} changed\n", diff["added"].size(), diff["removed"].size(),
             diff["changed"].size());
}

// Runs one subcommand and prints its outcome.
void Run(const std::string& command, const StateArgs& a) {
  auto emit = [&](const json& out, const std::string& text) {
    if (a.json_output) {
      fmt::print("{}\n", out.dump(2));
    } else if (!text.empty()) {
      fmt::print("{}\n", text);
    }
  };
  if (command == "save") {
    json out =
        CallJson(a, "POST", "/_terrarium/state/save", {{"name", a.name}, {"message", a.message}});
    emit(out, fmt::format("{} {}: commit {}, tree {} ({} records, {} blobs)",
                          out["unchanged"].get<bool>() ? "unchanged" : "saved", a.name,
                          Short(out["commit"]), Short(out["tree"]), out["records"].get<size_t>(),
                          out["blobs"].get<size_t>()));
  } else if (command == "load") {
    json out = CallJson(a, "POST", "/_terrarium/state/load", {{"name", a.name}});
    emit(out, fmt::format("loaded {}: commit {} ({} records changed)", a.name, Short(out["commit"]),
                          out["changes"].get<size_t>()));
  } else if (command == "reset") {
    json out = CallJson(a, "POST", "/_terrarium/reset");
    emit(out, fmt::format("reset: {} records removed", out["changes"].get<size_t>()));
  } else if (command == "list") {
    json out = CallJson(a, "GET", "/_terrarium/state/list");
    if (a.json_output) return emit(out, "");
    for (const json& s : out["snapshots"]) {
      fmt::print("{:<24} {}  {}  {}\n", s["name"].get<std::string>(), Short(s["commit"]),
                 When(s["time"].get<int64_t>()), s["message"].get<std::string>());
    }
  } else if (command == "log") {
    std::string target = fmt::format("/_terrarium/state/log?limit={}", a.limit);
    if (!a.name.empty()) target += "&name=" + PercentEncode(a.name);
    json out = CallJson(a, "GET", target);
    if (a.json_output) return emit(out, "");
    for (const json& c : out["commits"]) {
      std::string names;
      for (const json& n : c["names"])
        names += (names.empty() ? " (" : ", ") + n.get<std::string>();
      fmt::print("{}  {}{}{}  {}\n", Short(c["commit"]), When(c["time"].get<int64_t>()), names,
                 names.empty() ? "" : ")", c["message"].get<std::string>());
    }
  } else if (command == "diff") {
    std::string target = "/_terrarium/state/diff?from=" + PercentEncode(a.name);
    if (!a.second.empty()) target += "&to=" + PercentEncode(a.second);
    json out = CallJson(a, "GET", target);
    if (a.json_output) return emit(out, "");
    PrintDiff(out);
  } else if (command == "export") {
    AdminReply reply = Call(a, "GET", "/_terrarium/state/export" + NamesQuery(a.names));
    std::ofstream file(a.file, std::ios::binary | std::ios::trunc);
    file.write(reply.body.data(), static_cast<std::streamsize>(reply.body.size()));
    file.close();
    if (!file) throw std::runtime_error("cannot write " + a.file);
    emit({{"file", a.file}, {"bytes", reply.body.size()}},
         fmt::format("exported {} bytes to {}", reply.body.size(), a.file));
  } else if (command == "import") {
    std::ifstream file(a.file, std::ios::binary);
    if (!file) throw std::runtime_error("cannot read " + a.file);
    std::string bundle((std::istreambuf_iterator<char>(file)), std::istreambuf_iterator<char>());
    AdminReply reply =
        Call(a, "POST", "/_terrarium/state/import", bundle, "application/x-git-bundle");
    json out = json::parse(reply.body);
    emit(out, fmt::format("imported {}",
                          fmt::join(out["snapshots"].get<std::vector<std::string>>(), ", ")));
  } else if (command == "push" || command == "pull") {
    json body = {{"remote", RemoteArg(a.remote)}, {"credentials", CredentialsBody(a)}};
    if (!a.names.empty()) body["names"] = a.names;
    json out = CallJson(a, "POST", "/_terrarium/state/" + command, body);
    emit(out, fmt::format("{} {}: {}", command == "push" ? "pushed to" : "pulled from",
                          out["remote"].get<std::string>(),
                          fmt::join(out["snapshots"].get<std::vector<std::string>>(), ", ")));
  }
}

}  // namespace

void AddStateCommands(CLI::App& app, int& exit_code) {
  auto* state = app.add_subcommand("state", "Snapshots of the emulator's state (git-backed)");
  state->require_subcommand(1);
  auto args = std::make_shared<StateArgs>();
  args->endpoint = DefaultEndpoint();
  auto add = [&](const std::string& name, const std::string& help) {
    auto* command = state->add_subcommand(name, help);
    command->add_option("--endpoint", args->endpoint,
                        "Emulator URL (default AWS_ENDPOINT_URL or http://localhost:4566)");
    command->add_flag("--json", args->json_output, "Print the emulator's JSON answer");
    command->callback([name, args, &exit_code] {
      try {
        Run(name, *args);
        exit_code = 0;
      } catch (const Refused& e) {
        fmt::print(stderr, "terrarium state {}: {}\n", name, e.what());
        exit_code = 1;
      } catch (const std::exception& e) {
        fmt::print(stderr, "terrarium state {}: {}\n", name, e.what());
        exit_code = 2;
      }
    });
    return command;
  };
  auto* save = add("save", "Save the live state as snapshot NAME (a new commit on it)");
  save->add_option("name", args->name, "Snapshot name")->required();
  save->add_option("-m,--message", args->message, "Commit message");
  add("load", "Replace the live state with a snapshot (atomically)")
      ->add_option("name", args->name, "Snapshot name, commit id or NAME~N")
      ->required();
  add("reset", "Empty the live state (atomically)");
  add("list", "List snapshots");
  auto* log = add("log", "History of one snapshot, or of all");
  log->add_option("name", args->name, "Snapshot name");
  log->add_option("-n,--limit", args->limit, "At most this many commits")->capture_default_str();
  auto* diff = add("diff", "Records added, removed and changed from A to B (default: live)");
  diff->add_option("a", args->name, "Snapshot to compare from")->required();
  diff->add_option("b", args->second, "Snapshot to compare to (default: the live state)");
  auto* exp = add("export", "Write snapshots to a git bundle FILE");
  exp->add_option("file", args->file, "Bundle file")->required();
  exp->add_option("names", args->names, "Snapshots (default: all)");
  add("import", "Add the snapshots of a git bundle FILE")
      ->add_option("file", args->file, "Bundle file")
      ->required();
  for (auto [name, help] : {std::pair{"push", "Push snapshots to a git remote (path or URL)"},
                            {"pull", "Fetch snapshots from a git remote (path or URL)"}}) {
    auto* command = add(name, help);
    command->add_option("remote", args->remote, "Remote path or URL")->required();
    command->add_option("names", args->names, "Snapshots (default: all)");
    command->add_option("--ssh-key", args->ssh_key,
                        "Private key file for ssh:// remotes (default TERRARIUM_SSH_KEY, else "
                        "the SSH agent)");
    command->add_flag("--no-credential-helper", args->no_credential_helper,
                      "Do not ask git's credential helpers for HTTP(S) remotes");
  }
}

}  // namespace terrarium::app
