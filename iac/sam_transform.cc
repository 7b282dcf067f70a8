// Parity: the SAM transform covers what a local emulator can run: functions with InlineCode or
// S3 CodeUri (a local CodeUri must be packaged first, as with CloudFormation), Policies (managed
// names/ARNs, inline documents and the SQS/DynamoDB/S3/Lambda policy templates), Events of type
// SQS, DynamoDB and S3, AutoPublishAlias, Globals.Function; and SimpleTable. Api, HttpApi,
// StateMachine, LayerVersion and events that need services Terrarium lacks are errors.
#include "iac/sam_transform.h"

#include <cstdio>
#include <string>
#include <vector>

#include "iac/source_map.h"
#include "iac/template.h"
#include "iac/template_error.h"

namespace terrarium::iac {
namespace {

using nlohmann::json;

TemplateError SamError(const std::string& id, const std::string& reason) {
  return TemplateError(
      "Transform AWS::Serverless-2016-10-31 failed with: Invalid Serverless Application "
      "Specification document. Number of errors found: 1. Resource with id [" +
          id + "] is invalid. " + reason,
      PointerChild("/Resources", id));
}

json Sub(const std::string& text) { return json{{"Fn::Sub", text}}; }
json Ref(const std::string& id) { return json{{"Ref", id}}; }
json GetAtt(const std::string& id, const std::string& attribute) {
  return json{{"Fn::GetAtt", json::array({id, attribute})}};
}

json ManagedPolicyArn(const std::string& name) {
  return Sub("arn:${AWS::Partition}:iam::aws:policy/" + name);
}

// Objects merge key by key (the resource wins); anything else the resource's value replaces.
json MergeGlobals(const json& globals, const json& own) {
  if (!globals.is_object() || !own.is_object()) return own;
  json out = globals;
  for (const auto& [key, value] : own.items()) {
    out[key] = out.contains(key) ? MergeGlobals(out[key], value) : value;
  }
  return out;
}

// SAM's map form of tags -> CloudFormation's list of {Key, Value}, with SAM's own tag first.
json TagList(const json& tags, bool sam_tag) {
  json out = json::array();
  if (sam_tag) out.push_back({{"Key", "lambda:createdBy"}, {"Value", "SAM"}});
  if (tags.is_object()) {
    for (const auto& [key, value] : tags.items()) out.push_back({{"Key", key}, {"Value", value}});
  }
  return out;
}

json Statement(std::vector<std::string> actions, json resources) {
  return {{"Effect", "Allow"}, {"Action", actions}, {"Resource", std::move(resources)}};
}

// One SAM policy template, e.g. {"SQSPollerPolicy": {"QueueName": ...}} -> a policy document.
json PolicyTemplate(const std::string& id, const std::string& name, const json& args) {
  auto arg = [&](const char* key) {
    if (!args.is_object() || !args.contains(key)) {
      throw SamError(id, "Policy template " + name + " requires parameter " + key + ".");
    }
    return args[key];
  };
  auto arn = [](const std::string& pattern, const char* var, const json& value) {
    return json{{"Fn::Sub", json::array({pattern, json{{var, value}}})}};
  };
  json statement;
  if (name == "SQSPollerPolicy" || name == "SQSSendMessagePolicy") {
    json queue = arn("arn:${AWS::Partition}:sqs:${AWS::Region}:${AWS::AccountId}:${queueName}",
                     "queueName", arg("QueueName"));
    statement = name == "SQSPollerPolicy"
                    ? Statement({"sqs:ChangeMessageVisibility", "sqs:ChangeMessageVisibilityBatch",
                                 "sqs:DeleteMessage", "sqs:DeleteMessageBatch",
                                 "sqs:GetQueueAttributes", "sqs:ReceiveMessage"},
                                queue)
                    : Statement({"sqs:SendMessage*"}, queue);
  } else if (name == "DynamoDBCrudPolicy" || name == "DynamoDBReadPolicy") {
    const std::string table =
        "arn:${AWS::Partition}:dynamodb:${AWS::Region}:${AWS::AccountId}:table/${tableName}";
    json resources = json::array({arn(table, "tableName", arg("TableName")),
                                  arn(table + "/index/*", "tableName", arg("TableName"))});
    statement = name == "DynamoDBCrudPolicy"
                    ? Statement({"dynamodb:GetItem", "dynamodb:DeleteItem", "dynamodb:PutItem",
                                 "dynamodb:Scan", "dynamodb:Query", "dynamodb:UpdateItem",
                                 "dynamodb:BatchWriteItem", "dynamodb:BatchGetItem",
                                 "dynamodb:DescribeTable", "dynamodb:ConditionCheckItem"},
                                resources)
                    : Statement({"dynamodb:GetItem", "dynamodb:Scan", "dynamodb:Query",
                                 "dynamodb:BatchGetItem", "dynamodb:DescribeTable"},
                                resources);
  } else if (name == "S3ReadPolicy" || name == "S3CrudPolicy") {
    json resources = json::array(
        {arn("arn:${AWS::Partition}:s3:::${bucketName}", "bucketName", arg("BucketName")),
         arn("arn:${AWS::Partition}:s3:::${bucketName}/*", "bucketName", arg("BucketName"))});
    std::vector<std::string> actions = {"s3:GetObject", "s3:ListBucket", "s3:GetBucketLocation",
                                        "s3:GetObjectVersion", "s3:GetLifecycleConfiguration"};
    if (name == "S3CrudPolicy") {
      actions.insert(actions.end(), {"s3:PutObject", "s3:PutObjectAcl",
                                     "s3:PutLifecycleConfiguration", "s3:DeleteObject"});
    }
    statement = Statement(actions, resources);
  } else if (name == "LambdaInvokePolicy") {
    statement =
        Statement({"lambda:InvokeFunction"}, arn("arn:${AWS::Partition}:lambda:${AWS::Region}:${"
                                                 "AWS::AccountId}:function:${functionName}*",
                                                 "functionName", arg("FunctionName")));
  } else {
    throw SamError(id, "Policy template " + name + " is not supported by Terrarium.");
  }
  return {{"Version", "2012-10-17"}, {"Statement", json::array({statement})}};
}

// FNV-1a, printed short: a stable suffix for generated logical ids that change with the code.
std::string ShortHash(const std::string& text) {
  uint64_t h = 1469598103934665603ull;
  for (unsigned char c : text) h = (h ^ c) * 1099511628211ull;
  char buffer[17];
  std::snprintf(buffer, sizeof buffer, "%016llx", static_cast<unsigned long long>(h));
  return std::string(buffer, 10);
}

json CodeOf(const std::string& id, const json& props) {
  const bool inline_code = props.contains("InlineCode");
  const bool code_uri = props.contains("CodeUri");
  if (inline_code && code_uri)
    throw SamError(id, "Only one of 'CodeUri' or 'InlineCode' can be set.");
  if (inline_code) return {{"ZipFile", props["InlineCode"]}};
  if (!code_uri) throw SamError(id, "Either 'InlineCode' or 'CodeUri' must be set.");
  const json& uri = props["CodeUri"];
  if (uri.is_object() && uri.contains("Bucket") && uri.contains("Key")) {
    json code = {{"S3Bucket", uri["Bucket"]}, {"S3Key", uri["Key"]}};
    if (uri.contains("Version")) code["S3ObjectVersion"] = uri["Version"];
    return code;
  }
  if (uri.is_string() && uri.get<std::string>().rfind("s3://", 0) == 0) {
    std::string rest = uri.get<std::string>().substr(5);
    auto slash = rest.find('/');
    if (slash != std::string::npos && slash > 0 && slash + 1 < rest.size()) {
      return {{"S3Bucket", rest.substr(0, slash)}, {"S3Key", rest.substr(slash + 1)}};
    }
  }
  throw SamError(id,
                 "'CodeUri' must be an S3 URI (s3://bucket/key) or {Bucket, Key}; package local "
                 "code first (sam package, aws cloudformation package) or use 'InlineCode'.");
}

class SamExpander {
 public:
  explicit SamExpander(json document) : doc_(std::move(document)) {}

