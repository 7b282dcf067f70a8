// What the mapping table (type_mappings.cc) cannot say about aws_lambda_function (its code) and
// aws_lambda_event_source_mapping. aws_iam_role_policy_attachment has no CloudFormation
// resource: the importer adds its policy ARN to the role's ManagedPolicyArns.
#include <string>

#include "emulator/core/encoding.h"
#include "importers/terraform/attribute_mapping.h"
#include "importers/terraform/type_mappings.h"

namespace terrarium::importers::tf {

using nlohmann::json;

namespace {

// Without its package the function is created with a handler that fails saying so (python or
// node, whichever the runtime is).
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

void MoreLambdaFunction(const json& attrs, const SideFiles& files, Mapped& out) {
  json& p = out.properties;
  if (attrs.value("reserved_concurrent_executions", -1) >= 0) {
    p["ReservedConcurrentExecutions"] = attrs["reserved_concurrent_executions"];
  }
  const json& environment = Block(attrs, "environment");
  if (environment.is_object() && !Unset(environment.value("variables", json()))) {
    p["Environment"] = {{"Variables", environment["variables"]}};
  }
  std::string filename = attrs.value("filename", json()).is_string() ? attrs["filename"] : "";
  auto package = files.find(filename);
  if (!Unset(attrs.value("image_uri", json()))) {
    p["PackageType"] = "Image";
    p["Code"] = {{"ImageUri", attrs["image_uri"]}};
  } else if (!Unset(attrs.value("s3_bucket", json())) && !Unset(attrs.value("s3_key", json()))) {
    p["Code"] = {{"S3Bucket", attrs["s3_bucket"]}, {"S3Key", attrs["s3_key"]}};
  } else if (!filename.empty() && package != files.end()) {
    p["Code"] = {{"ZipFileBase64", Base64Encode(package->second)}};
    out.notes.push_back("code from " + filename);
  } else {
    p["Code"] = StubCode(attrs.value("runtime", ""));
    out.notes.push_back(
        "code not imported" +
        (filename.empty() ? std::string() : " (" + filename + " not found beside the state)") +
        ": created with a stub handler that returns an error");
  }
}

void MoreLambdaEventSourceMapping(const json& attrs, const SideFiles&, Mapped& out) {
  json& p = out.properties;
  if (attrs.contains("enabled") && attrs["enabled"].is_boolean()) p["Enabled"] = attrs["enabled"];
  const json& filters = Block(attrs, "filter_criteria");
  if (filters.is_object()) {
    json patterns = json::array();
    for (const auto& filter : filters.value("filter", json::array())) {
      patterns.push_back({{"Pattern", filter.value("pattern", json())}});
    }
    if (!patterns.empty()) p["FilterCriteria"] = {{"Filters", patterns}};
  }
}

}  // namespace terrarium::importers::tf
