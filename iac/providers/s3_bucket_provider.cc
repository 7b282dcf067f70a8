// AWS::S3::Bucket: CreateBucket, then one Put per declared configuration (versioning, tags,
// encryption, lifecycle, CORS, notifications, public access block, website, ownership).
// Updates put what changed and remove what the template no longer declares (versioning,
// which S3 cannot remove, is suspended). Deleting a bucket that still holds objects fails
// with S3's BucketNotEmpty, as on CloudFormation. Ref is the bucket name; GetAtt Arn,
// DomainName, RegionalDomainName, DualStackDomainName, WebsiteURL.
#include <algorithm>
#include <array>

#include "iac/providers/provider_factories.h"
#include "iac/providers/s3_bucket_config.h"

namespace terrarium::iac::providers {
namespace {

// Regions whose website endpoints use "s3-website-<region>" rather than "s3-website.<region>".
constexpr std::array<std::string_view, 8> kDashWebsiteRegions{
    "us-east-1",      "us-west-1",      "us-west-2",      "eu-west-1",
    "ap-southeast-1", "ap-southeast-2", "ap-northeast-1", "sa-east-1"};

json BucketAttributes(const std::string& bucket, const std::string& region) {
  bool dash = std::find(kDashWebsiteRegions.begin(), kDashWebsiteRegions.end(), region) !=
              kDashWebsiteRegions.end();
  return {{"Arn", "arn:aws:s3:::" + bucket},
          {"DomainName", bucket + ".s3.amazonaws.com"},
          {"RegionalDomainName", bucket + ".s3." + region + ".amazonaws.com"},
          {"DualStackDomainName", bucket + ".s3.dualstack." + region + ".amazonaws.com"},
          {"WebsiteURL",
           "http://" + bucket + ".s3-website" + (dash ? "-" : ".") + region + ".amazonaws.com"}};
}

void PutConfig(const ProviderContext& ctx, const std::string& bucket, const BucketConfig& config,
               const json& value) {
  Call(ctx, "s3", config.put_operation,
       {{"Bucket", bucket}, {std::string(config.put_member), config.to_api(value)}});
}

void RemoveConfig(const ProviderContext& ctx, const std::string& bucket,
                  const BucketConfig& config) {
  if (config.delete_operation.empty()) {
    Call(
        ctx, "s3", config.put_operation,
        {{"Bucket", bucket}, {std::string(config.put_member), json::parse(config.empty_document)}});
  } else {
    Call(ctx, "s3", config.delete_operation, {{"Bucket", bucket}});
  }
}

json Versioning(const json& value) { return {{"Status", RequiredString(value, "Status")}}; }

class S3BucketProvider final : public ResourceProvider {
 public:
  std::string_view Type() const override { return "AWS::S3::Bucket"; }

  ProvisionedResource Create(const ProviderContext& ctx, const json& properties) override {
    std::string bucket = GivenOrGeneratedName(ctx, properties, "BucketName");
    json input = {{"Bucket", bucket}};
    if (ctx.scope.region != "us-east-1") {
      input["CreateBucketConfiguration"] = {{"LocationConstraint", ctx.scope.region}};
    }
    if (properties.contains("ObjectLockEnabled") &&
        BooleanValue(properties["ObjectLockEnabled"], "ObjectLockEnabled")) {
      input["ObjectLockEnabledForBucket"] = true;
    }
    Call(ctx, "s3", "CreateBucket", input);
    try {
      Update(ctx, bucket, json::object(), properties);
    } catch (...) {
      // Leave nothing behind: the applier never learns this bucket's name.
      Delete(ctx, bucket, properties);
      throw;
    }
    return {bucket, BucketAttributes(bucket, ctx.scope.region)};
  }

  ProvisionedResource Update(const ProviderContext& ctx, const std::string& bucket,
                             const json& before, const json& after) override {
    if (Changed(before, after, "VersioningConfiguration")) {
      if (after.contains("VersioningConfiguration")) {
        Call(ctx, "s3", "PutBucketVersioning",
             {{"Bucket", bucket},
              {"VersioningConfiguration", Versioning(after["VersioningConfiguration"])}});
      } else {
        Call(ctx, "s3", "PutBucketVersioning",
             {{"Bucket", bucket}, {"VersioningConfiguration", {{"Status", "Suspended"}}}});
      }
    }
    for (const BucketConfig& config : BucketConfigs()) {
      if (!Changed(before, after, config.property)) continue;
      auto it = after.find(config.property);
      if (it != after.end() && !it->is_null()) {
        PutConfig(ctx, bucket, config, *it);
      } else {
        RemoveConfig(ctx, bucket, config);
      }
    }
    if (Changed(before, after, "Tags")) {
      auto tags = TagMap(after.value("Tags", json()));
      if (tags.empty()) {
        Call(ctx, "s3", "DeleteBucketTagging", {{"Bucket", bucket}});
      } else {
        Call(ctx, "s3", "PutBucketTagging",
             {{"Bucket", bucket}, {"Tagging", BucketTagging(after["Tags"])}});
      }
    }
    return {bucket, BucketAttributes(bucket, ctx.scope.region)};
  }

