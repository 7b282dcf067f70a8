// In-process SQS for unit tests: handlers called directly on an ephemeral store, with a
// ManualClock so visibility and delays are tested without sleeping.
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <string>

#include <nlohmann/json.hpp>

#include "emulator/core/aws_error.h"
#include "emulator/core/clock.h"
#include "emulator/core/request_context.h"
#include "emulator/core/wait_hub.h"
#include "emulator/services/sqs/ops.h"
#include "emulator/storage/store.h"

namespace terrarium::services::sqs {

class SqsFixture {
 public:
  SqsFixture()
      : store_(storage::OpenStore({})),
        clock_(std::chrono::system_clock::time_point(std::chrono::seconds(1700000000))) {}

  RequestContext Context() {
    RequestContext ctx;
    ctx.service = "sqs";
    ctx.clock = &clock_;
    ctx.store = store_.get();
    ctx.waits = &waits_;
    return ctx;
  }

  template <typename Handler>
  nlohmann::json Call(Handler handler, const nlohmann::json& input) {
    RequestContext ctx = Context();
    return handler(ctx, input);
  }

  std::string NewQueue(const std::string& name,
                       nlohmann::json attributes = nlohmann::json::object()) {
    nlohmann::json input = {{"QueueName", name}};
    if (!attributes.empty()) input["Attributes"] = attributes;
    return Call(CreateQueue, input)["QueueUrl"];
  }

  nlohmann::json Receive(const std::string& url, nlohmann::json extra = nlohmann::json::object()) {
    extra["QueueUrl"] = url;
    nlohmann::json out = Call(ReceiveMessage, extra);
    return out.value("Messages", nlohmann::json::array());
  }

  void Send(const std::string& url, const std::string& body,
            nlohmann::json extra = nlohmann::json::object()) {
    extra["QueueUrl"] = url;
    extra["MessageBody"] = body;
    Call(SendMessage, extra);
  }

  // The code of the AwsError `fn` throws ("" when it throws none).
  static std::string ErrorCode(const std::function<void()>& fn) {
    try {
      fn();
    } catch (const AwsError& e) {
      return e.code;
    }
    return "";
  }

  void Advance(std::chrono::milliseconds by) { clock_.Advance(by); }

 protected:
  std::unique_ptr<storage::Store> store_;
  ManualClock clock_;
  WaitHub waits_;
};

}  // namespace terrarium::services::sqs
