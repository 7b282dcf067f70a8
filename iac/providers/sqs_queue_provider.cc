// AWS::SQS::Queue: CreateQueue with the template's attributes and tags; updates send only the
// changed attributes (a removed one goes back to SQS's default) and the tag difference.
// Ref is the queue URL; Fn::GetAtt gives Arn, QueueName and QueueUrl.
#include <algorithm>
#include <array>

#include "iac/providers/provider_factories.h"
#include "iac/providers/provider_support.h"

namespace terrarium::iac::providers {
namespace {

enum class AttributeKind { kInteger, kBoolean, kText, kDocument };

// A queue attribute as the template names it; `reset` is what removing it sets.
struct QueueAttribute {
  std::string_view name;
  AttributeKind kind;
  std::string_view reset;
  bool fifo_only = false;
};

constexpr std::array<QueueAttribute, 13> kAttributes{{
    {"DelaySeconds", AttributeKind::kInteger, "0"},
    {"MaximumMessageSize", AttributeKind::kInteger, "262144"},
    {"MessageRetentionPeriod", AttributeKind::kInteger, "345600"},
    {"ReceiveMessageWaitTimeSeconds", AttributeKind::kInteger, "0"},
    {"VisibilityTimeout", AttributeKind::kInteger, "30"},
    {"KmsDataKeyReusePeriodSeconds", AttributeKind::kInteger, "300"},
    {"KmsMasterKeyId", AttributeKind::kText, ""},
    {"SqsManagedSseEnabled", AttributeKind::kBoolean, "true"},
    {"RedrivePolicy", AttributeKind::kDocument, ""},
    {"RedriveAllowPolicy", AttributeKind::kDocument, ""},
    {"ContentBasedDeduplication", AttributeKind::kBoolean, "false", true},
    {"DeduplicationScope", AttributeKind::kText, "queue", true},
    {"FifoThroughputLimit", AttributeKind::kText, "perQueue", true},
}};

// The attribute value SQS takes (always a string) for template value `value`.
std::string AttributeText(const QueueAttribute& attribute, const json& value) {
  switch (attribute.kind) {
    case AttributeKind::kInteger:
      return std::to_string(IntegerValue(value, attribute.name));
    case AttributeKind::kBoolean:
      return BooleanValue(value, attribute.name) ? "true" : "false";
    case AttributeKind::kDocument:
      return DocumentText(value);
    case AttributeKind::kText:
      break;
  }
  return TextValue(value, attribute.name);
}

// SQS's answer back in template form.
json TemplateValue(const QueueAttribute& attribute, const std::string& text) {
  switch (attribute.kind) {
    case AttributeKind::kInteger:
      return IntegerValue(text, attribute.name);
    case AttributeKind::kBoolean:
      return text == "true";
    case AttributeKind::kDocument:
      return DocumentValue(text);
    case AttributeKind::kText:
      break;
  }
  return text;
}

bool IsFifo(const json& properties) {
  auto it = properties.find("FifoQueue");
  return it != properties.end() && !it->is_null() && BooleanValue(*it, "FifoQueue");
}

class SqsQueueProvider final : public ResourceProvider {
 public:
  std::string_view Type() const override { return "AWS::SQS::Queue"; }

  ProvisionedResource Create(const ProviderContext& ctx, const json& properties) override {
    const bool fifo = IsFifo(properties);
    std::string name = GivenOrGeneratedName(ctx, properties, "QueueName");
    if (fifo && !name.ends_with(".fifo")) {
      throw PropertyError("A FIFO queue's name must end with .fifo: {/QueueName} is " + name);
    }
    json attributes = json::object();
    if (fifo) attributes["FifoQueue"] = "true";
    for (const QueueAttribute& a : kAttributes) {
      auto it = properties.find(a.name);
      if (it != properties.end() && !it->is_null()) {
        attributes[std::string(a.name)] = AttributeText(a, *it);
      }
    }
    json input = {{"QueueName", name}, {"Attributes", attributes}};
    auto tags = TagMap(properties.value("Tags", json()));
    if (!tags.empty()) input["tags"] = TagObject(tags);
    std::string url = Call(ctx, "sqs", "CreateQueue", input)["QueueUrl"];
    return Provisioned(ctx, url);
  }

  ProvisionedResource Update(const ProviderContext& ctx, const std::string& physical_id,
                             const json& before, const json& after) override {
    const bool fifo = IsFifo(after);
    json attributes = json::object();
    for (const QueueAttribute& a : kAttributes) {
      if (!Changed(before, after, a.name) || (a.fifo_only && !fifo)) continue;
      auto it = after.find(a.name);
      attributes[std::string(a.name)] =
          it == after.end() || it->is_null() ? std::string(a.reset) : AttributeText(a, *it);
    }
    if (!attributes.empty()) {
      Call(ctx, "sqs", "SetQueueAttributes",
           {{"QueueUrl", physical_id}, {"Attributes", attributes}});
    }
    TagChanges tags = DiffTags(before.value("Tags", json()), after.value("Tags", json()));
    if (!tags.removed.empty()) {
      Call(ctx, "sqs", "UntagQueue", {{"QueueUrl", physical_id}, {"TagKeys", tags.removed}});
    }
    if (!tags.set.empty()) {
      Call(ctx, "sqs", "TagQueue", {{"QueueUrl", physical_id}, {"Tags", TagObject(tags.set)}});
    }
    return Provisioned(ctx, physical_id);
  }

