// The configurations of an AWS::S3::Bucket, each translated between the template's vocabulary
// (CorsConfiguration.CorsRules[].MaxAge) and S3's API (CORSConfiguration.CORSRules[]
// .MaxAgeSeconds), with the operations that put, remove and read it.
#pragma once

#include <span>
#include <string_view>

#include "iac/providers/provider_support.h"

namespace terrarium::iac::providers {

struct BucketConfig {
  std::string_view property;       // "CorsConfiguration"
  std::string_view put_operation;  // "PutBucketCors"
  std::string_view put_member;     // "CORSConfiguration"
  // Removing it: this operation with only the bucket, or when empty, put `empty_document`.
  std::string_view delete_operation;
  std::string_view get_operation;
  std::string_view get_member;  // the output member holding it; empty: the whole output
  json (*to_api)(const json& template_value);
  json (*from_api)(const json& api_document);
  const char* empty_document = nullptr;
};

// Every configuration the provider manages besides the name, tags and versioning.
std::span<const BucketConfig> BucketConfigs();

// Tags ([{Key, Value}]) as PutBucketTagging's Tagging and back.
json BucketTagging(const json& tags);

}  // namespace terrarium::iac::providers
