// A fixture for resource provider tests: the real services behind an in-process dispatcher
// over a temporary store (registered as app/registry.cc does), the built-in providers, and
// helpers that call a provider the way the applier does.
#pragma once

#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "emulator/app/registry.h"
#include "emulator/core/aws_error.h"
#include "emulator/dispatch/dispatcher.h"
#include "emulator/storage/store.h"
#include "iac/physical_name.h"
#include "iac/providers/builtin_providers.h"
#include "iac/update_behavior.h"

namespace terrarium::iac::testing {

class ProviderTest : public ::testing::Test {
 protected:
  using json = nlohmann::json;

  ProviderTest()
      : store_(storage::OpenStore({})),
        clock_(std::chrono::system_clock::time_point(std::chrono::seconds(1700000000))) {
    app::RegisterServices(table_, runtimes_);
    dispatcher_ = std::make_unique<dispatch::Dispatcher>(table_, *store_, clock_, waits_);
    AddBuiltinProviders(providers_);
    base_.invoker = dispatcher_.get();
    base_.scope = Scope{"123456789012", "eu-west-1"};
    base_.stack_name = "demo";
    base_.stack_id =
        "arn:aws:cloudformation:eu-west-1:123456789012:stack/demo/"
        "11111111-2222-3333-4444-555555555555";
  }

  // The context the applier would pass for `logical_id` of `type`.
  ProviderContext Context(const std::string& type, const std::string& logical_id,
                          bool fifo = false) const {
    ProviderContext ctx = base_;
    ctx.logical_id = logical_id;
    if (auto rule = NameRuleFor(type)) {
      ctx.generated_name = PhysicalName(*rule, base_.stack_name, logical_id, "ABCDEFGHIJKLM", fifo);
    }
    return ctx;
  }

  ResourceProvider& Provider(const std::string& type) const {
    ResourceProvider* provider = providers_.Find(type);
    if (provider == nullptr) throw std::runtime_error("no provider for " + type);
    return *provider;
  }

  ProvisionedResource Create(const std::string& type, const std::string& logical_id,
                             const json& properties) {
    return Provider(type).Create(Context(type, logical_id), properties);
  }
  ProvisionedResource Update(const std::string& type, const std::string& logical_id,
                             const std::string& physical_id, const json& before,
                             const json& after) {
    return Provider(type).Update(Context(type, logical_id), physical_id, before, after);
  }
  void Delete(const std::string& type, const std::string& physical_id, const json& properties) {
    Provider(type).Delete(Context(type, "X"), physical_id, properties);
  }
  std::optional<json> Read(const std::string& type, const std::string& physical_id,
                           const json& declared) {
    return Provider(type).Read(Context(type, "X"), physical_id, declared);
  }

  json Call(const std::string& service, const std::string& operation, const json& input) {
    return dispatcher_->Invoke(service, operation, input, base_.scope);
  }

  // The error code `operation` answers, or "" when it succeeds.
  std::string ErrorOf(const std::string& service, const std::string& operation, const json& input) {
    try {
      Call(service, operation, input);
    } catch (const AwsError& error) {
      return error.code;
    }
    return "";
  }

  std::unique_ptr<storage::Store> store_;
  ManualClock clock_;
  WaitHub waits_;
  app::ServiceRuntimes runtimes_;
  dispatch::OperationTable table_;
  std::unique_ptr<dispatch::Dispatcher> dispatcher_;
  ProviderRegistry providers_;
  ProviderContext base_;
};

}  // namespace terrarium::iac::testing
