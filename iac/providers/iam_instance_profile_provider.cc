// AWS::IAM::InstanceProfile: CreateInstanceProfile and its role (IAM allows one). Ref is the
// profile name; GetAtt Arn.
#include <algorithm>

#include "iac/providers/iam_entities.h"
#include "iac/providers/provider_factories.h"

namespace terrarium::iac::providers {
namespace {

class IamInstanceProfileProvider final : public ResourceProvider {
 public:
  std::string_view Type() const override { return "AWS::IAM::InstanceProfile"; }

  ProvisionedResource Create(const ProviderContext& ctx, const json& properties) override {
    std::string name = GivenOrGeneratedName(ctx, properties, "InstanceProfileName");
    auto roles = EntityNames(properties, IamRoles());
    if (roles.empty()) throw PropertyError("The property {/Roles} is required");
    json profile = Call(ctx, "iam", "CreateInstanceProfile",
                        {{"InstanceProfileName", name},
                         {"Path", StringOr(properties, "Path", "/")}})["InstanceProfile"];
    try {
      SetRoles(ctx, name, {}, roles);
    } catch (...) {
      Delete(ctx, name, properties);
      throw;
    }
    return {name, {{"Arn", profile["Arn"]}}};
  }

  ProvisionedResource Update(const ProviderContext& ctx, const std::string& name,
                             const json& before, const json& after) override {
    SetRoles(ctx, name, EntityNames(before, IamRoles()), EntityNames(after, IamRoles()));
    json profile = Call(ctx, "iam", "GetInstanceProfile", {{"InstanceProfileName", name}});
    return {name, {{"Arn", profile["InstanceProfile"]["Arn"]}}};
  }

  void Delete(const ProviderContext& ctx, const std::string& name, const json&) override {
    UnlessGone([&] {
      json profile = Call(ctx, "iam", "GetInstanceProfile", {{"InstanceProfileName", name}});
      for (const json& role : profile["InstanceProfile"].value("Roles", json::array())) {
        UnlessGone([&] {
          Call(ctx, "iam", "RemoveRoleFromInstanceProfile",
               {{"InstanceProfileName", name}, {"RoleName", role["RoleName"]}});
        });
      }
      Call(ctx, "iam", "DeleteInstanceProfile", {{"InstanceProfileName", name}});
    });
  }

  std::optional<json> Read(const ProviderContext& ctx, const std::string& name,
                           const json& declared) override {
    json profile;
    if (!UnlessGone([&] {
          profile = Call(ctx, "iam", "GetInstanceProfile",
                         {{"InstanceProfileName", name}})["InstanceProfile"];
        })) {
      return std::nullopt;
    }
    json roles = json::array();
    for (const json& role : profile.value("Roles", json::array()))
      roles.push_back(role["RoleName"]);
    return OnlyDeclared({{"InstanceProfileName", profile["InstanceProfileName"]},
                         {"Path", profile["Path"]},
                         {"Roles", roles}},
                        declared);
  }

 private:
  static void SetRoles(const ProviderContext& ctx, const std::string& name,
                       const std::vector<std::string>& before,
                       const std::vector<std::string>& after) {
    for (const std::string& role : before) {
      if (std::find(after.begin(), after.end(), role) != after.end()) continue;
      UnlessGone([&] {
        Call(ctx, "iam", "RemoveRoleFromInstanceProfile",
             {{"InstanceProfileName", name}, {"RoleName", role}});
      });
    }
    for (const std::string& role : after) {
      if (std::find(before.begin(), before.end(), role) != before.end()) continue;
      Call(ctx, "iam", "AddRoleToInstanceProfile",
           {{"InstanceProfileName", name}, {"RoleName", role}});
    }
  }
};

}  // namespace

std::unique_ptr<ResourceProvider> MakeIamInstanceProfileProvider() {
  return std::make_unique<IamInstanceProfileProvider>();
}

}  // namespace terrarium::iac::providers
