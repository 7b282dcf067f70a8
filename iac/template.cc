#include "iac/template.h"

#include <algorithm>
#include <set>

namespace terrarium::iac {
namespace {

using nlohmann::json;

const std::set<std::string, std::less<>> kSections = {"AWSTemplateFormatVersion",
                                                      "Description",
                                                      "Metadata",
                                                      "Parameters",
                                                      "Rules",
                                                      "Mappings",
                                                      "Conditions",
                                                      "Transform",
                                                      "Resources",
                                                      "Outputs",
                                                      "Hooks"};

const std::set<std::string, std::less<>> kResourceKeys = {"Type",           "Properties",
                                                          "DependsOn",      "Condition",
                                                          "DeletionPolicy", "UpdateReplacePolicy",
                                                          "Metadata",       "CreationPolicy",
                                                          "UpdatePolicy",   "Version"};

const std::set<std::string, std::less<>> kDeletionPolicies = {"Delete", "Retain", "Snapshot",
                                                              "RetainExceptOnCreate"};

std::optional<double> NumberField(const Template& t, const json& decl, const char* field,
                                  const std::string& pointer) {
  if (!decl.contains(field)) return std::nullopt;
  const json& v = decl[field];
  if (v.is_number()) return v.get<double>();
  if (v.is_string()) {
    try {
      std::size_t used = 0;
      double d = std::stod(v.get<std::string>(), &used);
      if (used == v.get<std::string>().size()) return d;
    } catch (const std::exception&) {
    }
  }
  throw t.ErrorAt(std::string("Template format error: Every ") + field + " member must be a number",
                  PointerChild(pointer, field));
}

void ParseParameters(Template& t, const json& section) {
  if (!section.is_object()) {
    throw t.ErrorAt("Template format error: Parameters must be a JSON object", "/Parameters");
  }
  for (const auto& [name, decl] : section.items()) {
    std::string pointer = PointerChild("/Parameters", name);
    if (!IsAlphanumeric(name)) {
      throw t.ErrorAt("Template format error: Parameter name " + name + " is non alphanumeric.",
                      pointer);
    }
    if (!decl.is_object() || !decl.contains("Type") || !decl["Type"].is_string()) {
      throw t.ErrorAt("Template format error: Every Parameters object must contain a Type member.",
                      pointer);
    }
    ParameterDecl p;
    p.name = name;
    p.type = decl["Type"].get<std::string>();
    if (decl.contains("Default") && !decl["Default"].is_null()) {
      p.default_value = ScalarText(decl["Default"]);
    }
    if (decl.contains("AllowedValues")) {
      if (!decl["AllowedValues"].is_array()) {
        throw t.ErrorAt("Template format error: Every AllowedValues member must be a list.",
                        PointerChild(pointer, "AllowedValues"));
      }
      for (const auto& v : decl["AllowedValues"]) p.allowed_values.push_back(ScalarText(v));
    }
    if (decl.contains("AllowedPattern")) p.allowed_pattern = ScalarText(decl["AllowedPattern"]);
    p.min_length = NumberField(t, decl, "MinLength", pointer);
    p.max_length = NumberField(t, decl, "MaxLength", pointer);
    p.min_value = NumberField(t, decl, "MinValue", pointer);
    p.max_value = NumberField(t, decl, "MaxValue", pointer);
    if (decl.contains("NoEcho")) p.no_echo = ScalarText(decl["NoEcho"]) == "true";
    if (decl.contains("Description")) p.description = ScalarText(decl["Description"]);
    if (decl.contains("ConstraintDescription")) {
      p.constraint_description = ScalarText(decl["ConstraintDescription"]);
    }
    t.parameters.push_back(std::move(p));
  }
}

std::vector<std::string> DependsOnList(const Template& t, const json& v,
                                       const std::string& pointer) {
  std::vector<std::string> out;
  if (v.is_string()) {
    out.push_back(v.get<std::string>());
  } else if (v.is_array()) {
    for (const auto& e : v) {
      if (!e.is_string()) {
        throw t.ErrorAt("Template format error: DependsOn must be a string or list of strings.",
                        pointer);
      }
      out.push_back(e.get<std::string>());
    }
  } else {
    throw t.ErrorAt("Template format error: DependsOn must be a string or list of strings.",
                    pointer);
  }
  return out;
}

ResourceDecl ParseResource(const Template& t, const std::string& id, const json& decl) {
  std::string pointer = PointerChild("/Resources", id);
  if (!IsAlphanumeric(id)) {
    throw t.ErrorAt("Template format error: Resource name " + id + " is non alphanumeric.",
                    pointer);
  }
  if (!decl.is_object() || !decl.contains("Type")) {
    throw t.ErrorAt("Template format error: [" + pointer +
                        "] Every Resources object must contain a Type member.",
                    pointer);
  }
  for (const auto& [key, value] : decl.items()) {
    if (!kResourceKeys.contains(key)) {
      throw t.ErrorAt("Template format error: Invalid template resource property '" + key + "'",
                      PointerChild(pointer, key));
    }
  }
  ResourceDecl r;
  r.logical_id = id;
  if (!decl["Type"].is_string()) {
    throw t.ErrorAt(
        "Template format error: [" + pointer + "/Type] Every Type member must be a string.",
        PointerChild(pointer, "Type"));
  }
  r.type = decl["Type"].get<std::string>();
  if (decl.contains("Properties") && !decl["Properties"].is_null()) {
    if (!decl["Properties"].is_object()) {
      throw t.ErrorAt("Template format error: [" + pointer +
                          "/Properties] Every Properties member must be an object.",
                      PointerChild(pointer, "Properties"));
    }
    r.properties = decl["Properties"];
  }
  if (decl.contains("DependsOn")) {
    r.depends_on = DependsOnList(t, decl["DependsOn"], PointerChild(pointer, "DependsOn"));
  }
  if (decl.contains("Condition")) {
    if (!decl["Condition"].is_string()) {
      throw t.ErrorAt("Template format error: Every Condition member must be a string.",
                      PointerChild(pointer, "Condition"));
    }
    r.condition = decl["Condition"].get<std::string>();
  }
  for (const char* field : {"DeletionPolicy", "UpdateReplacePolicy"}) {
    if (!decl.contains(field)) continue;
    std::string policy = ScalarText(decl[field]);
    if (!kDeletionPolicies.contains(policy)) {
      throw t.ErrorAt("Template format error: Unrecognized " + std::string(field) + " " + policy +
                          " for resource " + id,
                      PointerChild(pointer, field));
    }
    (std::string_view(field) == "DeletionPolicy" ? r.deletion_policy : r.update_replace_policy) =
        policy;
  }
  if (decl.contains("Metadata")) r.metadata = decl["Metadata"];
  return r;
}

bool IsExportName(const json& name) {
  // Intrinsics are checked once evaluated; a literal must be non-empty.
  return name.is_object() || (name.is_string() && !name.get<std::string>().empty());
}

void ParseOutputs(Template& t, const json& section) {
  if (!section.is_object()) {
    throw t.ErrorAt("Template format error: Outputs must be a JSON object", "/Outputs");
  }
  for (const auto& [name, decl] : section.items()) {
    std::string pointer = PointerChild("/Outputs", name);
    if (!IsAlphanumeric(name)) {
      throw t.ErrorAt("Template format error: Output name " + name + " is non alphanumeric.",
                      pointer);
    }
    if (!decl.is_object() || !decl.contains("Value")) {
      throw t.ErrorAt("Template format error: Every Outputs member must contain a Value object",
                      pointer);
    }
    OutputDecl o;
    o.name = name;
    o.value = decl["Value"];
    if (decl.contains("Description")) o.description = ScalarText(decl["Description"]);
    if (decl.contains("Condition")) o.condition = ScalarText(decl["Condition"]);
    if (decl.contains("Export")) {
      const json& e = decl["Export"];
      if (!e.is_object() || !e.contains("Name") || !IsExportName(e["Name"])) {
        throw t.ErrorAt("Template format error: Output " + name +
                            " is malformed. The Name field of every Export member must be "
                            "specified and consist only of alphanumeric characters, colons, or "
                            "hyphens.",
                        PointerChild(pointer, "Export"));
      }
      o.export_name = e["Name"];
    }
    t.outputs.push_back(std::move(o));
  }
}

}  // namespace

bool IsAlphanumeric(std::string_view name) {
  if (name.empty()) return false;
  for (char c : name) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    if (!ok) return false;
  }
  return true;
}

