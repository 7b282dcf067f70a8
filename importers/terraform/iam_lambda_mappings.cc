// aws_iam_* and aws_lambda_* -> their CloudFormation types. aws_iam_role_policy_attachment has
// no CloudFormation resource: the importer adds its policy ARN to the role's ManagedPolicyArns.
#include <string>

#include "importers/terraform/attribute_mapping.h"
#include "importers/terraform/type_mappings.h"

namespace terrarium::importers::tf {

using nlohmann::json;

Mapped MapIamRole(const json& attrs) {
  Mapped out{"AWS::IAM::Role"};
  json& p = out.properties;
  CopyFieldsIfSet(attrs,
                  {
                      {"name", "RoleName"},
                      {"path", "Path"},
                      {"description", "Description"},
                      {"max_session_duration", "MaxSessionDuration"},
                      {"permissions_boundary", "PermissionsBoundary"},
                  },
                  p);
  p["AssumeRolePolicyDocument"] = JsonDocument(attrs.value("assume_role_policy", json()));
  CopyTags(attrs, p);
  return out;
}

Mapped MapIamRolePolicy(const json& attrs) {
  Mapped out{"AWS::IAM::RolePolicy"};
  CopyIfSet(attrs, "name", out.properties, "PolicyName");
  CopyIfSet(attrs, "role", out.properties, "RoleName");
  out.properties["PolicyDocument"] = JsonDocument(attrs.value("policy", json()));
  return out;
}

Mapped MapIamPolicy(const json& attrs) {
  Mapped out{"AWS::IAM::ManagedPolicy"};
  CopyFieldsIfSet(attrs,
                  {
                      {"name", "ManagedPolicyName"},
                      {"path", "Path"},
                      {"description", "Description"},
                  },
                  out.properties);
  out.properties["PolicyDocument"] = JsonDocument(attrs.value("policy", json()));
  return out;
}

namespace {

// The state never holds a function's code, only where it came from: the function is created
// with a handler that fails saying so (python or node, whichever the runtime is).
json StubCode(const std::string& runtime) {
  const std::string message =
      "The code of this function was not imported from the Terraform state; redeploy it.";
  if (runtime.starts_with("nodejs")) {
    return {
        {"ZipFile", "exports.handler = async () => { throw new Error('" + message + "'); };\n"}};
  }
  return {{"ZipFile", "def handler(event, context):\n    raise Exception('" + message + "')\n"}};
}

}  // namespace

Mapped MapLambdaFunction(const json& attrs) {
  Mapped out{"AWS::Lambda::Function"};
  json& p = out.properties;
  CopyFieldsIfSet(attrs,
                  {
                      {"function_name", "FunctionName"},
                      {"role", "Role"},
                      {"handler", "Handler"},
                      {"runtime", "Runtime"},
                      {"description", "Description"},
                      {"timeout", "Timeout"},
                      {"memory_size", "MemorySize"},
                      {"architectures", "Architectures"},
                      {"layers", "Layers"},
                  },
                  p);
  if (attrs.value("reserved_concurrent_executions", -1) >= 0) {
    p["ReservedConcurrentExecutions"] = attrs["reserved_concurrent_executions"];
  }
  const json& environment = Block(attrs, "environment");
  if (environment.is_object() && !Unset(environment.value("variables", json()))) {
    p["Environment"] = {{"Variables", environment["variables"]}};
  }
  if (!Unset(attrs.value("image_uri", json()))) {
    p["PackageType"] = "Image";
    p["Code"] = {{"ImageUri", attrs["image_uri"]}};
  } else if (!Unset(attrs.value("s3_bucket", json())) && !Unset(attrs.value("s3_key", json()))) {
    p["Code"] = {{"S3Bucket", attrs["s3_bucket"]}, {"S3Key", attrs["s3_key"]}};
  } else {
    p["Code"] = StubCode(attrs.value("runtime", ""));
    out.notes.push_back("code not imported: created with a stub handler that returns an error");
  }
  CopyTags(attrs, p);
  return out;
}

Mapped MapLambdaPermission(const json& attrs) {
  Mapped out{"AWS::Lambda::Permission"};
  json& p = out.properties;
  CopyFieldsIfSet(attrs,
                  {
                      {"action", "Action"},
                      {"function_name", "FunctionName"},
                      {"principal", "Principal"},
                      {"source_arn", "SourceArn"},
                      {"source_account", "SourceAccount"},
                      {"event_source_token", "EventSourceToken"},
                      {"function_url_auth_type", "FunctionUrlAuthType"},
                  },
                  p);
  return out;
}

Mapped MapLambdaEventSourceMapping(const json& attrs) {
  Mapped out{"AWS::Lambda::EventSourceMapping"};
  json& p = out.properties;
  CopyFieldsIfSet(attrs,
                  {
                      {"event_source_arn", "EventSourceArn"},
                      {"function_name", "FunctionName"},
                      {"batch_size", "BatchSize"},
                  },
                  p);
  if (attrs.contains("enabled") && attrs["enabled"].is_boolean()) p["Enabled"] = attrs["enabled"];
  CopyFieldsIfSet(attrs,
                  {
                      {"starting_position", "StartingPosition"},
                      {"maximum_batching_window_in_seconds", "MaximumBatchingWindowInSeconds"},
                      {"function_response_types", "FunctionResponseTypes"},
                  },
                  p);
  const json& filters = Block(attrs, "filter_criteria");
  if (filters.is_object()) {
    json patterns = json::array();
    for (const auto& filter : filters.value("filter", json::array())) {
      patterns.push_back({{"Pattern", filter.value("pattern", json())}});
    }
    if (!patterns.empty()) p["FilterCriteria"] = {{"Filters", patterns}};
  }
  return out;
}

Mapped MapLambdaAlias(const json& attrs) {
  Mapped out{"AWS::Lambda::Alias"};
  CopyFieldsIfSet(attrs,
                  {
                      {"name", "Name"},
                      {"function_name", "FunctionName"},
                      {"function_version", "FunctionVersion"},
                      {"description", "Description"},
                  },
                  out.properties);
  return out;
}

}  // namespace terrarium::importers::tf
