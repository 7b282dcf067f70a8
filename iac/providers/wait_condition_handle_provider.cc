// AWS::CloudFormation::WaitConditionHandle: no service holds it. Ref is the URL CloudFormation
// hands out for signals: its bucket, then the stack ARN and logical id. Terrarium has no
// AWS::CloudFormation::WaitCondition yet, so nothing reads signals sent there and the URL
// carries no signature.
#include "emulator/core/url.h"
#include "iac/providers/provider_factories.h"
#include "iac/providers/provider_support.h"

namespace terrarium::iac::providers {
namespace {

class WaitConditionHandleProvider final : public ResourceProvider {
 public:
  std::string_view Type() const override { return "AWS::CloudFormation::WaitConditionHandle"; }

  ProvisionedResource Create(const ProviderContext& ctx, const json&) override {
    std::string url = "https://cloudformation-waitcondition-" + ctx.scope.region +
                      ".s3.amazonaws.com/" + PercentEncode(ctx.stack_id, true) + "/" +
                      ctx.logical_id;
    return {url, json::object()};
  }

  ProvisionedResource Update(const ProviderContext&, const std::string& physical_id, const json&,
                             const json&) override {
    return {physical_id, json::object()};
  }

  void Delete(const ProviderContext&, const std::string&, const json&) override {}

  std::optional<json> Read(const ProviderContext&, const std::string&, const json&) override {
    return json::object();
  }
};

}  // namespace

std::unique_ptr<ResourceProvider> MakeWaitConditionHandleProvider() {
  return std::make_unique<WaitConditionHandleProvider>();
}

}  // namespace terrarium::iac::providers
