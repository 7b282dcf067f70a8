#include "importers/terraform/import.h"

#include <algorithm>
#include <map>
#include <set>
#include <stdexcept>

#include "importers/terraform/tfstate_reader.h"
#include "importers/terraform/type_mappings.h"

namespace terrarium::importers {
namespace {

using nlohmann::json;

std::string Text(const json& attrs, const char* key) {
  auto it = attrs.find(key);
  return it != attrs.end() && it->is_string() ? it->get<std::string>() : std::string();
}

// The value to put where a state value names an imported resource.
json RefTo(const std::string& logical_id) { return {{"Ref", logical_id}}; }
json AttributeOf(const std::string& logical_id, const char* attribute) {
  return {{"Fn::GetAtt", json::array({logical_id, attribute})}};
}

// What identifies each imported resource in other resources' attributes.
struct Identifiers {
  std::map<std::string, std::pair<std::string, json>> arns_and_urls;  // value -> (owner, intrinsic)
  std::map<std::string, std::pair<std::string, json>> names;          // type:name -> (owner, Ref)

  void AddArnOrUrl(const std::string& value, const std::string& owner, json intrinsic) {
    if (!value.empty()) arns_and_urls.emplace(value, std::pair{owner, std::move(intrinsic)});
  }
  void AddName(const char* kind, const std::string& name, const std::string& owner) {
    if (!name.empty())
      names.emplace(std::string(kind) + ":" + name, std::pair{owner, RefTo(owner)});
  }
};

void CollectIdentifiers(const TfInstance& tf, Identifiers& ids) {
  const std::string& id = tf.address;
  const json& a = tf.attributes;
  if (tf.type == "aws_sqs_queue") {
    ids.AddArnOrUrl(Text(a, "url").empty() ? Text(a, "id") : Text(a, "url"), id, RefTo(id));
    ids.AddArnOrUrl(Text(a, "arn"), id, AttributeOf(id, "Arn"));
  } else if (tf.type == "aws_s3_bucket") {
    ids.AddArnOrUrl(Text(a, "arn"), id, AttributeOf(id, "Arn"));
    ids.AddName("bucket", Text(a, "bucket"), id);
  } else if (tf.type == "aws_dynamodb_table") {
    ids.AddArnOrUrl(Text(a, "arn"), id, AttributeOf(id, "Arn"));
    ids.AddArnOrUrl(Text(a, "stream_arn"), id, AttributeOf(id, "StreamArn"));
  } else if (tf.type == "aws_iam_role") {
    ids.AddArnOrUrl(Text(a, "arn"), id, AttributeOf(id, "Arn"));
    ids.AddName("role", Text(a, "name"), id);
  } else if (tf.type == "aws_iam_policy") {
    ids.AddArnOrUrl(Text(a, "arn"), id, RefTo(id));
  } else if (tf.type == "aws_lambda_function") {
    ids.AddArnOrUrl(Text(a, "arn"), id, AttributeOf(id, "Arn"));
    ids.AddName("function", Text(a, "function_name"), id);
  }
}

// Replaces every string that is another imported resource's ARN or URL with its intrinsic.
void SubstituteArns(json& value, const std::string& self, const Identifiers& ids) {
  if (value.is_string()) {
    auto it = ids.arns_and_urls.find(value.get<std::string>());
    if (it != ids.arns_and_urls.end() && it->second.first != self) value = it->second.second;
  } else if (value.is_array() || value.is_object()) {
    for (auto& item : value) SubstituteArns(item, self, ids);
  }
}

// Properties that take a resource's name (not its ARN), and which kind of name.
void SubstituteNames(const std::string& cfn_type, json& props, const Identifiers& ids) {
  static const std::map<std::string, std::pair<const char*, const char*>> kNameProperties = {
      {"AWS::S3::BucketPolicy", {"Bucket", "bucket"}},
      {"Terrarium::S3::Object", {"Bucket", "bucket"}},
      {"AWS::IAM::RolePolicy", {"RoleName", "role"}},
      {"AWS::Lambda::Permission", {"FunctionName", "function"}},
      {"AWS::Lambda::EventSourceMapping", {"FunctionName", "function"}},
      {"AWS::Lambda::Alias", {"FunctionName", "function"}},
  };
  auto rule = kNameProperties.find(cfn_type);
  if (rule == kNameProperties.end()) return;
  auto [property, kind] = rule->second;
  if (!props.contains(property) || !props[property].is_string()) return;
  auto it = ids.names.find(std::string(kind) + ":" + props[property].get<std::string>());
  if (it != ids.names.end()) props[property] = it->second.second;
}

void CollectReferences(const json& value, std::set<std::string>& out) {
  if (value.is_object()) {
    if (value.size() == 1 && value.contains("Ref") && value["Ref"].is_string()) {
      out.insert(value["Ref"].get<std::string>());
      return;
    }
    if (value.size() == 1 && value.contains("Fn::GetAtt") && value["Fn::GetAtt"].is_array()) {
      out.insert(value["Fn::GetAtt"][0].get<std::string>());
      return;
    }
  }
  if (value.is_array() || value.is_object()) {
    for (const auto& item : value) CollectReferences(item, out);
  }
}

template <typename Key>
std::string MostCommon(const std::map<Key, int>& counts, const std::string& fallback) {
  auto best = std::max_element(counts.begin(), counts.end(),
                               [](const auto& a, const auto& b) { return a.second < b.second; });
  return best == counts.end() ? fallback : best->first;
}

Scope StateScope(const std::vector<TfInstance>& instances, const Scope& fallback) {
  std::map<std::string, int> accounts, regions;
  for (const auto& tf : instances) {
    Scope scope = ScopeOfArn(Text(tf.attributes, "arn"));
    if (!scope.account.empty()) ++accounts[scope.account];
    std::string region = scope.region.empty() ? Text(tf.attributes, "region") : scope.region;
    if (!region.empty()) ++regions[region];
  }
  return {MostCommon(accounts, fallback.account), MostCommon(regions, fallback.region)};
}

Scope InstanceScope(const TfInstance& tf, const Scope& state) {
  Scope scope = ScopeOfArn(Text(tf.attributes, "arn"));
  if (scope.account.empty()) scope.account = state.account;
  if (scope.region.empty()) scope.region = Text(tf.attributes, "region");
  if (scope.region.empty()) scope.region = state.region;
  return scope;
}

}  // namespace

Scope ScopeOfArn(std::string_view arn) {
  // arn:partition:service:region:account:resource
  std::vector<std::string_view> parts;
  std::size_t start = 0;
  for (int i = 0; i < 5; ++i) {
    std::size_t colon = arn.find(':', start);
    if (colon == std::string_view::npos) return {"", ""};
    parts.push_back(arn.substr(start, colon - start));
    start = colon + 1;
  }
  if (parts[0] != "arn") return {"", ""};
  return {std::string(parts[4]), std::string(parts[3])};
}

iac::ResourceGraph TerraformImport::Graph() const {
  std::vector<iac::ResourceNode> nodes;
  for (const auto& resource : resources) nodes.push_back(resource.node);
  return iac::ResourceGraph::FromNodes(std::move(nodes));
}

iac::Template TerraformImport::AsTemplate() const {
  iac::Template t;
  t.description = "Imported from Terraform state";
  for (const auto& resource : resources) {
    iac::ResourceDecl decl;
    decl.logical_id = resource.node.logical_id;
    decl.type = resource.node.type;
    decl.properties = resource.node.properties;
    decl.depends_on.assign(resource.node.dependencies.begin(), resource.node.dependencies.end());
    t.resources.emplace(decl.logical_id, std::move(decl));
  }
  return t;
}

std::vector<iac::DeclaredResource> DeclaredForDrift(const TerraformImport& imported) {
  std::vector<iac::DeclaredResource> out;
  for (const auto& resource : imported.resources) {
    out.push_back({resource.node.logical_id, resource.node.type, resource.terraform_id,
                   resource.literal_properties, resource.scope});
  }
  return out;
}

const ImportedResource* TerraformImport::Find(std::string_view logical_id) const {
  for (const auto& resource : resources) {
    if (resource.node.logical_id == logical_id) return &resource;
  }
  return nullptr;
}

namespace {

TerraformImport ImportInstances(std::string_view body, const tf::SideFiles& files,
                                const Scope& fallback) {
  std::vector<TfInstance> instances = ReadTerraformState(body);
  std::sort(instances.begin(), instances.end(),
            [](const TfInstance& a, const TfInstance& b) { return a.address < b.address; });
  TerraformImport result;
  result.scope = StateScope(instances, fallback);

  // Resources of their own first, so companions find the bucket or role they configure.
  std::map<std::string, std::size_t> by_address;
  std::map<std::string, std::vector<std::string>> instances_of;  // resource address -> instances
  Identifiers ids;
  for (const auto& tf : instances) {
    const tf::TypeMapping* mapping = tf::FindTypeMapping(tf.type);
    if (mapping == nullptr) continue;
    tf::Mapped mapped = tf::MapInstance(*mapping, tf.attributes, files);
    ImportedResource resource;
    resource.node.logical_id = tf.address;
    resource.node.type = mapped.cfn_type;
    resource.node.properties = std::move(mapped.properties);
    resource.scope = InstanceScope(tf, result.scope);
    resource.notes = std::move(mapped.notes);
    resource.terraform_id = mapped.physical_id;
    resource.cannot_create = std::move(mapped.cannot_create);
    by_address[tf.address] = result.resources.size();
    instances_of[ResourceAddressOf(tf)].push_back(tf.address);
    result.resources.push_back(std::move(resource));
    CollectIdentifiers(tf, ids);
  }

  std::map<std::string, std::string> owner_of;  // companion address -> the resource it joined
  for (const auto& tf : instances) {
    if (by_address.contains(tf.address)) continue;
    auto merge = tf::FindBucketCompanion(tf.type);
    bool attachment = tf.type == "aws_iam_role_policy_attachment";
    if (merge == nullptr && !attachment) {
      result.skipped.push_back(
          {tf.address, tf.type, "resource type " + tf.type + " is not supported by the importer"});
      continue;
    }
    const char* kind = attachment ? "role" : "bucket";
    std::string target = Text(tf.attributes, attachment ? "role" : "bucket");
    auto owner = ids.names.find(std::string(kind) + ":" + target);
    if (owner == ids.names.end()) {
      result.skipped.push_back(
          {tf.address, tf.type,
           std::string("the ") + kind + " " + target + " it configures is not in the state"});
      continue;
    }
    ImportedResource& into = result.resources[by_address[owner->second.first]];
    if (attachment) {
      json& arns = into.node.properties["ManagedPolicyArns"];
      if (!arns.is_array()) arns = json::array();
      arns.push_back(tf.attributes.value("policy_arn", json()));
    } else {
      merge(tf.attributes, into.node.properties);
    }
    into.merged.push_back(tf.address);
    owner_of[tf.address] = into.node.logical_id;
    instances_of[ResourceAddressOf(tf)].push_back(tf.address);
  }

  for (const auto& tf : instances) {
    auto found = by_address.find(tf.address);
    if (found == by_address.end()) continue;
    ImportedResource& imported = result.resources[found->second];
    imported.literal_properties = imported.node.properties;
    if (imported.terraform_id.empty()) imported.terraform_id = Text(tf.attributes, "id");
    if (!Text(tf.attributes, "arn").empty())
      imported.state_attributes["Arn"] = tf.attributes["arn"];
    if (!Text(tf.attributes, "stream_arn").empty()) {
      imported.state_attributes["StreamArn"] = tf.attributes["stream_arn"];
    }
    iac::ResourceNode& node = imported.node;
    SubstituteArns(node.properties, node.logical_id, ids);
    SubstituteNames(node.type, node.properties, ids);
    CollectReferences(node.properties, node.dependencies);
    for (const auto& dependency : tf.depends_on) {
      node.depends_on.push_back(dependency);
      for (const auto& instance : instances_of[dependency]) {
        auto owner = owner_of.find(instance);
        node.dependencies.insert(owner == owner_of.end() ? instance : owner->second);
      }
    }
    node.dependencies.erase(node.logical_id);
    std::erase_if(node.dependencies, [&](const std::string& d) { return !by_address.contains(d); });
  }
  return result;
}

}  // namespace

TerraformImport ImportTerraformState(std::string_view body, const tf::SideFiles& files,
                                     const Scope& fallback) {
  try {
    return ImportInstances(body, files, fallback);
  } catch (const nlohmann::json::exception& e) {
    // An attribute of the wrong type (a string where the mapping reads a number): the state
    // is malformed, which the reader's contract reports as invalid_argument.
    throw std::invalid_argument(std::string("malformed Terraform state attributes: ") + e.what());
  }
}

}  // namespace terrarium::importers
