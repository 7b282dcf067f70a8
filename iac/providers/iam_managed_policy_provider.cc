// AWS::IAM::ManagedPolicy: CreatePolicy and the attachments to Roles, Users and Groups. A new
// document becomes a new default version (the oldest other version goes when IAM's five are
// used up); attachments follow the lists. Ref is the policy ARN; GetAtt PolicyArn, PolicyId,
// DefaultVersionId, AttachmentCount, IsAttachable.
#include <algorithm>

#include "iac/providers/iam_entities.h"
#include "iac/providers/provider_factories.h"

namespace terrarium::iac::providers {
namespace {

constexpr std::size_t kMaxPolicyVersions = 5;

class IamManagedPolicyProvider final : public ResourceProvider {
 public:
  std::string_view Type() const override { return "AWS::IAM::ManagedPolicy"; }

  ProvisionedResource Create(const ProviderContext& ctx, const json& properties) override {
    if (!properties.contains("PolicyDocument")) {
      throw PropertyError("The property {/PolicyDocument} is required");
    }
    json input = {{"PolicyName", GivenOrGeneratedName(ctx, properties, "ManagedPolicyName")},
                  {"Path", StringOr(properties, "Path", "/")},
                  {"PolicyDocument", DocumentText(properties["PolicyDocument"])}};
    if (properties.contains("Description"))
      input["Description"] = StringOr(properties, "Description");
    std::string arn = Call(ctx, "iam", "CreatePolicy", input)["Policy"]["Arn"];
    try {
      Attach(ctx, arn, json::object(), properties);
    } catch (...) {
      Delete(ctx, arn, properties);
      throw;
    }
    return Provisioned(ctx, arn);
  }

  ProvisionedResource Update(const ProviderContext& ctx, const std::string& arn, const json& before,
                             const json& after) override {
    if (Changed(before, after, "PolicyDocument")) {
      json versions = Call(ctx, "iam", "ListPolicyVersions", {{"PolicyArn", arn}})
                          .value("Versions", json::array());
      if (versions.size() >= kMaxPolicyVersions) DeleteOldestVersion(ctx, arn, versions);
      Call(ctx, "iam", "CreatePolicyVersion",
           {{"PolicyArn", arn},
            {"PolicyDocument", DocumentText(after.value("PolicyDocument", json()))},
            {"SetAsDefault", true}});
    }
    Attach(ctx, arn, before, after);
    return Provisioned(ctx, arn);
  }

  void Delete(const ProviderContext& ctx, const std::string& arn, const json&) override {
    UnlessGone([&] {
      json attached = AttachedEntities(ctx, arn);
      for (const IamEntityKind& kind : kIamEntityKinds) {
        for (const std::string& name : EntityNames(attached, kind)) {
          UnlessGone([&] {
            Call(ctx, "iam", kind.detach,
                 {{std::string(kind.name_member), name}, {"PolicyArn", arn}});
          });
        }
      }
      json versions = Call(ctx, "iam", "ListPolicyVersions", {{"PolicyArn", arn}});
      for (const json& v : versions.value("Versions", json::array())) {
        if (v.value("IsDefaultVersion", false)) continue;
        Call(ctx, "iam", "DeletePolicyVersion",
             {{"PolicyArn", arn}, {"VersionId", v["VersionId"]}});
      }
      Call(ctx, "iam", "DeletePolicy", {{"PolicyArn", arn}});
    });
  }

  std::optional<json> Read(const ProviderContext& ctx, const std::string& arn,
                           const json& declared) override {
    json current = json::object();
    bool exists = UnlessGone([&] {
      json policy = Call(ctx, "iam", "GetPolicy", {{"PolicyArn", arn}})["Policy"];
      current["ManagedPolicyName"] = policy["PolicyName"];
      current["Path"] = policy["Path"];
      if (policy.contains("Description")) current["Description"] = policy["Description"];
      json version = Call(ctx, "iam", "GetPolicyVersion",
                          {{"PolicyArn", arn}, {"VersionId", policy["DefaultVersionId"]}});
      current["PolicyDocument"] = DecodedDocument(version["PolicyVersion"].value("Document", ""));
      current.update(AttachedEntities(ctx, arn));
    });
    if (!exists) return std::nullopt;
    return OnlyDeclared(current, declared);
  }

 private:
  // {"Roles": [names], "Users": [...], "Groups": [...]}: who the policy is attached to.
  static json AttachedEntities(const ProviderContext& ctx, const std::string& arn) {
    json entities = Call(ctx, "iam", "ListEntitiesForPolicy", {{"PolicyArn", arn}});
    json out = json::object();
    for (const IamEntityKind& kind : kIamEntityKinds) {
      // ListEntitiesForPolicy's lists are "PolicyRoles", "PolicyUsers", "PolicyGroups".
      json names = json::array();
      for (const json& entity :
           entities.value("Policy" + std::string(kind.list_property), json::array())) {
        names.push_back(entity[std::string(kind.name_member)]);
      }
      out[std::string(kind.list_property)] = names;
    }
    return out;
  }

  // Attaches to the entities `after` lists and `before` did not; detaches the reverse.
  static void Attach(const ProviderContext& ctx, const std::string& arn, const json& before,
                     const json& after) {
    for (const IamEntityKind& kind : kIamEntityKinds) {
      auto old_names = EntityNames(before, kind);
      auto new_names = EntityNames(after, kind);
      for (const std::string& name : old_names) {
        if (std::find(new_names.begin(), new_names.end(), name) != new_names.end()) continue;
        UnlessGone([&] {
          Call(ctx, "iam", kind.detach,
               {{std::string(kind.name_member), name}, {"PolicyArn", arn}});
        });
      }
      for (const std::string& name : new_names) {
        if (std::find(old_names.begin(), old_names.end(), name) != old_names.end()) continue;
        Call(ctx, "iam", kind.attach, {{std::string(kind.name_member), name}, {"PolicyArn", arn}});
      }
    }
  }

  static void DeleteOldestVersion(const ProviderContext& ctx, const std::string& arn,
                                  const json& versions) {
    const json* oldest = nullptr;
    for (const json& v : versions) {
      if (v.value("IsDefaultVersion", false)) continue;
      if (oldest == nullptr || v.value("CreateDate", 0.0) < oldest->value("CreateDate", 0.0)) {
        oldest = &v;
      }
    }
    if (oldest != nullptr) {
      Call(ctx, "iam", "DeletePolicyVersion",
           {{"PolicyArn", arn}, {"VersionId", (*oldest)["VersionId"]}});
    }
  }

  static ProvisionedResource Provisioned(const ProviderContext& ctx, const std::string& arn) {
    json policy = Call(ctx, "iam", "GetPolicy", {{"PolicyArn", arn}})["Policy"];
    return {arn,
            {{"PolicyArn", arn},
             {"PolicyId", policy["PolicyId"]},
             {"DefaultVersionId", policy["DefaultVersionId"]},
             {"AttachmentCount", policy.value("AttachmentCount", 0)},
             {"IsAttachable", policy.value("IsAttachable", true)}}};
  }
};

}  // namespace

std::unique_ptr<ResourceProvider> MakeIamManagedPolicyProvider() {
  return std::make_unique<IamManagedPolicyProvider>();
}

}  // namespace terrarium::iac::providers
