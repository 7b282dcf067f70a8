#include <gtest/gtest.h>

#include "emulator/app/registry.h"
#include "emulator/core/aws_error.h"
#include "emulator/dispatch/dispatcher.h"
#include "emulator/models/service_model.h"
#include "emulator/storage/store.h"

namespace terrarium::dispatch {
namespace {

class DispatcherTest : public ::testing::Test {
 protected:
  DispatcherTest()
      : store_(storage::OpenStore({})),
        clock_(std::chrono::system_clock::time_point(std::chrono::seconds(1700000000))) {
    app::RegisterServices(table_, runtimes_);
    dispatcher_ = std::make_unique<Dispatcher>(table_, *store_, clock_, waits_);
  }

  std::unique_ptr<storage::Store> store_;
  ManualClock clock_;
  WaitHub waits_;
  app::ServiceRuntimes runtimes_;
  OperationTable table_;
  std::unique_ptr<Dispatcher> dispatcher_;
};

TEST_F(DispatcherTest, InvokeRunsAHandlerInProcess) {
  auto output = dispatcher_->Invoke("sts", "GetCallerIdentity", nlohmann::json::object(),
                                    Scope{"123456789012", "eu-west-1"});
  EXPECT_EQ(output["Account"], "123456789012");
  EXPECT_EQ(output["Arn"], "arn:aws:iam::123456789012:root");
  EXPECT_TRUE(dispatcher_->Used("sts"));
  EXPECT_FALSE(dispatcher_->Used("s3"));
}

TEST_F(DispatcherTest, AssumeRoleUsesTheInjectedClock) {
  auto output = dispatcher_->Invoke(
      "sts", "AssumeRole",
      {{"RoleArn", "arn:aws:iam::111122223333:role/team/deployer"}, {"RoleSessionName", "ci"}});
  EXPECT_DOUBLE_EQ(output["Credentials"]["Expiration"].get<double>(), 1700000000 + 3600);
  EXPECT_EQ(output["AssumedRoleUser"]["Arn"], "arn:aws:sts::111122223333:assumed-role/deployer/ci");
  std::string key = output["Credentials"]["AccessKeyId"];
  EXPECT_TRUE(key.starts_with("ASIA"));
  auto info = dispatcher_->Invoke("sts", "GetAccessKeyInfo", {{"AccessKeyId", key}});
  EXPECT_EQ(info["Account"], "111122223333");
}

TEST_F(DispatcherTest, AssumeRoleValidatesDuration) {
  try {
    dispatcher_->Invoke("sts", "AssumeRole",
                        {{"RoleArn", "arn:aws:iam::000000000000:role/r"},
                         {"RoleSessionName", "s1"},
                         {"DurationSeconds", 100}});
    FAIL() << "expected a validation error";
  } catch (const AwsError& error) {
    EXPECT_EQ(error.code, "ValidationError");
    EXPECT_NE(error.message.find("greater than or equal to 900"), std::string::npos);
  }
}

TEST_F(DispatcherTest, UnimplementedAndUnknownOperations) {
  try {
    dispatcher_->Invoke("sts", "DecodeAuthorizationMessage", {{"EncodedMessage", "x"}});
    FAIL() << "expected NotImplemented";
  } catch (const AwsError& error) {
    EXPECT_EQ(error.code, "NotImplemented");
    EXPECT_EQ(error.status, 501);
    EXPECT_NE(error.message.find("DecodeAuthorizationMessage"), std::string::npos);
  }
  EXPECT_THROW(dispatcher_->Invoke("sts", "NoSuchOperation", {}), AwsError);
  EXPECT_THROW(dispatcher_->Invoke("ec2", "DescribeInstances", {}), AwsError);
}

HttpRequest StsFormPost(const char* authorization) {
  HttpRequest request;
  request.method = "POST";
  request.target = "/";
  request.SplitTarget();
  request.headers = {{"Content-Type", "application/x-www-form-urlencoded; charset=utf-8"},
                     {"Host", "localhost:4566"}};
  if (authorization != nullptr) request.headers["Authorization"] = authorization;
  return request;
}

TEST_F(DispatcherTest, TheRouteOfTheHeadIsKeptForTheRequest) {
  HttpRequest request = StsFormPost(
      "AWS4-HMAC-SHA256 Credential=123456789012/20260101/eu-west-1/sts/aws4_request, "
      "SignedHeaders=host, Signature=0");
  dispatcher_->BodyLimit(request);
  ASSERT_TRUE(request.route.has_value());
  EXPECT_EQ(request.route->service, "sts");
  EXPECT_FALSE(request.route->read_form_body);
  // The kept route is the one used: routing again would give account 123456789012.
  request.route->scope.account = "111122223333";
  request.body = Body::FromString("Action=GetCallerIdentity&Version=2011-06-15");
  RequestSummary summary;
  HttpResponse response = dispatcher_->Handle(request, summary);
  EXPECT_EQ(response.status, 200);
  EXPECT_NE(response.body.data().find("<Account>111122223333</Account>"), std::string::npos)
      << response.body.data();
  EXPECT_FALSE(request.route.has_value());
}

TEST_F(DispatcherTest, AHeadRoutedWithoutItsFormBodyIsRoutedAgain) {
  // Unsigned: only the form's Version says STS, and the head was routed before it arrived.
  HttpRequest request = StsFormPost(nullptr);
  dispatcher_->BodyLimit(request);
  ASSERT_TRUE(request.route.has_value());
  EXPECT_TRUE(request.route->read_form_body);
  EXPECT_EQ(request.route->service, "s3");
  request.body = Body::FromString("Action=GetCallerIdentity&Version=2011-06-15");
  RequestSummary summary;
  HttpResponse response = dispatcher_->Handle(request, summary);
  EXPECT_EQ(summary.service, "sts");
  EXPECT_EQ(response.status, 200);
  EXPECT_NE(response.body.data().find("<GetCallerIdentityResult>"), std::string::npos)
      << response.body.data();
}

TEST(OperationTableTest, EveryRegisteredOperationExistsInTheModel) {
  app::ServiceRuntimes runtimes;
  OperationTable table;
  app::RegisterServices(table, runtimes);
  for (const auto& service : models::ServiceNames()) {
    for (const auto& operation : table.Implemented(service)) {
      EXPECT_NE(models::GetModel(service).FindOperation(operation), nullptr)
          << service << "." << operation;
    }
  }
  EXPECT_THROW(table.Register("sts", "GetCallerIdentity", nullptr), std::logic_error);
}

}  // namespace
}  // namespace terrarium::dispatch
