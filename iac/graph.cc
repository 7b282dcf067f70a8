#include "iac/graph.h"

#include <algorithm>
#include <functional>

#include "iac/intrinsics.h"
#include "iac/parameters.h"
#include "iac/pseudo_parameters.h"

namespace terrarium::iac {
namespace {

using nlohmann::json;

void SubReferences(const json& args, const std::string& pointer, std::vector<Reference>& out) {
  std::string text;
  json variables = json::object();
  if (args.is_string()) {
    text = args.get<std::string>();
  } else if (args.is_array() && !args.empty() && args[0].is_string()) {
    text = args[0].get<std::string>();
    if (args.size() > 1 && args[1].is_object()) variables = args[1];
  } else {
    return;  // the evaluator reports the malformed call
  }
  std::size_t pos = 0;
  while (true) {
    std::size_t open = text.find("${", pos);
    if (open == std::string::npos) break;
    std::size_t close = text.find('}', open + 2);
    if (close == std::string::npos) break;
    std::string name = text.substr(open + 2, close - open - 2);
    pos = close + 1;
    if (name.empty() || name[0] == '!' || variables.contains(name)) continue;
    auto dot = name.find('.');
    if (dot != std::string::npos && !IsPseudoParameter(name)) {
      out.push_back({name.substr(0, dot), pointer, true});
    } else {
      out.push_back({name, pointer, false});
    }
  }
}

void Collect(const json& value, const std::string& pointer, const ConditionLookup* conditions,
             std::vector<Reference>& out) {
  if (value.is_array()) {
    for (std::size_t i = 0; i < value.size(); ++i) {
      Collect(value[i], PointerChild(pointer, std::to_string(i)), conditions, out);
    }
    return;
  }
  if (!value.is_object()) return;
  if (IsIntrinsicCall(value)) {
    const std::string& key = value.begin().key();
    const json& args = value.begin().value();
    const std::string at = PointerChild(pointer, key);
    if (key == "Ref" && args.is_string()) {
      out.push_back({args.get<std::string>(), at, false});
      return;
    }
    if (key == "Fn::GetAtt") {
      if (args.is_array() && !args.empty() && args[0].is_string()) {
        out.push_back({args[0].get<std::string>(), at, true});
      } else if (args.is_string()) {
        const std::string s = args.get<std::string>();
        out.push_back({s.substr(0, s.find('.')), at, true});
      }
      if (args.is_array() && args.size() > 1)
        Collect(args[1], PointerChild(at, "1"), conditions, out);
      return;
    }
    if (key == "Fn::Sub") {
      SubReferences(args, at, out);
      if (args.is_array() && args.size() > 1)
        Collect(args[1], PointerChild(at, "1"), conditions, out);
      return;
    }
    if (key == "Fn::If" && conditions != nullptr && args.is_array() && args.size() == 3 &&
        args[0].is_string()) {
      bool chosen = (*conditions)(args[0].get<std::string>(), PointerChild(at, "0"));
      const std::size_t branch = chosen ? 1 : 2;
      Collect(args[branch], PointerChild(at, std::to_string(branch)), conditions, out);
      return;
    }
  }
  for (const auto& [key, child] : value.items()) {
    Collect(child, PointerChild(pointer, key), conditions, out);
  }
}

// Members of every cycle among `remaining` (Tarjan's strongly connected components).
std::vector<std::string> CycleMembers(const std::map<std::string, ResourceNode, std::less<>>& nodes,
                                      const std::set<std::string>& remaining) {
  std::map<std::string, int> index;
  std::map<std::string, int> low;
  std::vector<std::string> stack;
  std::set<std::string> on_stack;
  std::vector<std::string> members;
  int counter = 0;
  std::function<void(const std::string&)> visit = [&](const std::string& v) {
    index[v] = low[v] = counter++;
    stack.push_back(v);
    on_stack.insert(v);
    for (const auto& w : nodes.find(v)->second.dependencies) {
      if (!remaining.contains(w)) continue;
      if (!index.contains(w)) {
        visit(w);
        low[v] = std::min(low[v], low[w]);
      } else if (on_stack.contains(w)) {
        low[v] = std::min(low[v], index[w]);
      }
    }
    if (low[v] != index[v]) return;
    std::vector<std::string> component;
    std::string w;
    do {
      w = stack.back();
      stack.pop_back();
      on_stack.erase(w);
      component.push_back(w);
    } while (w != v);
    bool self_loop = nodes.find(v)->second.dependencies.contains(v);
    if (component.size() > 1 || self_loop) {
      members.insert(members.end(), component.begin(), component.end());
    }
  };
  for (const auto& v : remaining) {
    if (!index.contains(v)) visit(v);
  }
  std::sort(members.begin(), members.end());
  return members;
}

}  // namespace

std::vector<Reference> ReferencesIn(const json& value, const std::string& pointer,
                                    const ConditionLookup* conditions) {
  std::vector<Reference> out;
  Collect(value, pointer, conditions, out);
  return out;
}

ResourceGraph ResourceGraph::Build(const Template& t, const ConditionValues& conditions) {
  ConditionLookup lookup = LookupIn(t, conditions);
  auto included = [&](const std::string& id, const std::string& pointer) {
    const ResourceDecl* r = t.FindResource(id);
    return r != nullptr && (!r->condition || lookup(*r->condition, pointer));
  };
  // Checks one reference made from `block` ("Resources" or "Outputs") and returns the resource
  // it needs, or "" for a parameter or pseudo parameter.
  auto check = [&](const Reference& ref, const std::string& block) -> std::string {
    if (ref.attribute && t.FindResource(ref.name) == nullptr) {
      throw t.ErrorAt(
          "Template error: instance of Fn::GetAtt references undefined resource " + ref.name,
          ref.pointer);
    }
    if (!ref.attribute && (IsPseudoParameter(ref.name) || t.FindParameter(ref.name) != nullptr)) {
      return "";
    }
    if (!included(ref.name, ref.pointer)) {
      throw t.ErrorAt("Template format error: Unresolved resource dependencies [" + ref.name +
                          "] in the " + block + " block of the template",
                      ref.pointer);
    }
    return ref.name;
  };

  ResourceGraph graph;
  for (const auto& [id, decl] : t.resources) {
    const std::string pointer = PointerChild("/Resources", id);
    if (decl.condition && !lookup(*decl.condition, PointerChild(pointer, "Condition"))) continue;
    ResourceNode node;
    node.logical_id = id;
    node.type = decl.type;
    node.properties = decl.properties;
    node.depends_on = decl.depends_on;
    node.condition = decl.condition;
    node.deletion_policy = decl.deletion_policy;
    node.update_replace_policy = decl.update_replace_policy;
    node.metadata = decl.metadata;
    for (const auto& name : decl.depends_on) {
      if (!included(name, pointer)) {
        throw t.ErrorAt("Template format error: Unresolved resource dependencies [" + name +
                            "] in the Resources block of the template",
                        PointerChild(pointer, "DependsOn"));
      }
      node.dependencies.insert(name);
    }
    for (const auto& ref :
         ReferencesIn(decl.properties, PointerChild(pointer, "Properties"), &lookup)) {
      std::string needed = check(ref, "Resources");
      if (!needed.empty()) node.dependencies.insert(needed);
    }
    graph.nodes_.emplace(id, std::move(node));
  }
  for (const auto& output : t.outputs) {
    const std::string pointer = PointerChild("/Outputs", output.name);
    if (output.condition && !lookup(*output.condition, PointerChild(pointer, "Condition"))) {
      continue;
    }
    for (const auto& ref : ReferencesIn(output.value, PointerChild(pointer, "Value"), &lookup)) {
      check(ref, "Outputs");
    }
    if (output.export_name) {
      for (const auto& ref :
           ReferencesIn(*output.export_name, PointerChild(pointer, "Export"), &lookup)) {
        check(ref, "Outputs");
      }
    }
  }
  return graph;
}

ResourceGraph ResourceGraph::FromNodes(std::vector<ResourceNode> nodes) {
  ResourceGraph graph;
  for (auto& node : nodes) {
    std::string id = node.logical_id;
    graph.nodes_.emplace(std::move(id), std::move(node));
  }
  return graph;
}

const ResourceNode* ResourceGraph::Find(std::string_view logical_id) const {
  auto it = nodes_.find(logical_id);
  return it == nodes_.end() ? nullptr : &it->second;
}

std::vector<std::vector<std::string>> ResourceGraph::Levels() const {
  std::vector<std::vector<std::string>> levels;
  std::set<std::string> done;
  std::set<std::string> remaining;
  for (const auto& [id, node] : nodes_) remaining.insert(id);
  while (!remaining.empty()) {
    std::vector<std::string> level;
    for (const auto& id : remaining) {
      const auto& deps = nodes_.find(id)->second.dependencies;
      bool ready = std::all_of(deps.begin(), deps.end(), [&](const std::string& d) {
        return done.contains(d) || !nodes_.contains(d);
      });
      if (ready) level.push_back(id);
    }
    if (level.empty()) {
      throw TemplateError("Circular dependency between resources: [" +
                          JoinNames(CycleMembers(nodes_, remaining)) + "]");
    }
    for (const auto& id : level) {
      remaining.erase(id);
      done.insert(id);
    }
    levels.push_back(std::move(level));
  }
  return levels;
}

}  // namespace terrarium::iac
