#include "importers/terraform/tfstate_reader.h"

#include <stdexcept>

namespace terrarium::importers {
namespace {

using nlohmann::json;

std::string IndexSuffix(const json& key) {
  if (key.is_null()) return "";
  if (key.is_string()) return "[" + json(key).dump() + "]";
  return "[" + key.dump() + "]";
}

std::string Qualified(const std::string& module, const std::string& local) {
  return module.empty() ? local : module + "." + local;
}

std::vector<std::string> StringList(const json& value, const std::string& where) {
  std::vector<std::string> out;
  if (value.is_null()) return out;
  if (!value.is_array()) throw std::invalid_argument(where + ": expected a list of addresses");
  for (const auto& item : value) {
    if (!item.is_string()) throw std::invalid_argument(where + ": expected a list of addresses");
    out.push_back(item.get<std::string>());
  }
  return out;
}

const json& Required(const json& object, const char* key, const std::string& where) {
  auto it = object.find(key);
  if (it == object.end() || !it->is_string()) {
    throw std::invalid_argument(where + ": missing \"" + key + "\"");
  }
  return *it;
}

// Format version 4: {"version": 4, "resources": [{"module", "mode", "type", "name",
// "instances": [{"index_key", "attributes", "dependencies"}]}]}.
void ReadStateV4(const json& state, std::vector<TfInstance>& out) {
  const auto& resources = state.value("resources", json::array());
  if (!resources.is_array()) throw std::invalid_argument("state: \"resources\" is not a list");
  for (std::size_t i = 0; i < resources.size(); ++i) {
    const json& resource = resources[i];
    std::string where = "state: resources[" + std::to_string(i) + "]";
    if (!resource.is_object()) throw std::invalid_argument(where + ": not an object");
    if (resource.value("mode", "managed") != "managed") continue;
    std::string module = resource.value("module", "");
    std::string type = Required(resource, "type", where).get<std::string>();
    std::string name = Required(resource, "name", where).get<std::string>();
    const auto& instances = resource.value("instances", json::array());
    if (!instances.is_array()) throw std::invalid_argument(where + ": \"instances\" is not a list");
    for (const auto& instance : instances) {
      if (!instance.is_object())
        throw std::invalid_argument(where + ": an instance is not an object");
      TfInstance tf;
      tf.module = module;
      tf.type = type;
      tf.name = name;
      tf.index_key = instance.value("index_key", json());
      tf.address = Qualified(module, type + "." + name) + IndexSuffix(tf.index_key);
      tf.attributes = instance.value("attributes", json::object());
      tf.depends_on = StringList(instance.value("dependencies", json()), where);
      out.push_back(std::move(tf));
    }
  }
}

// `terraform show -json`: {"values": {"root_module": {"resources": [...], "child_modules":
// [{"address": "module.app", "resources": [...], "child_modules": [...]}]}}}.
void ReadShowModule(const json& module, std::vector<TfInstance>& out) {
  std::string module_address = module.value("address", "");
  for (const auto& resource : module.value("resources", json::array())) {
    std::string where = "state: " + resource.value("address", std::string("a resource"));
    if (resource.value("mode", "managed") != "managed") continue;
    TfInstance tf;
    tf.module = module_address;
    tf.type = Required(resource, "type", where).get<std::string>();
    tf.name = Required(resource, "name", where).get<std::string>();
    tf.index_key = resource.value("index", json());
    tf.address = resource.value(
        "address", Qualified(module_address, tf.type + "." + tf.name) + IndexSuffix(tf.index_key));
    tf.attributes = resource.value("values", json::object());
    tf.depends_on = StringList(resource.value("depends_on", json()), where);
    out.push_back(std::move(tf));
  }
  for (const auto& child : module.value("child_modules", json::array())) ReadShowModule(child, out);
}

std::vector<TfInstance> ReadParsedState(const json& state) {
  if (state.is_discarded() || !state.is_object()) {
    throw std::invalid_argument(
        "state: not a JSON object (expected terraform.tfstate or the "
        "output of terraform show -json)");
  }
  std::vector<TfInstance> out;
  if (state.contains("format_version")) {
    if (state.contains("values") && state["values"].is_object() &&
        state["values"].contains("root_module")) {
      ReadShowModule(state["values"]["root_module"], out);
    }
    return out;
  }
  if (!state.contains("version")) {
    throw std::invalid_argument(
        "state: no \"version\" (expected terraform.tfstate or the output "
        "of terraform show -json)");
  }
  if (state["version"] != 4) {
    throw std::invalid_argument("state: version " + state["version"].dump() +
                                " is not supported (Terraform 0.12 and later write version 4)");
  }
  ReadStateV4(state, out);
  return out;
}

}  // namespace

std::vector<TfInstance> ReadTerraformState(std::string_view body) {
  json state = json::parse(body, nullptr, false);
  try {
    return ReadParsedState(state);
  } catch (const json::exception& e) {
    // A member of the wrong type ("mode": [...], a module that is not an object): nlohmann's
    // accessors throw; the caller's contract is invalid_argument for any malformed state.
    std::string reason = e.what();
    if (auto end = reason.find("] "); end != std::string::npos) reason.erase(0, end + 2);
    throw std::invalid_argument("state: a member has the wrong type (" + reason + ")");
  }
}

std::string ResourceAddressOf(const TfInstance& instance) {
  return Qualified(instance.module, instance.type + "." + instance.name);
}

}  // namespace terrarium::importers
