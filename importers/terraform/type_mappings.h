// The Terraform resource types the importer supports and the CloudFormation resource each
// becomes. Companion resources that configure a bucket (aws_s3_bucket_versioning, ...) are merged
// onto the AWS::S3::Bucket of the bucket they name rather than becoming resources of their own.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

namespace terrarium::importers::tf {

struct Mapped {
  explicit Mapped(std::string type) : cfn_type(std::move(type)) {}
  std::string cfn_type;
  nlohmann::json properties = nlohmann::json::object();
  std::vector<std::string> notes;  // what the import could not carry over, for the report
};

using MapResource = Mapped (*)(const nlohmann::json& attributes);
using MergeOntoBucket = void (*)(const nlohmann::json& attributes, nlohmann::json& bucket);

// Null when `tf_type` is not a resource of its own in the mapping.
MapResource FindResourceMapping(std::string_view tf_type);
// Null when `tf_type` is not a bucket companion.
MergeOntoBucket FindBucketCompanion(std::string_view tf_type);

// The mappings, one per type (storage_mappings.cc, compute_mappings.cc).
Mapped MapS3Bucket(const nlohmann::json& attributes);
Mapped MapS3BucketPolicy(const nlohmann::json& attributes);
Mapped MapSqsQueue(const nlohmann::json& attributes);
Mapped MapSqsQueuePolicy(const nlohmann::json& attributes);
Mapped MapDynamoDbTable(const nlohmann::json& attributes);
Mapped MapIamRole(const nlohmann::json& attributes);
Mapped MapIamRolePolicy(const nlohmann::json& attributes);
Mapped MapIamPolicy(const nlohmann::json& attributes);
Mapped MapLambdaFunction(const nlohmann::json& attributes);
Mapped MapLambdaPermission(const nlohmann::json& attributes);
Mapped MapLambdaEventSourceMapping(const nlohmann::json& attributes);
Mapped MapLambdaAlias(const nlohmann::json& attributes);

void MergeBucketVersioning(const nlohmann::json& attributes, nlohmann::json& bucket);
void MergeBucketEncryption(const nlohmann::json& attributes, nlohmann::json& bucket);
void MergeBucketLifecycle(const nlohmann::json& attributes, nlohmann::json& bucket);
void MergeBucketPublicAccessBlock(const nlohmann::json& attributes, nlohmann::json& bucket);
void MergeBucketCors(const nlohmann::json& attributes, nlohmann::json& bucket);
void MergeBucketNotification(const nlohmann::json& attributes, nlohmann::json& bucket);

}  // namespace terrarium::importers::tf
