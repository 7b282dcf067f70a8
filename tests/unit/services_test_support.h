// A fixture for tests that run operations in process: every service registered as
// app/registry.cc does, over a temporary store, behind the real dispatcher, with a manual clock
// (no sleeping).
#pragma once

#include <gtest/gtest.h>

#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "emulator/app/registry.h"
#include "emulator/core/aws_error.h"
#include "emulator/core/clock.h"
#include "emulator/core/wait_hub.h"
#include "emulator/dispatch/dispatcher.h"
#include "emulator/storage/store.h"

namespace terrarium::test_support {

// The manual clock's start: 2023-11-14T22:13:20Z.
inline constexpr int64_t kStartSeconds = 1700000000;

class ServicesTest : public ::testing::Test {
 protected:
  using json = nlohmann::json;

  ServicesTest() : ServicesTest(storage::OpenStore({})) {}
  // Over `store` (a decorator of a real store, say).
  explicit ServicesTest(std::unique_ptr<storage::Store> store)
      : store_(std::move(store)),
        clock_(std::chrono::system_clock::time_point(std::chrono::seconds(kStartSeconds))) {
    app::RegisterServices(table_, runtimes_);
    dispatcher_ = std::make_unique<dispatch::Dispatcher>(table_, *store_, clock_, waits_);
  }

  json Invoke(std::string_view service, std::string_view operation, const json& input,
              const Scope& scope = {}) {
    return dispatcher_->Invoke(service, operation, input, scope);
  }

  // The code of the AwsError `call` throws, or "" when it succeeds.
  static std::string ErrorCode(const std::function<void()>& call) {
    try {
      call();
    } catch (const AwsError& error) {
      return error.code;
    }
    return "";
  }

  // The error code `operation` answers, or "" when it succeeds.
  std::string ErrorOf(std::string_view service, std::string_view operation, const json& input,
                      const Scope& scope = {}) {
    return ErrorCode([&] { Invoke(service, operation, input, scope); });
  }

  std::unique_ptr<storage::Store> store_;
  ManualClock clock_;
  WaitHub waits_;
  app::ServiceRuntimes runtimes_;
  dispatch::OperationTable table_;
  std::unique_ptr<dispatch::Dispatcher> dispatcher_;
};

}  // namespace terrarium::test_support
