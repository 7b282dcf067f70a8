// S3 operations, named after the AWS operations they implement, by the file that holds them.
#pragma once

#include <nlohmann/json.hpp>

#include "emulator/core/request_context.h"

namespace terrarium::services::s3 {

using Json = nlohmann::json;

// bucket_ops.cc
Json CreateBucket(RequestContext& ctx, const Json& input);
Json HeadBucket(RequestContext& ctx, const Json& input);
Json DeleteBucket(RequestContext& ctx, const Json& input);
Json ListBuckets(RequestContext& ctx, const Json& input);
Json GetBucketLocation(RequestContext& ctx, const Json& input);

// object_ops.cc
Json PutObject(RequestContext& ctx, const Json& input);
Json GetObject(RequestContext& ctx, const Json& input);
Json HeadObject(RequestContext& ctx, const Json& input);
Json DeleteObject(RequestContext& ctx, const Json& input);
Json DeleteObjects(RequestContext& ctx, const Json& input);
Json CopyObject(RequestContext& ctx, const Json& input);

// object_attributes_ops.cc
Json GetObjectAttributes(RequestContext& ctx, const Json& input);

// listing_ops.cc
Json ListObjects(RequestContext& ctx, const Json& input);
Json ListObjectsV2(RequestContext& ctx, const Json& input);
Json ListObjectVersions(RequestContext& ctx, const Json& input);

// multipart_ops.cc
Json CreateMultipartUpload(RequestContext& ctx, const Json& input);
Json UploadPart(RequestContext& ctx, const Json& input);
Json UploadPartCopy(RequestContext& ctx, const Json& input);
Json CompleteMultipartUpload(RequestContext& ctx, const Json& input);
Json AbortMultipartUpload(RequestContext& ctx, const Json& input);
Json ListParts(RequestContext& ctx, const Json& input);
Json ListMultipartUploads(RequestContext& ctx, const Json& input);

// bucket_config_ops.cc
Json GetBucketPolicy(RequestContext& ctx, const Json& input);
Json PutBucketPolicy(RequestContext& ctx, const Json& input);
Json DeleteBucketPolicy(RequestContext& ctx, const Json& input);
Json GetBucketCors(RequestContext& ctx, const Json& input);
Json PutBucketCors(RequestContext& ctx, const Json& input);
Json DeleteBucketCors(RequestContext& ctx, const Json& input);
Json GetBucketWebsite(RequestContext& ctx, const Json& input);
Json PutBucketWebsite(RequestContext& ctx, const Json& input);
Json DeleteBucketWebsite(RequestContext& ctx, const Json& input);
Json GetBucketLifecycleConfiguration(RequestContext& ctx, const Json& input);
Json PutBucketLifecycleConfiguration(RequestContext& ctx, const Json& input);
Json DeleteBucketLifecycle(RequestContext& ctx, const Json& input);
Json GetBucketReplication(RequestContext& ctx, const Json& input);
Json PutBucketReplication(RequestContext& ctx, const Json& input);
Json DeleteBucketReplication(RequestContext& ctx, const Json& input);
Json GetBucketEncryption(RequestContext& ctx, const Json& input);
Json PutBucketEncryption(RequestContext& ctx, const Json& input);
Json DeleteBucketEncryption(RequestContext& ctx, const Json& input);
Json GetObjectLockConfiguration(RequestContext& ctx, const Json& input);
Json PutObjectLockConfiguration(RequestContext& ctx, const Json& input);
Json GetBucketTagging(RequestContext& ctx, const Json& input);
Json PutBucketTagging(RequestContext& ctx, const Json& input);
Json DeleteBucketTagging(RequestContext& ctx, const Json& input);
Json GetPublicAccessBlock(RequestContext& ctx, const Json& input);
Json PutPublicAccessBlock(RequestContext& ctx, const Json& input);
Json DeletePublicAccessBlock(RequestContext& ctx, const Json& input);
Json GetBucketOwnershipControls(RequestContext& ctx, const Json& input);
Json PutBucketOwnershipControls(RequestContext& ctx, const Json& input);
Json DeleteBucketOwnershipControls(RequestContext& ctx, const Json& input);
Json GetBucketNotificationConfiguration(RequestContext& ctx, const Json& input);
Json PutBucketNotificationConfiguration(RequestContext& ctx, const Json& input);
Json GetBucketAccelerateConfiguration(RequestContext& ctx, const Json& input);
Json PutBucketAccelerateConfiguration(RequestContext& ctx, const Json& input);
Json GetBucketRequestPayment(RequestContext& ctx, const Json& input);
Json PutBucketRequestPayment(RequestContext& ctx, const Json& input);
Json GetBucketLogging(RequestContext& ctx, const Json& input);
Json PutBucketLogging(RequestContext& ctx, const Json& input);
Json GetBucketVersioning(RequestContext& ctx, const Json& input);
Json PutBucketVersioning(RequestContext& ctx, const Json& input);
Json GetBucketAcl(RequestContext& ctx, const Json& input);
Json PutBucketAcl(RequestContext& ctx, const Json& input);

// cors_ops.cc
Json OptionsBucket(RequestContext& ctx, const Json& input);
Json OptionsObject(RequestContext& ctx, const Json& input);

// object_lock_ops.cc
Json PutObjectRetention(RequestContext& ctx, const Json& input);
Json GetObjectRetention(RequestContext& ctx, const Json& input);
Json PutObjectLegalHold(RequestContext& ctx, const Json& input);
Json GetObjectLegalHold(RequestContext& ctx, const Json& input);

// post_object_ops.cc
Json PostObject(RequestContext& ctx, const Json& input);

// tagging_ops.cc
Json GetObjectTagging(RequestContext& ctx, const Json& input);
Json PutObjectTagging(RequestContext& ctx, const Json& input);
Json DeleteObjectTagging(RequestContext& ctx, const Json& input);
Json GetObjectAcl(RequestContext& ctx, const Json& input);
Json PutObjectAcl(RequestContext& ctx, const Json& input);

}  // namespace terrarium::services::s3
