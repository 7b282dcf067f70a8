// A resource provider creates, reads, updates and deletes one CloudFormation resource type
// (AWS::SQS::Queue, ...) by calling the emulator's operations in process through
// OperationInvoker::Invoke (the dispatcher), never the stores, so templates get every validation
// and error the API gives (STYLE.md point 8). Providers throw AwsError (Invoke's errors pass
// through); the applier turns it into the resource's failure reason.
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "emulator/core/operation_invoker.h"
#include "emulator/core/scope.h"

namespace terrarium::iac {

// What a provider call knows besides the properties.
struct ProviderContext {
  OperationInvoker* invoker = nullptr;  // the dispatcher; null only in tests with fake providers
  Scope scope;                          // the stack's account and region
  // The host:port the request that started the work addressed: queue URLs (physical ids and
  // attributes) name it, as SQS answers a client. Empty: localhost:4566, as in-process calls get.
  std::string host;
  std::string stack_name;
  std::string stack_id;
  std::string logical_id;
  // The name to give a resource whose template does not name it ("<stack>-<logicalId>-<RANDOM>"
  // within the type's limits, see physical_name.h); empty for types that take no name.
  std::string generated_name;
};

// A resource as it exists: what Ref returns and what Fn::GetAtt can ask for.
struct ProvisionedResource {
  std::string physical_id;
  nlohmann::json attributes = nlohmann::json::object();  // e.g. {"Arn": ..., "QueueName": ...}
};

class ResourceProvider {
 public:
  virtual ~ResourceProvider() = default;

  // The CloudFormation type this provider serves.
  virtual std::string_view Type() const = 0;

  // Creates the resource from its resolved properties (no intrinsics left).
  virtual ProvisionedResource Create(const ProviderContext& ctx,
                                     const nlohmann::json& properties) = 0;

  // Changes the resource in place from `before` to `after`. Only called when no changed
  // property requires replacement (update_behavior.h); replacements are Create + Delete.
  virtual ProvisionedResource Update(const ProviderContext& ctx, const std::string& physical_id,
                                     const nlohmann::json& before, const nlohmann::json& after) = 0;

  // Deletes the resource; a resource that is already gone is not an error.
  virtual void Delete(const ProviderContext& ctx, const std::string& physical_id,
                      const nlohmann::json& properties) = 0;

  // The resource's current properties in template vocabulary, limited to those `declared`
  // names, for drift detection; nullopt when it no longer exists.
  virtual std::optional<nlohmann::json> Read(const ProviderContext& ctx,
                                             const std::string& physical_id,
                                             const nlohmann::json& declared) = 0;
};

// The providers by type. An unknown type is not skipped: the applier fails that resource with
// "Unrecognized resource type ... is not supported by Terrarium".
class ProviderRegistry {
 public:
  void Add(std::unique_ptr<ResourceProvider> provider) {
    std::string type(provider->Type());
    providers_[std::move(type)] = std::move(provider);
  }
  ResourceProvider* Find(std::string_view type) const {
    auto it = providers_.find(type);
    return it == providers_.end() ? nullptr : it->second.get();
  }

 private:
  std::map<std::string, std::unique_ptr<ResourceProvider>, std::less<>> providers_;
};

}  // namespace terrarium::iac