  void Delete(const ProviderContext& ctx, const std::string& bucket, const json&) override {
    UnlessGone([&] { Call(ctx, "s3", "DeleteBucket", {{"Bucket", bucket}}); });
  }

  std::optional<json> Read(const ProviderContext& ctx, const std::string& bucket,
                           const json& declared) override {
    if (!UnlessGone([&] { Call(ctx, "s3", "HeadBucket", {{"Bucket", bucket}}); })) {
      return std::nullopt;
    }
    json current = {{"BucketName", bucket}};
    json versioning = Call(ctx, "s3", "GetBucketVersioning", {{"Bucket", bucket}});
    if (versioning.contains("Status"))
      current["VersioningConfiguration"] = {{"Status", versioning["Status"]}};
    for (const BucketConfig& config : BucketConfigs()) {
      if (!declared.contains(config.property)) continue;
      json document;
      try {
        document = Call(ctx, "s3", config.get_operation, {{"Bucket", bucket}});
      } catch (const AwsError& error) {
        if (error.code == "NoSuchBucket") return std::nullopt;
        continue;  // S3 answers "no such configuration" with an error
      }
      if (!config.get_member.empty()) document = document.value(config.get_member, json::object());
      const json& wanted = declared[config.property];
      // The template's own wording when S3 holds exactly what it says; otherwise S3's state
      // translated back.
      bool same = false;
      try {
        same = config.to_api(wanted) == config.to_api(config.from_api(document)) ||
               config.to_api(wanted) == document;
      } catch (const AwsError&) {
      }
      current[std::string(config.property)] = same ? wanted : config.from_api(document);
    }
    try {
      json tagging = Call(ctx, "s3", "GetBucketTagging", {{"Bucket", bucket}});
      current["Tags"] = TagList(TagMap(tagging.value("TagSet", json::array())));
    } catch (const AwsError&) {
      current["Tags"] = json::array();
    }
    return OnlyDeclared(current, declared);
  }
};

// AWS::S3::BucketPolicy: PutBucketPolicy. Ref is the bucket name.
class S3BucketPolicyProvider final : public ResourceProvider {
 public:
  std::string_view Type() const override { return "AWS::S3::BucketPolicy"; }

  ProvisionedResource Create(const ProviderContext& ctx, const json& properties) override {
    std::string bucket = RequiredString(properties, "Bucket");
    Put(ctx, bucket, properties);
    return {bucket, json::object()};
  }

  ProvisionedResource Update(const ProviderContext& ctx, const std::string& bucket, const json&,
                             const json& after) override {
    Put(ctx, bucket, after);
    return {bucket, json::object()};
  }

  void Delete(const ProviderContext& ctx, const std::string& bucket, const json&) override {
    UnlessGone([&] { Call(ctx, "s3", "DeleteBucketPolicy", {{"Bucket", bucket}}); });
  }

  std::optional<json> Read(const ProviderContext& ctx, const std::string& bucket,
                           const json& declared) override {
    json output;
    try {
      output = Call(ctx, "s3", "GetBucketPolicy", {{"Bucket", bucket}});
    } catch (const AwsError&) {
      return std::nullopt;  // no bucket, or no policy
    }
    return OnlyDeclared(
        {{"Bucket", bucket}, {"PolicyDocument", DocumentValue(output.value("Policy", ""))}},
        declared);
  }

 private:
  static void Put(const ProviderContext& ctx, const std::string& bucket, const json& properties) {
    auto it = properties.find("PolicyDocument");
    if (it == properties.end() || it->is_null()) {
      throw PropertyError("The property {/PolicyDocument} is required");
    }
    Call(ctx, "s3", "PutBucketPolicy", {{"Bucket", bucket}, {"Policy", DocumentText(*it)}});
  }
};

}  // namespace

std::unique_ptr<ResourceProvider> MakeS3BucketProvider() {
  return std::make_unique<S3BucketProvider>();
}
std::unique_ptr<ResourceProvider> MakeS3BucketPolicyProvider() {
  return std::make_unique<S3BucketPolicyProvider>();
}

}  // namespace terrarium::iac::providers
