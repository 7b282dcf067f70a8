#include "iac/unmanaged.h"

#include <algorithm>
#include <set>
#include <string>

namespace terrarium::iac {
namespace {

using nlohmann::json;

// How to list one type: the operation, where the names are and how to page.
struct Lister {
  const char* type;
  const char* service;
  const char* operation;
  const char* list_key;  // the output member holding the list
  const char* name_key;  // the member of each element holding the name; "" for plain strings
  const char* next_out;  // the output member with the next page's token; "" when unpaged
  const char* next_in;   // the input member taking it
};

constexpr Lister kListers[] = {
    {"AWS::SQS::Queue", "sqs", "ListQueues", "QueueUrls", "", "NextToken", "NextToken"},
    {"AWS::S3::Bucket", "s3", "ListBuckets", "Buckets", "Name", "", ""},
    {"AWS::DynamoDB::Table", "dynamodb", "ListTables", "TableNames", "", "LastEvaluatedTableName",
     "ExclusiveStartTableName"},
    {"AWS::IAM::Role", "iam", "ListRoles", "Roles", "RoleName", "Marker", "Marker"},
    {"AWS::Lambda::Function", "lambda", "ListFunctions", "Functions", "FunctionName", "NextMarker",
     "Marker"},
};

// What identifies a resource across endpoints: a queue by its URL's last segment (the host
// differs between the state and the emulator), the others by name.
std::string Identity(const std::string& type, const std::string& physical_id) {
  if (type == "AWS::SQS::Queue") return physical_id.substr(physical_id.rfind('/') + 1);
  return physical_id;
}

std::vector<std::string> ListAll(OperationInvoker& invoker, const Lister& lister,
                                 const Scope& scope) {
  std::vector<std::string> out;
  json input = json::object();
  for (int page = 0; page < 1000; ++page) {
    json output = invoker.Invoke(lister.service, lister.operation, input, scope, {});
    for (const auto& item : output.value(lister.list_key, json::array())) {
      const json& name = *lister.name_key ? item.value(lister.name_key, json()) : item;
      if (name.is_string()) out.push_back(name.get<std::string>());
    }
    if (!*lister.next_out || !output.contains(lister.next_out) ||
        !output[lister.next_out].is_string()) {
      break;
    }
    input[lister.next_in] = output[lister.next_out];
  }
  return out;
}

}  // namespace

std::vector<ResourceDrift> FindUnmanaged(OperationInvoker& invoker,
                                         const std::vector<DeclaredResource>& declared) {
  std::set<std::pair<std::string, std::string>> scopes;  // (account, region)
  std::set<std::pair<std::string, std::string>> known;   // (type, identity)
  for (const auto& resource : declared) {
    scopes.insert({resource.scope.account, resource.scope.region});
    known.insert({resource.type, Identity(resource.type, resource.physical_id)});
  }
  std::set<std::pair<std::string, std::string>> found;
  for (const auto& [account, region] : scopes) {
    for (const Lister& lister : kListers) {
      for (const auto& id : ListAll(invoker, lister, Scope{account, region})) {
        if (!known.contains({lister.type, Identity(lister.type, id)}))
          found.insert({lister.type, id});
      }
    }
  }
  std::vector<ResourceDrift> out;
  for (const auto& [type, id] : found) {
    ResourceDrift drift;
    drift.type = type;
    drift.physical_id = id;
    drift.status = DriftStatus::kUnmanaged;
    out.push_back(std::move(drift));
  }
  return out;
}

}  // namespace terrarium::iac