  json Run() {
    json globals = doc_.contains("Globals") ? doc_["Globals"] : json::object();
    doc_.erase("Globals");
    doc_.erase("Transform");
    if (!doc_.contains("Resources") || !doc_["Resources"].is_object()) return doc_;
    const json original = doc_["Resources"];
    for (const auto& [id, resource] : original.items()) {
      const std::string type = resource.is_object() ? resource.value("Type", "") : "";
      if (type == "AWS::Serverless::Function") {
        json r = resource;
        r["Properties"] = MergeGlobals(globals.value("Function", json::object()),
                                       r.value("Properties", json::object()));
        Function(id, r);
      } else if (type == "AWS::Serverless::SimpleTable") {
        json r = resource;
        r["Properties"] = MergeGlobals(globals.value("SimpleTable", json::object()),
                                       r.value("Properties", json::object()));
        SimpleTable(id, r);
      } else if (type.rfind("AWS::Serverless::", 0) == 0) {
        throw SamError(id, "Resource type " + type +
                               " is not supported by Terrarium's SAM transform (supported: "
                               "AWS::Serverless::Function, AWS::Serverless::SimpleTable).");
      }
    }
    return doc_;
  }

 private:
  // The attributes a generated resource shares with the serverless resource it came from.
  static json Derived(const json& source, const std::string& type, json properties) {
    json out = {{"Type", type}, {"Properties", std::move(properties)}};
    if (source.contains("Condition")) out["Condition"] = source["Condition"];
    return out;
  }

