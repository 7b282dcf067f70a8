#include "importers/terraform/type_mappings.h"

#include <array>

namespace terrarium::importers::tf {
namespace {

using nlohmann::json;

const std::vector<TypeMapping>& Table() {
  static const std::vector<TypeMapping> kTable = {
      {"aws_s3_bucket",
       "AWS::S3::Bucket",
       {{"bucket", "BucketName"}},
       {{"object_lock_enabled", "ObjectLockEnabled"}},
       {},
       true},
      {"aws_s3_bucket_policy",
       "AWS::S3::BucketPolicy",
       {{"bucket", "Bucket"}},
       {},
       {{"policy", "PolicyDocument"}}},
      // CloudFormation has no object type: Terrarium's own (iac/providers/s3_object_provider.cc).
      {"aws_s3_object",
       "Terrarium::S3::Object",
       {{"bucket", "Bucket"},
        {"key", "Key"},
        {"content_type", "ContentType"},
        {"metadata", "Metadata"},
        {"etag", "ETag"},
        {"content", "Content"},
        {"content_base64", "ContentBase64"}},
       {},
       {},
       true,
       &MoreS3Object},
      {"aws_sqs_queue",
       "AWS::SQS::Queue",
       {{"name", "QueueName"},
        {"visibility_timeout_seconds", "VisibilityTimeout"},
        {"message_retention_seconds", "MessageRetentionPeriod"},
        {"max_message_size", "MaximumMessageSize"},
        {"delay_seconds", "DelaySeconds"},
        {"receive_wait_time_seconds", "ReceiveMessageWaitTimeSeconds"},
        {"deduplication_scope", "DeduplicationScope"},
        {"fifo_throughput_limit", "FifoThroughputLimit"},
        {"kms_master_key_id", "KmsMasterKeyId"}},
       {{"fifo_queue", "FifoQueue"},
        {"content_based_deduplication", "ContentBasedDeduplication"},
        {"sqs_managed_sse_enabled", "SqsManagedSseEnabled"}},
       {{"redrive_policy", "RedrivePolicy"}, {"redrive_allow_policy", "RedriveAllowPolicy"}},
       true},
      {"aws_sqs_queue_policy",
       "AWS::SQS::QueuePolicy",
       {},
       {},
       {{"policy", "PolicyDocument"}},
       false,
       &MoreSqsQueuePolicy},
      {"aws_dynamodb_table",
       "AWS::DynamoDB::Table",
       {{"name", "TableName"}},
       {{"deletion_protection_enabled", "DeletionProtectionEnabled"}},
       {},
       true,
       &MoreDynamoDbTable},
      {"aws_iam_role",
       "AWS::IAM::Role",
       {{"name", "RoleName"},
        {"path", "Path"},
        {"description", "Description"},
        {"max_session_duration", "MaxSessionDuration"},
        {"permissions_boundary", "PermissionsBoundary"}},
       {},
       {{"assume_role_policy", "AssumeRolePolicyDocument"}},
       true},
      {"aws_iam_role_policy",
       "AWS::IAM::RolePolicy",
       {{"name", "PolicyName"}, {"role", "RoleName"}},
       {},
       {{"policy", "PolicyDocument"}}},
      {"aws_iam_policy",
       "AWS::IAM::ManagedPolicy",
       {{"name", "ManagedPolicyName"}, {"path", "Path"}, {"description", "Description"}},
       {},
       {{"policy", "PolicyDocument"}}},
      {"aws_lambda_function",
       "AWS::Lambda::Function",
       {{"function_name", "FunctionName"},
        {"role", "Role"},
        {"handler", "Handler"},
        {"runtime", "Runtime"},
        {"description", "Description"},
        {"timeout", "Timeout"},
        {"memory_size", "MemorySize"},
        {"architectures", "Architectures"},
        {"layers", "Layers"}},
       {},
       {},
       true,
       &MoreLambdaFunction},
      {"aws_lambda_permission",
       "AWS::Lambda::Permission",
       {{"action", "Action"},
        {"function_name", "FunctionName"},
        {"principal", "Principal"},
        {"source_arn", "SourceArn"},
        {"source_account", "SourceAccount"},
        {"event_source_token", "EventSourceToken"},
        {"function_url_auth_type", "FunctionUrlAuthType"}}},
      {"aws_lambda_event_source_mapping",
       "AWS::Lambda::EventSourceMapping",
       {{"event_source_arn", "EventSourceArn"},
        {"function_name", "FunctionName"},
        {"batch_size", "BatchSize"},
        {"starting_position", "StartingPosition"},
        {"maximum_batching_window_in_seconds", "MaximumBatchingWindowInSeconds"},
        {"function_response_types", "FunctionResponseTypes"}},
       {},
       {},
       false,
       &MoreLambdaEventSourceMapping},
      {"aws_lambda_alias",
       "AWS::Lambda::Alias",
       {{"name", "Name"},
        {"function_name", "FunctionName"},
        {"function_version", "FunctionVersion"},
        {"description", "Description"}}},
  };
  return kTable;
}

}  // namespace

const TypeMapping* FindTypeMapping(std::string_view tf_type) {
  for (const auto& mapping : Table()) {
    if (mapping.tf_type == tf_type) return &mapping;
  }
  return nullptr;
}

Mapped MapInstance(const TypeMapping& mapping, const json& attrs, const SideFiles& files) {
  Mapped out{std::string(mapping.cfn_type)};
  for (const auto& field : mapping.fields) CopyIfSet(attrs, field.tf, out.properties, field.cfn);
  for (const auto& flag : mapping.flags) CopyIfTrue(attrs, flag.tf, out.properties, flag.cfn);
  for (const auto& document : mapping.documents) {
    auto it = attrs.find(document.tf);
    if (it != attrs.end() && !Unset(*it)) out.properties[document.cfn] = JsonDocument(*it);
  }
  if (mapping.tags) CopyTags(attrs, out.properties);
  if (mapping.more != nullptr) mapping.more(attrs, files, out);
  return out;
}

MergeOntoBucket FindBucketCompanion(std::string_view tf_type) {
  static constexpr std::array<std::pair<std::string_view, MergeOntoBucket>, 6> kCompanions{{
      {"aws_s3_bucket_versioning", &MergeBucketVersioning},
      {"aws_s3_bucket_server_side_encryption_configuration", &MergeBucketEncryption},
      {"aws_s3_bucket_lifecycle_configuration", &MergeBucketLifecycle},
      {"aws_s3_bucket_public_access_block", &MergeBucketPublicAccessBlock},
      {"aws_s3_bucket_cors_configuration", &MergeBucketCors},
      {"aws_s3_bucket_notification", &MergeBucketNotification},
  }};
  for (const auto& [type, merge] : kCompanions) {
    if (type == tf_type) return merge;
  }
  return nullptr;
}

}  // namespace terrarium::importers::tf