  void Delete(const ProviderContext& ctx, const std::string& physical_id, const json&) override {
    UnlessGone([&] { Call(ctx, "sqs", "DeleteQueue", {{"QueueUrl", physical_id}}); });
  }

  std::optional<json> Read(const ProviderContext& ctx, const std::string& physical_id,
                           const json& declared) override {
    json attributes;
    json tags;
    bool exists = UnlessGone([&] {
      attributes = Call(ctx, "sqs", "GetQueueAttributes",
                        {{"QueueUrl", physical_id}, {"AttributeNames", {"All"}}})
                       .value("Attributes", json::object());
      tags = Call(ctx, "sqs", "ListQueueTags", {{"QueueUrl", physical_id}})
                 .value("Tags", json::object());
    });
    if (!exists) return std::nullopt;
    json current = json::object();
    current["QueueName"] = QueueNameOf(physical_id);
    if (attributes.value("FifoQueue", "") == "true") current["FifoQueue"] = true;
    for (const QueueAttribute& a : kAttributes) {
      auto it = attributes.find(a.name);
      if (it != attributes.end() && !(a.kind == AttributeKind::kDocument && *it == "")) {
        current[std::string(a.name)] = TemplateValue(a, it->get<std::string>());
      }
    }
    current["Tags"] = TagList(TagMapOfObject(tags));
    return OnlyDeclared(current, declared);
  }

 private:
  static std::string QueueNameOf(const std::string& url) { return url.substr(url.rfind('/') + 1); }

  static ProvisionedResource Provisioned(const ProviderContext& ctx, const std::string& answered) {
    // In process SQS names localhost:4566; the URL a client gets names the host it addressed.
    std::string url = WithHost(answered, ctx.host);
    std::string arn =
        Call(ctx, "sqs", "GetQueueAttributes",
             {{"QueueUrl", url}, {"AttributeNames", {"QueueArn"}}})["Attributes"]["QueueArn"];
    return {url, {{"Arn", arn}, {"QueueName", QueueNameOf(url)}, {"QueueUrl", url}}};
  }
};

// AWS::SQS::QueuePolicy: sets the Policy attribute of each queue in Queues (URLs); removing a
// queue from the list or deleting the resource clears it there. Ref is a generated id.
class SqsQueuePolicyProvider final : public ResourceProvider {
 public:
  std::string_view Type() const override { return "AWS::SQS::QueuePolicy"; }

  ProvisionedResource Create(const ProviderContext& ctx, const json& properties) override {
    Apply(ctx, properties);
    std::string id = GeneratedId(ctx);
    return {id, {{"Id", id}}};
  }

  ProvisionedResource Update(const ProviderContext& ctx, const std::string& physical_id,
                             const json& before, const json& after) override {
    auto kept = QueuesOf(after);
    for (const std::string& url : QueuesOf(before)) {
      if (std::find(kept.begin(), kept.end(), url) == kept.end()) Clear(ctx, url);
    }
    Apply(ctx, after);
    return {physical_id, {{"Id", physical_id}}};
  }

  void Delete(const ProviderContext& ctx, const std::string&, const json& properties) override {
    for (const std::string& url : QueuesOf(properties)) Clear(ctx, url);
  }

  std::optional<json> Read(const ProviderContext& ctx, const std::string&,
                           const json& declared) override {
    json current = {{"Queues", declared.value("Queues", json::array())}};
    for (const std::string& url : QueuesOf(declared)) {
      json attributes;
      if (!UnlessGone([&] {
            attributes = Call(ctx, "sqs", "GetQueueAttributes",
                              {{"QueueUrl", url}, {"AttributeNames", {"Policy"}}})
                             .value("Attributes", json::object());
          })) {
        return std::nullopt;
      }
      std::string policy = attributes.value("Policy", "");
      if (policy.empty()) return std::nullopt;
      current["PolicyDocument"] = DocumentValue(policy);
    }
    return OnlyDeclared(current, declared);
  }

 private:
  static std::vector<std::string> QueuesOf(const json& properties) {
    std::vector<std::string> urls;
    json queues = properties.value("Queues", json::array());
    if (!queues.is_array())
      throw PropertyError("Value of property {/Queues} does not match type {Array}");
    for (const json& q : queues) urls.push_back(TextValue(q, "Queues"));
    return urls;
  }

  static void Apply(const ProviderContext& ctx, const json& properties) {
    if (!properties.contains("PolicyDocument")) {
      throw PropertyError("The property {/PolicyDocument} is required");
    }
    auto urls = QueuesOf(properties);
    if (urls.empty()) throw PropertyError("The property {/Queues} is required");
    std::string policy = DocumentText(properties["PolicyDocument"]);
    for (const std::string& url : urls) {
      Call(ctx, "sqs", "SetQueueAttributes",
           {{"QueueUrl", url}, {"Attributes", {{"Policy", policy}}}});
    }
  }

  static void Clear(const ProviderContext& ctx, const std::string& url) {
    UnlessGone([&] {
      Call(ctx, "sqs", "SetQueueAttributes", {{"QueueUrl", url}, {"Attributes", {{"Policy", ""}}}});
    });
  }
};

}  // namespace

std::unique_ptr<ResourceProvider> MakeSqsQueueProvider() {
  return std::make_unique<SqsQueueProvider>();
}
std::unique_ptr<ResourceProvider> MakeSqsQueuePolicyProvider() {
  return std::make_unique<SqsQueuePolicyProvider>();
}

}  // namespace terrarium::iac::providers
