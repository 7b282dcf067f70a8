// Terraform state -> the declared-resource graph in CloudFormation vocabulary (design.md, IaC
// layer). Each supported resource instance becomes one node whose logical id is its Terraform
// address (module.app.aws_sqs_queue.jobs["a"]), so reports speak the user's names. Values that
// name another imported resource (its ARN, queue URL, or name where a property takes a name)
// become Ref / Fn::GetAtt, so the graph orders creation and the emulator's own identifiers are
// used. Unsupported instances are listed with the reason, never dropped.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "emulator/core/scope.h"
#include "iac/drift.h"
#include "iac/graph.h"
#include "importers/terraform/type_mappings.h"

namespace terrarium::importers {

struct ImportedResource {
  iac::ResourceNode node;  // logical_id is the Terraform address
  // The properties with the state's own values where node.properties has Ref / Fn::GetAtt:
  // what the resources Terraform created hold, for drift against them.
  nlohmann::json literal_properties = nlohmann::json::object();
  std::string terraform_id;  // the state's `id`: the physical id for the mapped types
  // Fn::GetAtt attributes the state knows (Arn, StreamArn), for a resource already present.
  nlohmann::json state_attributes = nlohmann::json::object();
  Scope scope;                      // from the resource's ARN (or region attribute)
  std::vector<std::string> merged;  // companion resources folded into this one
  std::vector<std::string> notes;   // what could not be carried over
  std::string cannot_create;        // non-empty: why the import cannot create it (tf::Mapped)
};

struct SkippedResource {
  std::string address;
  std::string type;
  std::string reason;
};

struct TerraformImport {
  std::vector<ImportedResource> resources;  // in address order
  std::vector<SkippedResource> skipped;
  Scope scope;  // the account and region most of the state's ARNs name

  iac::ResourceGraph Graph() const;
  // The same resources as a template the applier can deploy (logical ids are the addresses,
  // which ParseTemplate would refuse, hence built directly; DependsOn carries every dependency).
  iac::Template AsTemplate() const;
  const ImportedResource* Find(std::string_view logical_id) const;
};

// Throws std::invalid_argument when `body` is not a Terraform state (tfstate_reader.h). `files`
// are the files the state names that were found beside it (Lambda packages, S3 object sources);
// `fallback` is the account and region of resources whose ARNs name none.
TerraformImport ImportTerraformState(std::string_view body, const tf::SideFiles& files = {},
                                     const Scope& fallback = {});

// The resources as Terraform created them (physical ids and values from the state), for drift
// detection of an environment that `terraform apply` made against the emulator.
std::vector<iac::DeclaredResource> DeclaredForDrift(const TerraformImport& imported);

// The account and region an ARN names ("" where the ARN has none, as IAM and S3 ARNs do not).
Scope ScopeOfArn(std::string_view arn);

}  // namespace terrarium::importers
