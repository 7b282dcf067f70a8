#include "emulator/app/apply_template.h"

#include <fmt/format.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <random>
#include <set>
#include <sstream>
#include <thread>

#include <nlohmann/json.hpp>

#include "emulator/app/emulator_client.h"
#include "emulator/app/query_client.h"

namespace terrarium::app {
namespace {

using Params = std::map<std::string, std::string>;

std::string EnvOr(const char* name, const char* fallback) {
  const char* value = std::getenv(name);
  return value == nullptr || *value == '\0' ? fallback : value;
}

struct InputError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw InputError("cannot read " + path);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

// Parameters in the order given: the file first, then --parameter flags (which win).
std::map<std::string, std::string> GatherParameters(const ApplyTemplateOptions& options) {
  std::map<std::string, std::string> out;
  if (!options.parameters_file.empty()) {
    nlohmann::json file;
    try {
      file = nlohmann::json::parse(ReadFile(options.parameters_file));
    } catch (const nlohmann::json::exception& e) {
      throw InputError(options.parameters_file + " is not JSON: " + e.what());
    }
    if (file.is_object()) {
      for (const auto& [k, v] : file.items())
        out[k] = v.is_string() ? v.get<std::string>() : v.dump();
    } else if (file.is_array()) {
      for (const auto& p : file) {
        if (!p.is_object() || !p.contains("ParameterKey")) {
          throw InputError(options.parameters_file +
                           ": each entry needs ParameterKey and ParameterValue");
        }
        const auto& v = p.value("ParameterValue", nlohmann::json(""));
        out[p["ParameterKey"].get<std::string>()] = v.is_string() ? v.get<std::string>() : v.dump();
      }
    } else {
      throw InputError(options.parameters_file +
                       " must hold an object {\"Key\": \"Value\"} or a list of "
                       "{\"ParameterKey\", \"ParameterValue\"}");
    }
  }
  for (const auto& kv : options.parameters) {
    auto eq = kv.find('=');
    if (eq == std::string::npos || eq == 0) {
      throw InputError("--parameter takes KEY=VALUE, not '" + kv + "'");
    }
    out[kv.substr(0, eq)] = kv.substr(eq + 1);
  }
  return out;
}

std::string TimeOfDay(const std::string& iso) { return iso.size() >= 19 ? iso.substr(11, 8) : iso; }

// Prints stack events newer than those in `seen`, oldest first, and remembers them.
void PrintNewEvents(const QueryClient& client, const std::string& stack_id,
                    std::set<std::string>& seen, std::FILE* out) {
  std::vector<pugi::xml_node> fresh;
  std::vector<pugi::xml_document> pages;
  std::string token;
  bool reached_seen = false;
  do {
    Params params{{"StackName", stack_id}};
    if (!token.empty()) params["NextToken"] = token;
    pages.push_back(client.Call("DescribeStackEvents", params));
    pugi::xml_node result =
        pages.back().first_element_by_path("DescribeStackEventsResponse/DescribeStackEventsResult");
    for (pugi::xml_node e : result.child("StackEvents").children("member")) {
      if (seen.contains(TextAt(e, "EventId"))) {
        reached_seen = true;
        break;
      }
      fresh.push_back(e);
    }
    token = TextAt(result, "NextToken");
  } while (!reached_seen && !token.empty());
  for (auto it = fresh.rbegin(); it != fresh.rend(); ++it) {
    seen.insert(TextAt(*it, "EventId"));
    std::string line =
        fmt::format("{}  {:<30} {:<34} {:<36}{}", TimeOfDay(TextAt(*it, "Timestamp")),
                    TextAt(*it, "LogicalResourceId"), TextAt(*it, "ResourceType"),
                    TextAt(*it, "ResourceStatus"), TextAt(*it, "ResourceStatusReason"));
    line.erase(line.find_last_not_of(' ') + 1);
    fmt::print(out, "{}\n", line);
  }
  std::fflush(out);
}

std::set<std::string> ExistingEvents(const QueryClient& client, const std::string& stack_id) {
  std::set<std::string> seen;
  std::FILE* sink = std::fopen("/dev/null", "w");
  PrintNewEvents(client, stack_id, seen, sink);
  if (sink != nullptr) std::fclose(sink);
  return seen;
}

struct StackState {
  std::string id;
  std::string status;
  std::string reason;
  pugi::xml_document doc;
  pugi::xml_node stack;
};

// The stack as DescribeStacks shows it; nullopt-like (empty id) when it does not exist.
StackState Describe(const QueryClient& client, const std::string& name_or_id) {
  StackState state;
  try {
    state.doc = client.Call("DescribeStacks", {{"StackName", name_or_id}});
  } catch (const QueryError& e) {
    if (e.code == "ValidationError") return state;
    throw;
  }
  state.stack =
      state.doc.first_element_by_path("DescribeStacksResponse/DescribeStacksResult/Stacks/member");
  state.id = TextAt(state.stack, "StackId");
  state.status = TextAt(state.stack, "StackStatus");
  state.reason = TextAt(state.stack, "StackStatusReason");
  return state;
}

bool InProgress(const std::string& status) {
  return status.ends_with("_IN_PROGRESS") && status != "REVIEW_IN_PROGRESS";
}

// Follows the stack until its operation ends, printing events; returns its final state.
StackState Follow(const QueryClient& client, const std::string& stack_id,
                  std::set<std::string>& seen, const ApplyTemplateOptions& options,
                  std::FILE* out) {
  while (true) {
    StackState state = Describe(client, stack_id);
    PrintNewEvents(client, stack_id, seen, out);
    if (!InProgress(state.status)) return state;
    std::this_thread::sleep_for(options.poll_interval);
  }
}

void PrintOutputs(const StackState& state, std::FILE* out) {
  pugi::xml_node outputs = state.stack.child("Outputs");
  if (!outputs.child("member")) return;
  fmt::print(out, "Outputs:\n");
  for (pugi::xml_node o : outputs.children("member")) {
    std::string export_name = TextAt(o, "ExportName");
    fmt::print(out, "  {} = {}{}\n", TextAt(o, "OutputKey"), TextAt(o, "OutputValue"),
               export_name.empty() ? "" : "  (exported as " + export_name + ")");
  }
}

void PrintChangeSet(const pugi::xml_node& result, std::FILE* out) {
  fmt::print(out, "Changes:\n");
  for (pugi::xml_node c : result.child("Changes").children("member")) {
    pugi::xml_node rc = c.child("ResourceChange");
    std::string line = fmt::format("  {:<8} {:<30} {}", TextAt(rc, "Action"),
                                   TextAt(rc, "LogicalResourceId"), TextAt(rc, "ResourceType"));
    if (TextAt(rc, "Action") == "Modify") {
      std::string names;
      for (pugi::xml_node d : rc.child("Details").children("member")) {
        names += (names.empty() ? "" : ", ") + TextAt(d, "Target/Name");
      }
      line += fmt::format("  replacement: {}  properties: {}", TextAt(rc, "Replacement"), names);
    }
    fmt::print(out, "{}\n", line);
  }
}

int Delete(const QueryClient& client, const std::string& name, const ApplyTemplateOptions& options,
           std::FILE* out, std::FILE* err) {
  StackState state = Describe(client, name);
  if (state.id.empty()) {
    fmt::print(out, "Stack {} does not exist; nothing to delete.\n", name);
    return 0;
  }
  std::set<std::string> seen = ExistingEvents(client, state.id);
  client.Call("DeleteStack", {{"StackName", state.id}});
  StackState final_state = Follow(client, state.id, seen, options, out);
  if (final_state.status == "DELETE_COMPLETE") {
    fmt::print(out, "Stack {} deleted.\n", name);
    return 0;
  }
  fmt::print(err, "terrarium: deleting stack {} failed: {}: {}\n", name, final_state.status,
             final_state.reason);
  return 1;
}

// A change set name no earlier run used: executed change sets stay listed under their stack.
std::string ChangeSetName() {
  auto now = std::chrono::system_clock::now().time_since_epoch();
  return fmt::format("terrarium-apply-{}-{:04x}",
                     std::chrono::duration_cast<std::chrono::milliseconds>(now).count(),
                     std::random_device{}() & 0xffff);
}

}  // namespace

std::string DefaultStackName(const std::string& template_path) {
  std::string stem = std::filesystem::path(template_path).stem().string();
  std::string name;
  for (char c : stem) name += std::isalnum(static_cast<unsigned char>(c)) ? c : '-';
  if (name.empty() || !std::isalpha(static_cast<unsigned char>(name[0]))) name = "stack-" + name;
  return name.substr(0, 128);
}

int RunApplyTemplate(const ApplyTemplateOptions& options, std::FILE* out, std::FILE* err) {
  const std::string endpoint = EndpointOr(options.endpoint);
  const std::string name =
      options.stack_name.empty() ? DefaultStackName(options.template_path) : options.stack_name;
  try {
    QueryClient client(endpoint, "cloudformation", "2010-05-15",
                       EnvOr("AWS_REGION", EnvOr("AWS_DEFAULT_REGION", "us-east-1").c_str()),
                       EnvOr("AWS_ACCESS_KEY_ID", "test"));
    if (options.remove) return Delete(client, name, options, out, err);

    const std::string body = ReadFile(options.template_path);
    const auto given = GatherParameters(options);
    StackState existing = Describe(client, name);
    if (existing.status == "ROLLBACK_COMPLETE" && !options.dry_run) {
      // A failed creation can only be deleted; apply-template starts it over.
      fmt::print(out, "Stack {} is ROLLBACK_COMPLETE (its creation failed): deleting it first.\n",
                 name);
      if (int code = Delete(client, name, options, out, err); code != 0) return code;
      existing = Describe(client, name);
    }
    const bool create = existing.id.empty() || existing.status == "REVIEW_IN_PROGRESS";

    Params params{{"StackName", name},
                  {"TemplateBody", body},
                  {"ChangeSetType", create ? "CREATE" : "UPDATE"},
                  {"ChangeSetName", ChangeSetName()},
                  {"Capabilities.member.1", "CAPABILITY_IAM"},
                  {"Capabilities.member.2", "CAPABILITY_NAMED_IAM"},
                  {"Capabilities.member.3", "CAPABILITY_AUTO_EXPAND"}};
    int n = 0;
    auto add_parameter = [&](const std::string& key, const std::string* value) {
      ++n;
      params[fmt::format("Parameters.member.{}.ParameterKey", n)] = key;
      if (value != nullptr) {
        params[fmt::format("Parameters.member.{}.ParameterValue", n)] = *value;
      } else {
        params[fmt::format("Parameters.member.{}.UsePreviousValue", n)] = "true";
      }
    };
    for (const auto& [k, v] : given) add_parameter(k, &v);
    if (!create) {
      // Like `aws cloudformation deploy`: parameters not given keep their current values when
      // the new template still declares them.
      auto summary = client.Call("GetTemplateSummary", {{"TemplateBody", body}});
      std::set<std::string> declared;
      for (pugi::xml_node p :
           summary
               .first_element_by_path(
                   "GetTemplateSummaryResponse/GetTemplateSummaryResult/Parameters")
               .children("member")) {
        declared.insert(TextAt(p, "ParameterKey"));
      }
      for (pugi::xml_node p : existing.stack.child("Parameters").children("member")) {
        std::string key = TextAt(p, "ParameterKey");
        if (!given.contains(key) && declared.contains(key)) add_parameter(key, nullptr);
      }
    }

    auto created = client.Call("CreateChangeSet", params);
    const std::string cs_id = TextAt(
        created.first_element_by_path("CreateChangeSetResponse/CreateChangeSetResult"), "Id");
    const std::string stack_id = TextAt(
        created.first_element_by_path("CreateChangeSetResponse/CreateChangeSetResult"), "StackId");
    pugi::xml_document described;
    pugi::xml_node result;
    while (true) {
      described = client.Call("DescribeChangeSet", {{"ChangeSetName", cs_id}});
      result = described.first_element_by_path("DescribeChangeSetResponse/DescribeChangeSetResult");
      std::string status = TextAt(result, "Status");
      if (status != "CREATE_PENDING" && status != "CREATE_IN_PROGRESS") break;
      std::this_thread::sleep_for(options.poll_interval);
    }
    if (TextAt(result, "Status") == "FAILED") {
      std::string reason = TextAt(result, "StatusReason");
      client.Call("DeleteChangeSet", {{"ChangeSetName", cs_id}});
      if (reason.find("didn't contain changes") != std::string::npos) {
        fmt::print(out, "No changes to deploy. Stack {} is up to date.\n", name);
        PrintOutputs(existing, out);
        return 0;
      }
      fmt::print(err, "terrarium: change set for stack {} failed: {}\n", name, reason);
      return 1;
    }
    fmt::print(out, "Stack {} ({}): change set {}\n", name, create ? "create" : "update",
               TextAt(result, "ChangeSetName"));
    PrintChangeSet(result, out);
    if (options.dry_run) {
      client.Call("DeleteChangeSet", {{"ChangeSetName", cs_id}});
      // A dry run leaves nothing behind: not even the empty stack a CREATE change set makes.
      if (create && existing.id.empty()) client.Call("DeleteStack", {{"StackName", stack_id}});
      fmt::print(out, "Dry run: nothing was changed.\n");
      return 0;
    }

    std::set<std::string> seen = ExistingEvents(client, stack_id);
    client.Call("ExecuteChangeSet", {{"ChangeSetName", cs_id}});
    StackState final_state = Follow(client, stack_id, seen, options, out);
    if (final_state.status == "CREATE_COMPLETE" || final_state.status == "UPDATE_COMPLETE") {
      fmt::print(out, "Stack {}: {}\n", name, final_state.status);
      PrintOutputs(final_state, out);
      return 0;
    }
    fmt::print(err, "terrarium: stack {} failed: {}{}\n", name, final_state.status,
               final_state.reason.empty() ? "" : ": " + final_state.reason);
    return 1;
  } catch (const InputError& e) {
    fmt::print(err, "terrarium: {}\n", e.what());
    return 2;
  } catch (const QueryError& e) {
    fmt::print(err, "terrarium: {}{}\n", e.code.empty() ? "" : e.code + ": ", e.what());
    // No emulator to talk to is a usage problem (2); an answer refusing the request is 1.
    return e.code == "ConnectionError" || e.code == "InvalidEndpoint" ? 2 : 1;
  }
}

}  // namespace terrarium::app
