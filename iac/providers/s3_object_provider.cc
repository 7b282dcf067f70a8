// Terrarium::S3::Object: one S3 object, a type CloudFormation does not have, for what Terraform's
// aws_s3_object declares (importers/terraform). Properties: Bucket, Key, Content (text) or
// ContentBase64 (bytes), ContentType, Metadata ({"k": "v"}), Tags ([{Key, Value}]) and ETag
// (the content's MD5 as Terraform records it, compared by drift detection, ignored on create).
// The physical id is "bucket/key" (bucket names have no "/"). Content is write-only: drift
// detection compares the ETag instead (iac/drift.cc lists write-only properties).
#include "emulator/core/encoding.h"
#include "iac/providers/provider_factories.h"
#include "iac/providers/provider_support.h"

namespace terrarium::iac::providers {
namespace {

struct ObjectId {
  std::string bucket;
  std::string key;
};

ObjectId Split(const std::string& physical_id) {
  std::size_t slash = physical_id.find('/');
  if (slash == std::string::npos) return {physical_id, ""};
  return {physical_id.substr(0, slash), physical_id.substr(slash + 1)};
}

std::string ContentOf(const json& properties) {
  if (properties.contains("ContentBase64")) {
    auto bytes = Base64Decode(TextValue(properties["ContentBase64"], "ContentBase64"));
    if (!bytes) throw PropertyError("{/ContentBase64} is not base64");
    return *bytes;
  }
  return properties.contains("Content") ? TextValue(properties["Content"], "Content") : "";
}

class S3ObjectProvider final : public ResourceProvider {
 public:
  std::string_view Type() const override { return "Terrarium::S3::Object"; }

  ProvisionedResource Create(const ProviderContext& ctx, const json& properties) override {
    ObjectId id{RequiredString(properties, "Bucket"), RequiredString(properties, "Key")};
    json input = {{"Bucket", id.bucket}, {"Key", id.key}};
    if (properties.contains("ContentType")) {
      input["ContentType"] = StringOr(properties, "ContentType");
    }
    if (properties.contains("Metadata")) input["Metadata"] = properties["Metadata"];
    InvokePayloads payloads;
    payloads.request = Body::FromString(ContentOf(properties));
    json put = ctx.invoker->Invoke("s3", "PutObject", input, ctx.scope, std::move(payloads));
    if (properties.contains("Tags")) {
      Call(ctx, "s3", "PutObjectTagging",
           {{"Bucket", id.bucket},
            {"Key", id.key},
            {"Tagging", {{"TagSet", TagList(TagMap(properties["Tags"]))}}}});
    }
    return {id.bucket + "/" + id.key, {{"ETag", put.value("ETag", "")}}};
  }

  ProvisionedResource Update(const ProviderContext& ctx, const std::string& physical_id,
                             const json&, const json& after) override {
    ProvisionedResource written = Create(ctx, after);
    if (written.physical_id != physical_id) Delete(ctx, physical_id, after);
    return written;
  }

  void Delete(const ProviderContext& ctx, const std::string& physical_id, const json&) override {
    ObjectId id = Split(physical_id);
    UnlessGone([&] { Call(ctx, "s3", "DeleteObject", {{"Bucket", id.bucket}, {"Key", id.key}}); });
  }

  std::optional<json> Read(const ProviderContext& ctx, const std::string& physical_id,
                           const json& declared) override {
    ObjectId id = Split(physical_id);
    json head;
    if (!UnlessGone([&] {
          head = Call(ctx, "s3", "HeadObject", {{"Bucket", id.bucket}, {"Key", id.key}});
        })) {
      return std::nullopt;
    }
    std::string etag = head.value("ETag", "");
    if (etag.size() >= 2 && etag.front() == '"') etag = etag.substr(1, etag.size() - 2);
    json current = {{"Bucket", id.bucket},
                    {"Key", id.key},
                    {"ETag", etag},
                    {"ContentType", head.value("ContentType", "")},
                    {"Metadata", head.value("Metadata", json::object())}};
    json tags = Call(ctx, "s3", "GetObjectTagging", {{"Bucket", id.bucket}, {"Key", id.key}});
    current["Tags"] = tags.value("TagSet", json::array());
    return OnlyDeclared(current, declared);
  }
};

}  // namespace

std::unique_ptr<ResourceProvider> MakeS3ObjectProvider() {
  return std::make_unique<S3ObjectProvider>();
}

}  // namespace terrarium::iac::providers
