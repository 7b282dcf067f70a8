#include "importers/terraform/type_mappings.h"

#include <array>
#include <utility>

namespace terrarium::importers::tf {

MapResource FindResourceMapping(std::string_view tf_type) {
  static constexpr std::array<std::pair<std::string_view, MapResource>, 12> kTable{{
      {"aws_s3_bucket", &MapS3Bucket},
      {"aws_s3_bucket_policy", &MapS3BucketPolicy},
      {"aws_sqs_queue", &MapSqsQueue},
      {"aws_sqs_queue_policy", &MapSqsQueuePolicy},
      {"aws_dynamodb_table", &MapDynamoDbTable},
      {"aws_iam_role", &MapIamRole},
      {"aws_iam_role_policy", &MapIamRolePolicy},
      {"aws_iam_policy", &MapIamPolicy},
      {"aws_lambda_function", &MapLambdaFunction},
      {"aws_lambda_permission", &MapLambdaPermission},
      {"aws_lambda_event_source_mapping", &MapLambdaEventSourceMapping},
      {"aws_lambda_alias", &MapLambdaAlias},
  }};
  for (const auto& [type, map] : kTable) {
    if (type == tf_type) return map;
  }
  return nullptr;
}

MergeOntoBucket FindBucketCompanion(std::string_view tf_type) {
  static constexpr std::array<std::pair<std::string_view, MergeOntoBucket>, 6> kTable{{
      {"aws_s3_bucket_versioning", &MergeBucketVersioning},
      {"aws_s3_bucket_server_side_encryption_configuration", &MergeBucketEncryption},
      {"aws_s3_bucket_lifecycle_configuration", &MergeBucketLifecycle},
      {"aws_s3_bucket_public_access_block", &MergeBucketPublicAccessBlock},
      {"aws_s3_bucket_cors_configuration", &MergeBucketCors},
      {"aws_s3_bucket_notification", &MergeBucketNotification},
  }};
  for (const auto& [type, merge] : kTable) {
    if (type == tf_type) return merge;
  }
  return nullptr;
}

}  // namespace terrarium::importers::tf