std::string JoinNames(const std::vector<std::string>& names) {
  std::string out;
  for (const auto& n : names) out += (out.empty() ? "" : ", ") + n;
  return out;
}

std::string ScalarText(const json& value) {
  if (value.is_string()) return value.get<std::string>();
  if (value.is_boolean()) return value.get<bool>() ? "true" : "false";
  if (value.is_null()) return "";
  return value.dump();
}

const ResourceDecl* Template::FindResource(std::string_view logical_id) const {
  auto it = resources.find(logical_id);
  return it == resources.end() ? nullptr : &it->second;
}

const ParameterDecl* Template::FindParameter(std::string_view name) const {
  for (const auto& p : parameters) {
    if (p.name == name) return &p;
  }
  return nullptr;
}

TemplateError Template::ErrorAt(std::string message, const std::string& pointer) const {
  return TemplateError(std::move(message), pointer, lines.LineOf(pointer));
}

Template ParseTemplate(const json& document, SourceMap lines) {
  Template t;
  t.lines = std::move(lines);
  if (!document.is_object()) {
    throw t.ErrorAt("Template format error: At least one Resources member must be defined.", "");
  }
  std::vector<std::string> unknown;
  for (const auto& [key, value] : document.items()) {
    if (!kSections.contains(key)) unknown.push_back(key);
  }
  if (!unknown.empty()) {
    throw t.ErrorAt("Template format error: Invalid template property or properties [" +
                        JoinNames(unknown) + "]",
                    PointerChild("", unknown.front()));
  }
  if (document.contains("AWSTemplateFormatVersion") &&
      ScalarText(document["AWSTemplateFormatVersion"]) != "2010-09-09") {
    throw t.ErrorAt("Template format error: Unsupported template format version " +
                        ScalarText(document["AWSTemplateFormatVersion"]) +
                        " (the only one is 2010-09-09)",
                    "/AWSTemplateFormatVersion");
  }
  if (document.contains("Description")) {
    if (!document["Description"].is_string()) {
      throw t.ErrorAt("Template format error: Every Description member must be a string.",
                      "/Description");
    }
    t.description = document["Description"].get<std::string>();
  }
  if (document.contains("Metadata")) t.metadata = document["Metadata"];
  if (document.contains("Transform")) {
    const json& tr = document["Transform"];
    if (tr.is_array()) {
      for (const auto& e : tr) t.transforms.push_back(ScalarText(e));
    } else {
      t.transforms.push_back(ScalarText(tr));
    }
  }
  if (document.contains("Parameters")) ParseParameters(t, document["Parameters"]);
  if (document.contains("Mappings")) {
    const json& m = document["Mappings"];
    if (!m.is_object()) {
      throw t.ErrorAt("Template format error: Mappings must be a JSON object", "/Mappings");
    }
    for (const auto& [name, level1] : m.items()) {
      bool ok = level1.is_object();
      if (ok) {
        for (const auto& [key, level2] : level1.items()) ok = ok && level2.is_object();
      }
      if (!ok) {
        throw t.ErrorAt(
            "Template format error: Every Mappings member " + name + " must be a map of maps",
            PointerChild("/Mappings", name));
      }
    }
    t.mappings = m;
  }
  if (document.contains("Conditions")) {
    const json& c = document["Conditions"];
    if (!c.is_object()) {
      throw t.ErrorAt("Template format error: Conditions must be a JSON object", "/Conditions");
    }
    for (const auto& [name, body] : c.items()) t.conditions.emplace(name, body);
  }
  const json* resources = document.contains("Resources") ? &document["Resources"] : nullptr;
  if (resources == nullptr || !resources->is_object() || resources->empty()) {
    throw t.ErrorAt("Template format error: At least one Resources member must be defined.",
                    "/Resources");
  }
  std::vector<std::string> serverless;
  for (const auto& [id, decl] : resources->items()) {
    ResourceDecl r = ParseResource(t, id, decl);
    // Serverless types only exist under the SAM transform, which has expanded them by now.
    if (r.type.rfind("AWS::Serverless::", 0) == 0) serverless.push_back(r.type);
    t.resources.emplace(id, std::move(r));
  }
  if (!serverless.empty()) {
    std::sort(serverless.begin(), serverless.end());
    serverless.erase(std::unique(serverless.begin(), serverless.end()), serverless.end());
    throw t.ErrorAt(
        "Template format error: Unrecognized resource types: [" + JoinNames(serverless) + "]",
        "/Resources");
  }
  if (document.contains("Outputs")) ParseOutputs(t, document["Outputs"]);
  return t;
}

}  // namespace terrarium::iac