  void Put(const std::string& id, json resource) { doc_["Resources"][id] = std::move(resource); }

  void Function(const std::string& id, const json& resource) {
    const json& p = resource["Properties"];
    json fn = json::object();
    fn["Code"] = CodeOf(id, p);
    for (const char* key : {"Handler",          "Runtime",
                            "FunctionName",     "Description",
                            "MemorySize",       "Timeout",
                            "Environment",      "Layers",
                            "Architectures",    "ReservedConcurrentExecutions",
                            "KmsKeyArn",        "VpcConfig",
                            "EphemeralStorage", "PackageType",
                            "ImageConfig",      "FileSystemConfigs",
                            "LoggingConfig",    "RuntimeManagementConfig",
                            "SnapStart",        "CodeSigningConfigArn"}) {
      if (p.contains(key)) fn[key] = p[key];
    }
    if (p.contains("Tracing")) fn["TracingConfig"] = {{"Mode", p["Tracing"]}};
    if (p.contains("DeadLetterQueue")) {
      fn["DeadLetterConfig"] = {{"TargetArn", p["DeadLetterQueue"].value("TargetArn", json())}};
    }
    fn["Tags"] = TagList(p.value("Tags", json::object()), true);

    std::vector<json> managed = {ManagedPolicyArn("service-role/AWSLambdaBasicExecutionRole")};
    json events = p.value("Events", json::object());
    for (const auto& [event_id, event] : events.items()) {
      Event(id, resource, event_id, event, managed);
    }

    if (p.contains("Role")) {
      fn["Role"] = p["Role"];
    } else {
      Role(id, resource, p, managed);
      fn["Role"] = GetAtt(id + "Role", "Arn");
    }

    json out = Derived(resource, "AWS::Lambda::Function", fn);
    for (const char* key : {"DependsOn", "DeletionPolicy", "UpdateReplacePolicy", "Metadata"}) {
      if (resource.contains(key)) out[key] = resource[key];
    }
    Put(id, out);

    if (p.contains("AutoPublishAlias")) {
      const std::string version_id = id + "Version" + ShortHash(fn["Code"].dump());
      Put(version_id, Derived(resource, "AWS::Lambda::Version", {{"FunctionName", Ref(id)}}));
      std::string alias =
          p["AutoPublishAlias"].is_string() ? p["AutoPublishAlias"].get<std::string>() : "live";
      Put(id + "Alias" + alias, Derived(resource, "AWS::Lambda::Alias",
                                        {{"Name", p["AutoPublishAlias"]},
                                         {"FunctionName", Ref(id)},
                                         {"FunctionVersion", GetAtt(version_id, "Version")}}));
    }
  }

