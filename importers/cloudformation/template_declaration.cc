#include "importers/cloudformation/template_declaration.h"

#include <optional>
#include <set>

#include "emulator/core/aws_error.h"
#include "iac/providers/provider_support.h"
#include "iac/stack_evaluation.h"
#include "iac/template_error.h"
#include "importers/cloudformation/import.h"

namespace terrarium::importers {
namespace {

using nlohmann::json;

// Where the resources are looked for.
struct Where {
  OperationInvoker& invoker;
  Scope scope;
  std::string host;
};

// How a named resource of one type is found, and what Ref and Fn::GetAtt give for it.
struct Finder {
  std::string_view type;
  std::string_view name_property;
  // The record of the resource called `name`, or nullopt when the emulator has none.
  std::optional<iac::ResourceRecord> (*find)(const Where&, const std::string&);
};

// nullopt when `call` fails with a not-found error (any service's wording); others pass.
json Call(const Where& where, std::string_view service, std::string_view operation,
          const json& input) {
  return where.invoker.Invoke(service, operation, input, where.scope, {});
}

std::optional<json> Lookup(const Where& where, std::string_view service, std::string_view operation,
                           const json& input) {
  try {
    return Call(where, service, operation, input);
  } catch (const AwsError& e) {
    if (e.status == 404 || e.code.find("NotFound") != std::string::npos ||
        e.code.find("NoSuch") != std::string::npos ||
        e.code.find("NonExistent") != std::string::npos || e.code == "QueueDoesNotExist") {
      return std::nullopt;
    }
    throw;
  }
}

std::optional<iac::ResourceRecord> FindBucket(const Where& where, const std::string& name) {
  if (!Lookup(where, "s3", "HeadBucket", {{"Bucket", name}})) return std::nullopt;
  return iac::ResourceRecord{name, {{"Arn", "arn:aws:s3:::" + name}}};
}

std::optional<iac::ResourceRecord> FindQueue(const Where& where, const std::string& name) {
  auto url = Lookup(where, "sqs", "GetQueueUrl", {{"QueueName", name}});
  if (!url) return std::nullopt;
  std::string at = iac::providers::WithHost((*url)["QueueUrl"], where.host);
  json attributes = Call(where, "sqs", "GetQueueAttributes",
                         {{"QueueUrl", at}, {"AttributeNames", {"QueueArn"}}});
  return iac::ResourceRecord{
      at, {{"Arn", attributes["Attributes"]["QueueArn"]}, {"QueueName", name}, {"QueueUrl", at}}};
}

std::optional<iac::ResourceRecord> FindTable(const Where& where, const std::string& name) {
  auto table = Lookup(where, "dynamodb", "DescribeTable", {{"TableName", name}});
  if (!table) return std::nullopt;
  json attributes = {{"Arn", (*table)["Table"]["TableArn"]}};
  if ((*table)["Table"].contains("LatestStreamArn")) {
    attributes["StreamArn"] = (*table)["Table"]["LatestStreamArn"];
  }
  return iac::ResourceRecord{name, attributes};
}

std::optional<iac::ResourceRecord> FindRole(const Where& where, const std::string& name) {
  auto role = Lookup(where, "iam", "GetRole", {{"RoleName", name}});
  if (!role) return std::nullopt;
  return iac::ResourceRecord{
      name, {{"Arn", (*role)["Role"]["Arn"]}, {"RoleId", (*role)["Role"]["RoleId"]}}};
}

std::optional<iac::ResourceRecord> FindFunction(const Where& where, const std::string& name) {
  auto function = Lookup(where, "lambda", "GetFunctionConfiguration", {{"FunctionName", name}});
  if (!function) return std::nullopt;
  return iac::ResourceRecord{name, {{"Arn", (*function)["FunctionArn"]}}};
}

constexpr Finder kFinders[] = {
    {"AWS::S3::Bucket", "BucketName", &FindBucket},
    {"AWS::SQS::Queue", "QueueName", &FindQueue},
    {"AWS::DynamoDB::Table", "TableName", &FindTable},
    {"AWS::IAM::Role", "RoleName", &FindRole},
    {"AWS::Lambda::Function", "FunctionName", &FindFunction},
};

const Finder* FinderFor(std::string_view type) {
  for (const Finder& finder : kFinders) {
    if (finder.type == type) return &finder;
  }
  return nullptr;
}

}  // namespace

TemplateDeclaration DeclaredInTemplate(
    std::string_view body, const std::map<std::string, std::string, std::less<>>& parameters,
    const Scope& scope, const std::string& host, OperationInvoker& invoker) {
  const Where where{invoker, scope, host};
  iac::StackEvaluation evaluation(ImportCloudFormation(body), parameters,
                                  iac::StackContext{"terrarium-drift", "", scope, {}});
  iac::ResourceGraph graph = evaluation.Graph();
  iac::MapResourceState found;
  TemplateDeclaration out;
  for (const auto& level : graph.Levels()) {
    for (const auto& logical_id : level) {
      const iac::ResourceNode& node = *graph.Find(logical_id);
      const Finder* finder = FinderFor(node.type);
      if (finder == nullptr) {
        out.not_checked.push_back(
            {logical_id, node.type + " resources are found by no name: check them with --stack"});
        continue;
      }
      std::set<std::string> pending;
      json properties;
      try {
        properties = evaluation.ResolveProperties(node, found, &pending);
      } catch (const iac::TemplateError& e) {
        out.not_checked.push_back({logical_id, e.message});
        continue;
      }
      auto name = properties.find(finder->name_property);
      if (name == properties.end() || !name->is_string() ||
          pending.contains(std::string(finder->name_property))) {
        out.not_checked.push_back({logical_id, "the template does not name it (" +
                                                   std::string(finder->name_property) +
                                                   "): check it with --stack"});
        continue;
      }
      for (const auto& property : pending) properties.erase(property);
      auto record = finder->find(where, name->get<std::string>());
      if (record) found.Set(logical_id, *record);
      // DELETED is reported with the name the template gives, since no physical id exists.
      out.declared.push_back({logical_id, node.type,
                              record ? record->physical_id : name->get<std::string>(),
                              std::move(properties), scope, !record});
      for (const auto& property : pending) {
        out.not_checked.push_back(
            {logical_id + "." + property,
             "refers to a resource the emulator does not hold, so it is not compared"});
      }
    }
  }
  return out;
}

}  // namespace terrarium::importers
