// The declared-resource graph: one node per resource whose Condition holds, in CloudFormation
// vocabulary, with edges to the resources it needs first (Ref, Fn::GetAtt, Fn::Sub, DependsOn).
// CloudFormation templates and Terraform state both become one of these.
#pragma once

#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "iac/conditions.h"
#include "iac/template.h"

namespace terrarium::iac {

struct ResourceNode {
  std::string logical_id;
  std::string type;
  nlohmann::json properties = nlohmann::json::object();  // as declared, intrinsics unevaluated
  std::vector<std::string> depends_on;                   // as declared
  std::optional<std::string> condition;
  std::string deletion_policy = "Delete";
  std::string update_replace_policy = "Delete";
  nlohmann::json metadata;
  std::set<std::string> dependencies;  // resources to create first: explicit and implicit
};

// A name a value refers to, and where.
struct Reference {
  std::string name;        // a resource, parameter or pseudo parameter
  std::string pointer;     // JSON pointer of the intrinsic
  bool attribute = false;  // from Fn::GetAtt or "${Res.Attr}": `name` must be a resource
};

// The references `value` makes. With `conditions`, Fn::If follows only the branch its condition
// chooses (as CloudFormation does, so the other may name a resource that does not exist).
std::vector<Reference> ReferencesIn(const nlohmann::json& value, const std::string& pointer,
                                    const ConditionLookup* conditions);

class ResourceGraph {
 public:
  // The resources of `t` whose conditions hold, with their dependencies; Outputs are checked
  // too. Throws TemplateError: "Template format error: Unresolved resource dependencies [X] in
  // the Resources block of the template", "Template error: instance of Fn::GetAtt references
  // undefined resource X", unresolved conditions.
  static ResourceGraph Build(const Template& t, const ConditionValues& conditions);

  // A graph from nodes made elsewhere (the Terraform importer); dependencies must name nodes.
  static ResourceGraph FromNodes(std::vector<ResourceNode> nodes);

  const std::map<std::string, ResourceNode, std::less<>>& nodes() const { return nodes_; }
  const ResourceNode* Find(std::string_view logical_id) const;

  // Creation order in levels: every resource's dependencies are in earlier levels, so the
  // resources of one level can be created concurrently; each level is sorted by name. Deletion
  // runs the levels backwards. Throws TemplateError "Circular dependency between resources:
  // [A, B]" naming the members of every cycle.
  std::vector<std::vector<std::string>> Levels() const;

 private:
  std::map<std::string, ResourceNode, std::less<>> nodes_;
};

}  // namespace terrarium::iac