  void Role(const std::string& id, const json& resource, const json& p,
            std::vector<json>& managed) {
    json inline_policies = json::array();
    json policies = p.value("Policies", json::array());
    if (!policies.is_array()) policies = json::array({policies});
    for (const auto& policy : policies) {
      if (policy.is_string()) {
        const std::string name = policy.get<std::string>();
        managed.push_back(name.rfind("arn:", 0) == 0 ? json(name) : ManagedPolicyArn(name));
      } else if (policy.is_object() && policy.contains("Statement")) {
        inline_policies.push_back(policy);
      } else if (policy.is_object() && policy.size() == 1 &&
                 (policy.begin().key() == "Ref" || policy.begin().key().rfind("Fn::", 0) == 0)) {
        managed.push_back(policy);  // an intrinsic naming a managed policy ARN
      } else if (policy.is_object() && policy.size() == 1) {
        inline_policies.push_back(PolicyTemplate(id, policy.begin().key(), policy.begin().value()));
      } else {
        throw SamError(id,
                       "Each entry of 'Policies' must be a managed policy name or ARN, a "
                       "policy document or a policy template.");
      }
    }
    json role = {
        {"AssumeRolePolicyDocument",
         {{"Version", "2012-10-17"},
          {"Statement",
           json::array({{{"Effect", "Allow"},
                         {"Action", json::array({"sts:AssumeRole"})},
                         {"Principal", {{"Service", json::array({"lambda.amazonaws.com"})}}}}})}}},
        {"ManagedPolicyArns", managed},
        {"Tags", TagList(p.value("Tags", json::object()), true)}};
    if (!inline_policies.empty()) {
      json list = json::array();
      for (std::size_t i = 0; i < inline_policies.size(); ++i) {
        list.push_back({{"PolicyName", id + "RolePolicy" + std::to_string(i)},
                        {"PolicyDocument", inline_policies[i]}});
      }
      role["Policies"] = list;
    }
    if (p.contains("PermissionsBoundary")) role["PermissionsBoundary"] = p["PermissionsBoundary"];
    if (p.contains("RolePath")) role["Path"] = p["RolePath"];
    Put(id + "Role", Derived(resource, "AWS::IAM::Role", role));
  }

  void Event(const std::string& id, const json& resource, const std::string& event_id,
             const json& event, std::vector<json>& managed) {
    const std::string type = event.value("Type", "");
    const json props = event.value("Properties", json::object());
    if (type == "SQS" || type == "DynamoDB") {
      const char* source = type == "SQS" ? "Queue" : "Stream";
      if (!props.contains(source)) {
        throw SamError(id, "Event with id [" + event_id +
                               "] is invalid. Missing required property '" + source + "'.");
      }
      json mapping = {{"EventSourceArn", props[source]}, {"FunctionName", Ref(id)}};
      for (const auto& [key, value] : props.items()) {
        if (key != source) mapping[key] = value;
      }
      managed.push_back(ManagedPolicyArn(type == "SQS"
                                             ? "service-role/AWSLambdaSQSQueueExecutionRole"
                                             : "service-role/AWSLambdaDynamoDBExecutionRole"));
      Put(id + event_id, Derived(resource, "AWS::Lambda::EventSourceMapping", mapping));
      return;
    }
    if (type == "S3") {
      S3Event(id, resource, event_id, props);
      return;
    }
    throw SamError(id, "Event with id [" + event_id + "] is invalid. Event type " + type +
                           " is not supported by Terrarium's SAM transform (supported: SQS, "
                           "DynamoDB, S3).");
  }

