// The Terraform resource types the importer supports and the CloudFormation resource each
// becomes, as one table (type_mappings.cc): per type the attributes copied as they are, the flags
// copied when true, the JSON documents parsed, whether tags carry over, and a function for what
// the table cannot say. Companion resources that configure a bucket (aws_s3_bucket_versioning,
// ...) are merged onto the AWS::S3::Bucket of the bucket they name rather than becoming
// resources of their own.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "importers/terraform/attribute_mapping.h"

namespace terrarium::importers::tf {

// Files the state names (a Lambda function's `filename`, an S3 object's `source`), as the client
// found them beside the state: the path as the state spells it -> the file's bytes.
using SideFiles = std::map<std::string, std::string, std::less<>>;

struct Mapped {
  explicit Mapped(std::string type) : cfn_type(std::move(type)) {}
  std::string cfn_type;
  nlohmann::json properties = nlohmann::json::object();
  std::vector<std::string> notes;  // what the import could not carry over, for the report
  std::string physical_id;         // when it is not the state's `id`
  // Non-empty: why the import cannot create it (an object whose content is neither in the state
  // nor beside it); it is still checked for drift and reported present when it exists.
  std::string cannot_create;
};

// What the table cannot say about a type: called after the table's copies.
using MapMore = void (*)(const nlohmann::json& attributes, const SideFiles& files, Mapped& out);

struct TypeMapping {
  std::string_view tf_type;
  std::string_view cfn_type;
  std::vector<FieldRename> fields = {};     // copied when set
  std::vector<FieldRename> flags = {};      // copied when true (Terraform writes false when unset)
  std::vector<FieldRename> documents = {};  // JSON text -> object, when set
  bool tags = false;                        // tags map -> Tags list
  MapMore more = nullptr;
};

// Null when `tf_type` is not a resource of its own in the mapping.
const TypeMapping* FindTypeMapping(std::string_view tf_type);
Mapped MapInstance(const TypeMapping& mapping, const nlohmann::json& attributes,
                   const SideFiles& files);

using MergeOntoBucket = void (*)(const nlohmann::json& attributes, nlohmann::json& bucket);
// Null when `tf_type` is not a bucket companion.
MergeOntoBucket FindBucketCompanion(std::string_view tf_type);

// The `more` functions (queue_table_mappings.cc, iam_lambda_mappings.cc, s3_mappings.cc).
void MoreSqsQueuePolicy(const nlohmann::json& attributes, const SideFiles& files, Mapped& out);
void MoreDynamoDbTable(const nlohmann::json& attributes, const SideFiles& files, Mapped& out);
void MoreLambdaFunction(const nlohmann::json& attributes, const SideFiles& files, Mapped& out);
void MoreLambdaEventSourceMapping(const nlohmann::json& attributes, const SideFiles& files,
                                  Mapped& out);
void MoreS3Object(const nlohmann::json& attributes, const SideFiles& files, Mapped& out);

void MergeBucketVersioning(const nlohmann::json& attributes, nlohmann::json& bucket);
void MergeBucketEncryption(const nlohmann::json& attributes, nlohmann::json& bucket);
void MergeBucketLifecycle(const nlohmann::json& attributes, nlohmann::json& bucket);
void MergeBucketPublicAccessBlock(const nlohmann::json& attributes, nlohmann::json& bucket);
void MergeBucketCors(const nlohmann::json& attributes, nlohmann::json& bucket);
void MergeBucketNotification(const nlohmann::json& attributes, nlohmann::json& bucket);

}  // namespace terrarium::importers::tf
