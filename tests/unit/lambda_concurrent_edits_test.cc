// Changes to one function from several threads at once (CloudFormation and Terraform create a
// function's aliases, versions and permissions concurrently) must all survive: each is one
// read-modify-write of the function's record.
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include "emulator/app/registry.h"
#include "emulator/core/encoding.h"
#include "emulator/dispatch/dispatcher.h"
#include "emulator/storage/store.h"
#include "tests/unit/zip_test_support.h"

namespace terrarium::services::lambda {
namespace {

using nlohmann::json;

class LambdaConcurrentEditsTest : public ::testing::Test {
 protected:
  LambdaConcurrentEditsTest() : store_(storage::OpenStore({})) {
    app::RegisterServices(table_, runtimes_);
    dispatcher_ = std::make_unique<dispatch::Dispatcher>(table_, *store_, clock_, waits_);
  }

  json Call(std::string_view operation, const json& input) {
    return dispatcher_->Invoke("lambda", operation, input, Scope{});
  }

  std::unique_ptr<storage::Store> store_;
  ManualClock clock_{std::chrono::system_clock::time_point(std::chrono::seconds(1700000000))};
  WaitHub waits_;
  dispatch::OperationTable table_;
  app::ServiceRuntimes runtimes_;
  std::unique_ptr<dispatch::Dispatcher> dispatcher_;
};

TEST_F(LambdaConcurrentEditsTest, AliasesPermissionsAndConfigurationChangesAtOnceAllSurvive) {
  std::string zip = testsupport::MakeZip({{"index.py", "def handler(e, c):\n  return e\n"}});
  Call("CreateFunction", {{"FunctionName", "f"},
                          {"Runtime", "python3.12"},
                          {"Handler", "index.handler"},
                          {"Role", "arn:aws:iam::000000000000:role/r"},
                          {"Code", {{"ZipFile", Base64Encode(zip)}}}});
  Call("PublishVersion", {{"FunctionName", "f"}});
  constexpr int kEach = 40;
  std::vector<std::thread> threads;
  threads.emplace_back([&] {
    for (int i = 0; i < kEach; ++i) {
      Call("CreateAlias",
           {{"FunctionName", "f"}, {"Name", "a" + std::to_string(i)}, {"FunctionVersion", "1"}});
    }
  });
  threads.emplace_back([&] {
    for (int i = 0; i < kEach; ++i) {
      Call("AddPermission", {{"FunctionName", "f"},
                             {"StatementId", "s" + std::to_string(i)},
                             {"Action", "lambda:InvokeFunction"},
                             {"Principal", "s3.amazonaws.com"}});
    }
  });
  threads.emplace_back([&] {
    for (int i = 0; i < kEach; ++i) {
      Call("UpdateFunctionConfiguration",
           {{"FunctionName", "f"}, {"Description", "d" + std::to_string(i)}});
    }
  });
  for (auto& thread : threads) thread.join();

  EXPECT_EQ(Call("ListAliases", {{"FunctionName", "f"}})["Aliases"].size(), kEach);
  json policy =
      json::parse(Call("GetPolicy", {{"FunctionName", "f"}})["Policy"].get<std::string>());
  EXPECT_EQ(policy["Statement"].size(), kEach);
  EXPECT_EQ(Call("GetFunctionConfiguration", {{"FunctionName", "f"}})["Description"],
            "d" + std::to_string(kEach - 1));
  EXPECT_EQ(Call("ListVersionsByFunction", {{"FunctionName", "f"}})["Versions"].size(), 2);
}

// Tags, event invoke configs, URL configs and reserved concurrency were once read and written
// back in separate transactions: one of two concurrent changes could be lost.
TEST_F(LambdaConcurrentEditsTest, TagsInvokeConfigsAndAliasesAtOnceAllSurvive) {
  std::string zip = testsupport::MakeZip({{"index.py", "def handler(e, c):\n  return e\n"}});
  json created = Call("CreateFunction", {{"FunctionName", "g"},
                                         {"Runtime", "python3.12"},
                                         {"Handler", "index.handler"},
                                         {"Role", "arn:aws:iam::000000000000:role/r"},
                                         {"Code", {{"ZipFile", Base64Encode(zip)}}},
                                         {"Publish", true}});
  std::string arn = created["FunctionArn"];
  constexpr int kEach = 40;
  std::thread tags([&] {
    for (int i = 0; i < kEach; ++i) {
      Call("TagResource", {{"Resource", arn}, {"Tags", {{"t" + std::to_string(i), "v"}}}});
    }
  });
  std::thread aliases([&] {
    for (int i = 0; i < kEach; ++i) {
      Call("CreateAlias",
           {{"FunctionName", "g"}, {"Name", "a" + std::to_string(i)}, {"FunctionVersion", "1"}});
      Call("PutFunctionEventInvokeConfig", {{"FunctionName", "g"},
                                            {"Qualifier", "a" + std::to_string(i)},
                                            {"MaximumRetryAttempts", 1}});
    }
  });
  std::thread settings([&] {
    for (int i = 0; i < kEach; ++i) {
      Call("PutFunctionConcurrency", {{"FunctionName", "g"}, {"ReservedConcurrentExecutions", i}});
      Call("PutFunctionEventInvokeConfig",
           {{"FunctionName", "g"}, {"MaximumRetryAttempts", i % 3}});
    }
  });
  tags.join();
  aliases.join();
  settings.join();

  EXPECT_EQ(Call("ListTags", {{"Resource", arn}})["Tags"].size(), kEach);
  EXPECT_EQ(Call("ListAliases", {{"FunctionName", "g"}})["Aliases"].size(), kEach);
  EXPECT_EQ(Call("ListFunctionEventInvokeConfigs",
                 {{"FunctionName", "g"}, {"MaxItems", 50}})["FunctionEventInvokeConfigs"]
                .size(),
            kEach + 1);
  EXPECT_EQ(Call("GetFunctionConcurrency", {{"FunctionName", "g"}})["ReservedConcurrentExecutions"],
            kEach - 1);
}

}  // namespace
}  // namespace terrarium::services::lambda
