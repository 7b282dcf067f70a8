// A fixture for resource provider tests: the real services behind an in-process dispatcher
// over a temporary store (registered as app/registry.cc does), the built-in providers, and
// helpers that call a provider the way the applier does.
#pragma once

#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "iac/physical_name.h"
#include "iac/providers/builtin_providers.h"
#include "iac/update_behavior.h"
#include "tests/unit/services_test_support.h"

namespace terrarium::iac::testing {

class ProviderTest : public test_support::ServicesTest {
 protected:
  ProviderTest() {
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
    return Invoke(service, operation, input, base_.scope);
  }

  // The error code `operation` answers in the stack's scope, or "" when it succeeds.
  std::string ErrorOf(const std::string& service, const std::string& operation, const json& input) {
    return ServicesTest::ErrorOf(service, operation, input, base_.scope);
  }

  ProviderRegistry providers_;
  ProviderContext base_;
};

}  // namespace terrarium::iac::testing