  // S3 notifications live on the bucket: SAM adds a permission for S3 to invoke the function
  // and a LambdaConfiguration to the bucket declared in the same template.
  void S3Event(const std::string& id, const json& resource, const std::string& event_id,
               const json& props) {
    const json bucket_ref = props.value("Bucket", json());
    if (!bucket_ref.is_object() || !bucket_ref.contains("Ref") || !bucket_ref["Ref"].is_string() ||
        !doc_["Resources"].contains(bucket_ref["Ref"].get<std::string>())) {
      throw SamError(id, "Event with id [" + event_id +
                             "] is invalid. S3 events must reference an S3 bucket in the same "
                             "template.");
    }
    const std::string bucket = bucket_ref["Ref"].get<std::string>();
    const std::string permission = id + event_id + "Permission";
    Put(permission, Derived(resource, "AWS::Lambda::Permission",
                            {{"Action", "lambda:InvokeFunction"},
                             {"FunctionName", Ref(id)},
                             {"Principal", "s3.amazonaws.com"},
                             {"SourceAccount", Ref("AWS::AccountId")}}));
    json& target = doc_["Resources"][bucket];
    json& configs = target["Properties"]["NotificationConfiguration"]["LambdaConfigurations"];
    if (!configs.is_array()) configs = json::array();
    json events = props.value("Events", json());
    if (!events.is_array()) events = json::array({events});
    for (const auto& e : events) {
      json config = {{"Event", e}, {"Function", GetAtt(id, "Arn")}};
      if (props.contains("Filter")) config["Filter"] = props["Filter"];
      configs.push_back(config);
    }
    json depends = target.value("DependsOn", json::array());
    if (!depends.is_array()) depends = json::array({depends});
    depends.push_back(permission);
    target["DependsOn"] = depends;
  }

  void SimpleTable(const std::string& id, const json& resource) {
    const json& p = resource["Properties"];
    json key = p.value("PrimaryKey", json{{"Name", "id"}, {"Type", "String"}});
    const std::string key_type = key.value("Type", "String");
    const char* attribute_type = key_type == "String"   ? "S"
                                 : key_type == "Number" ? "N"
                                 : key_type == "Binary" ? "B"
                                                        : nullptr;
    if (attribute_type == nullptr || !key.contains("Name")) {
      throw SamError(id, "'PrimaryKey' needs a Name and a Type of String, Number or Binary.");
    }
    json table = {
        {"AttributeDefinitions",
         json::array({{{"AttributeName", key["Name"]}, {"AttributeType", attribute_type}}})},
        {"KeySchema", json::array({{{"AttributeName", key["Name"]}, {"KeyType", "HASH"}}})}};
    if (p.contains("ProvisionedThroughput")) {
      table["ProvisionedThroughput"] = p["ProvisionedThroughput"];
    } else {
      table["BillingMode"] = "PAY_PER_REQUEST";
    }
    for (const char* k : {"TableName", "SSESpecification", "PointInTimeRecoverySpecification"}) {
      if (p.contains(k)) table[k] = p[k];
    }
    if (p.contains("Tags")) table["Tags"] = TagList(p["Tags"], false);
    json out = Derived(resource, "AWS::DynamoDB::Table", table);
    for (const char* k : {"DependsOn", "DeletionPolicy", "UpdateReplacePolicy", "Metadata"}) {
      if (resource.contains(k)) out[k] = resource[k];
    }
    Put(id, out);
  }

  json doc_;
};

}  // namespace

json ApplyTransforms(const json& document) {
  if (!document.is_object() || !document.contains("Transform")) return document;
  const json& declared = document["Transform"];
  json names = declared.is_array() ? declared : json::array({declared});
  json out = document;
  for (const auto& name : names) {
    if (name == kSamTransform) {
      out = SamExpander(out).Run();
      continue;
    }
    throw TemplateError("Transform " + ScalarText(name) + " is not supported by Terrarium (only " +
                            kSamTransform + " is)",
                        "/Transform");
  }
  return out;
}

}  // namespace terrarium::iac
