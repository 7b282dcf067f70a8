// CloudFormation operations run in process through the real dispatcher, with a fake resource
// provider and the stack worker drained by hand: status lifecycle, events, rollback, updates,
// change sets, exports and imports, capabilities, template URLs.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "emulator/core/aws_error.h"
#include "emulator/dispatch/dispatcher.h"
#include "emulator/services/cloudformation/cloudformation.h"
#include "emulator/services/cloudformation/template_input.h"
#include "emulator/services/s3/s3.h"
#include "emulator/storage/store.h"

namespace terrarium::services::cloudformation {
namespace {

using nlohmann::json;

constexpr const char* kThing = "Terrarium::Test::Thing";

// Creates "things" in memory; a Fail property makes Create (or Update) fail.
class FakeProvider : public iac::ResourceProvider {
 public:
  std::string_view Type() const override { return kThing; }
  iac::ProvisionedResource Create(const iac::ProviderContext& ctx, const json& p) override {
    if (p.value("Fail", "") == "yes") throw AwsError("InvalidRequest", "injected failure");
    std::string id =
        p.value("Name", ctx.generated_name.empty() ? ctx.logical_id : ctx.generated_name);
    live.insert(id);
    return {id, {{"Arn", "arn:thing:" + id}}};
  }
  iac::ProvisionedResource Update(const iac::ProviderContext&, const std::string& id, const json&,
                                  const json& after) override {
    if (after.value("Fail", "") == "yes") throw AwsError("InvalidRequest", "injected failure");
    ++updates;
    return {id, {{"Arn", "arn:thing:" + id}}};
  }
  void Delete(const iac::ProviderContext&, const std::string& id, const json&) override {
    live.erase(id);
  }
  std::optional<json> Read(const iac::ProviderContext&, const std::string&, const json&) override {
    return std::nullopt;
  }
  std::set<std::string> live;
  int updates = 0;
};

class CloudFormationOpsTest : public ::testing::Test {
 protected:
  CloudFormationOpsTest()
      : store_(storage::OpenStore({})),
        clock_(std::chrono::system_clock::time_point(std::chrono::seconds(1700000000))) {
    auto fake = std::make_unique<FakeProvider>();
    provider_ = fake.get();
    runtime_.providers.Add(std::move(fake));
    Register(table_, runtime_);
    s3::Register(table_);
    dispatcher_ = std::make_unique<dispatch::Dispatcher>(table_, *store_, clock_, waits_);
  }

  json Cfn(const std::string& operation, const json& input) {
    return dispatcher_->Invoke("cloudformation", operation, input, Scope{});
  }

  AwsError ErrorOf(const std::string& operation, const json& input) {
    try {
      Cfn(operation, input);
    } catch (const AwsError& error) {
      return error;
    }
    return AwsError("", "no error");
  }

  // A Parameters list: {{"Key", "Value"}}; an empty value asks for the previous one.
  static json Params(const std::vector<std::pair<std::string, std::string>>& values) {
    json out = json::array();
    for (const auto& [k, v] : values) {
      json p = {{"ParameterKey", k}};
      if (v.empty()) {
        p["UsePreviousValue"] = true;
      } else {
        p["ParameterValue"] = v;
      }
      out.push_back(p);
    }
    return out;
  }

  json Stack(const std::string& name) {
    return Cfn("DescribeStacks", {{"StackName", name}})["Stacks"][0];
  }

  std::vector<std::string> EventStatuses(const std::string& name) {
    std::vector<std::string> out;
    json events = Cfn("DescribeStackEvents", {{"StackName", name}})["StackEvents"];
    for (auto it = events.rbegin(); it != events.rend(); ++it) {
      out.push_back((*it)["LogicalResourceId"].get<std::string>() + ":" +
                    (*it)["ResourceStatus"].get<std::string>());
    }
    return out;
  }

  std::unique_ptr<storage::Store> store_;
  ManualClock clock_;
  WaitHub waits_;
  CloudFormationRuntime runtime_;
  FakeProvider* provider_;
  dispatch::OperationTable table_;
  std::unique_ptr<dispatch::Dispatcher> dispatcher_;
};

const char* kTwoThings = R"(
Parameters:
  Secret: {Type: String, NoEcho: true, Default: hush}
  Size: {Type: Number, Default: 3}
Resources:
  First:
    Type: Terrarium::Test::Thing
    Properties: {Name: first, Size: !Ref Size}
  Second:
    Type: Terrarium::Test::Thing
    Properties: {Peer: !GetAtt First.Arn}
Outputs:
  FirstArn:
    Value: !GetAtt First.Arn
    Export: {Name: first-arn}
)";

TEST_F(CloudFormationOpsTest, CreateRunsOnTheWorkerAndDescribesTheResult) {
  std::string id =
      Cfn("CreateStack", {{"StackName", "demo"}, {"TemplateBody", kTwoThings}})["StackId"];
  EXPECT_TRUE(id.starts_with("arn:aws:cloudformation:us-east-1:000000000000:stack/demo/"));
  EXPECT_EQ(Stack("demo")["StackStatus"], "CREATE_IN_PROGRESS");
  EXPECT_TRUE(provider_->live.empty());

  EXPECT_EQ(runtime_.worker.RunPending(), 1);
  json stack = Stack(id);
  EXPECT_EQ(stack["StackStatus"], "CREATE_COMPLETE");
  EXPECT_EQ(stack["Outputs"][0]["OutputValue"], "arn:thing:first");
  EXPECT_EQ(stack["Outputs"][0]["ExportName"], "first-arn");
  json params = stack["Parameters"];
  ASSERT_EQ(params.size(), 2u);
  EXPECT_EQ(params[0]["ParameterKey"], "Secret");
  EXPECT_EQ(params[0]["ParameterValue"], "****");
  EXPECT_EQ(params[1]["ParameterValue"], "3");
  EXPECT_EQ(provider_->live.size(), 2u);
  EXPECT_TRUE(provider_->live.contains("first"));

  std::vector<std::string> expected = {"demo:CREATE_IN_PROGRESS", "First:CREATE_IN_PROGRESS",
                                       "First:CREATE_COMPLETE",   "Second:CREATE_IN_PROGRESS",
                                       "Second:CREATE_COMPLETE",  "demo:CREATE_COMPLETE"};
  EXPECT_EQ(EventStatuses("demo"), expected);

  json resources = Cfn("DescribeStackResources", {{"StackName", "demo"}})["StackResources"];
  ASSERT_EQ(resources.size(), 2u);
  EXPECT_EQ(resources[0]["LogicalResourceId"], "First");
  EXPECT_EQ(resources[0]["PhysicalResourceId"], "first");
  EXPECT_EQ(resources[0]["ResourceStatus"], "CREATE_COMPLETE");
  json detail =
      Cfn("DescribeStackResource", {{"StackName", "demo"}, {"LogicalResourceId", "Second"}});
  // The fake type has no name rule, so it gets no generated name: its logical id stands in.
  EXPECT_EQ(detail["StackResourceDetail"]["PhysicalResourceId"], "Second");
  EXPECT_EQ(Cfn("GetTemplate", {{"StackName", "demo"}})["TemplateBody"], kTwoThings);

  EXPECT_EQ(ErrorOf("CreateStack", {{"StackName", "demo"}, {"TemplateBody", kTwoThings}}).code,
            "AlreadyExistsException");
}

TEST_F(CloudFormationOpsTest, AFailingResourceRollsTheCreationBack) {
  const char* body = R"(
Resources:
  Good: {Type: Terrarium::Test::Thing, Properties: {Name: good}}
  Bad: {Type: Terrarium::Test::Thing, DependsOn: Good, Properties: {Fail: "yes"}}
)";
  Cfn("CreateStack", {{"StackName", "broken"}, {"TemplateBody", body}});
  runtime_.worker.RunPending();
  json stack = Stack("broken");
  EXPECT_EQ(stack["StackStatus"], "ROLLBACK_COMPLETE");
  EXPECT_EQ(stack["StackStatusReason"],
            "The following resource(s) failed to create: [Bad]. Rollback requested by user.");
  EXPECT_TRUE(provider_->live.empty());
  std::vector<std::string> expected = {
      "broken:CREATE_IN_PROGRESS", "Good:CREATE_IN_PROGRESS", "Good:CREATE_COMPLETE",
      "Bad:CREATE_IN_PROGRESS",    "Bad:CREATE_FAILED",       "broken:ROLLBACK_IN_PROGRESS",
      "Good:DELETE_IN_PROGRESS",   "Good:DELETE_COMPLETE",    "broken:ROLLBACK_COMPLETE"};
  EXPECT_EQ(EventStatuses("broken"), expected);
  json events = Cfn("DescribeStackEvents", {{"StackName", "broken"}})["StackEvents"];
  EXPECT_EQ(events[4]["ResourceStatusReason"], "InvalidRequest: injected failure");

  // A rolled-back stack can only be deleted.
  EXPECT_EQ(ErrorOf("UpdateStack", {{"StackName", "broken"}, {"TemplateBody", body}}).message,
            "Stack:" + stack["StackId"].get<std::string>() +
                " is in ROLLBACK_COMPLETE state and can not be updated.");
  Cfn("DeleteStack", {{"StackName", "broken"}});
  runtime_.worker.RunPending();
  EXPECT_EQ(ErrorOf("DescribeStacks", {{"StackName", "broken"}}).message,
            "Stack with id broken does not exist");
  EXPECT_EQ(Stack(stack["StackId"])["StackStatus"], "DELETE_COMPLETE");
}

TEST_F(CloudFormationOpsTest, UpdatesApplyChangesAndRefuseNoOps) {
  Cfn("CreateStack", {{"StackName", "up"}, {"TemplateBody", kTwoThings}});
  runtime_.worker.RunPending();
  AwsError none = ErrorOf("UpdateStack", {{"StackName", "up"}, {"TemplateBody", kTwoThings}});
  EXPECT_EQ(none.code, "ValidationError");
  EXPECT_EQ(none.message, "No updates are to be performed.");

  Cfn("UpdateStack", {{"StackName", "up"},
                      {"UsePreviousTemplate", true},
                      {"Parameters", Params({{"Size", "4"}})}});
  EXPECT_EQ(Stack("up")["StackStatus"], "UPDATE_IN_PROGRESS");
  runtime_.worker.RunPending();
  EXPECT_EQ(Stack("up")["StackStatus"], "UPDATE_COMPLETE");
  EXPECT_EQ(provider_->updates, 1);
  EXPECT_EQ(Stack("up")["Parameters"][1]["ParameterValue"], "4");

  // A failed update rolls back to the previous template.
  std::string body = kTwoThings;
  body.insert(body.find("Outputs:"),
              "  Third: {Type: Terrarium::Test::Thing, Properties: {Fail: \"yes\"}}\n");
  Cfn("UpdateStack",
      {{"StackName", "up"}, {"TemplateBody", body}, {"Parameters", Params({{"Size", ""}})}});
  runtime_.worker.RunPending();
  json stack = Stack("up");
  EXPECT_EQ(stack["StackStatus"], "UPDATE_ROLLBACK_COMPLETE");
  EXPECT_EQ(Cfn("GetTemplate", {{"StackName", "up"}})["TemplateBody"], kTwoThings);
  EXPECT_EQ(provider_->live.size(), 2u);
}

TEST_F(CloudFormationOpsTest, ChangeSetsCreateDescribeExecute) {
  json made = Cfn("CreateChangeSet", {{"StackName", "cs"},
                                      {"ChangeSetName", "first"},
                                      {"ChangeSetType", "CREATE"},
                                      {"TemplateBody", kTwoThings}});
  EXPECT_EQ(Stack("cs")["StackStatus"], "REVIEW_IN_PROGRESS");
  json described = Cfn("DescribeChangeSet", {{"ChangeSetName", made["Id"]}});
  EXPECT_EQ(described["Status"], "CREATE_COMPLETE");
  EXPECT_EQ(described["ExecutionStatus"], "AVAILABLE");
  ASSERT_EQ(described["Changes"].size(), 2u);
  EXPECT_EQ(described["Changes"][0]["ResourceChange"]["Action"], "Add");
  EXPECT_EQ(described["Changes"][0]["ResourceChange"]["LogicalResourceId"], "First");
  EXPECT_EQ(Cfn("ListChangeSets", {{"StackName", "cs"}})["Summaries"].size(), 1u);

  Cfn("ExecuteChangeSet", {{"ChangeSetName", "first"}, {"StackName", "cs"}});
  EXPECT_EQ(Stack("cs")["StackStatus"], "CREATE_IN_PROGRESS");
  runtime_.worker.RunPending();
  EXPECT_EQ(Stack("cs")["StackStatus"], "CREATE_COMPLETE");
  EXPECT_EQ(Cfn("DescribeChangeSet", {{"ChangeSetName", made["Id"]}})["ExecutionStatus"],
            "EXECUTE_COMPLETE");

  // Nothing changed: the change set fails with CloudFormation's reason.
  json same = Cfn("CreateChangeSet",
                  {{"StackName", "cs"}, {"ChangeSetName", "same"}, {"TemplateBody", kTwoThings}});
  json failed = Cfn("DescribeChangeSet", {{"ChangeSetName", same["Id"]}});
  EXPECT_EQ(failed["Status"], "FAILED");
  EXPECT_EQ(failed["StatusReason"],
            "The submitted information didn't contain changes. Submit different information to "
            "create a change set.");
  EXPECT_EQ(ErrorOf("ExecuteChangeSet", {{"ChangeSetName", same["Id"]}}).code,
            "InvalidChangeSetStatusException");

  // A modification names the property.
  json modify = Cfn("CreateChangeSet", {{"StackName", "cs"},
                                        {"ChangeSetName", "bigger"},
                                        {"UsePreviousTemplate", true},
                                        {"Parameters", Params({{"Size", "9"}})}});
  json change =
      Cfn("DescribeChangeSet", {{"ChangeSetName", modify["Id"]}})["Changes"][0]["ResourceChange"];
  EXPECT_EQ(change["Action"], "Modify");
  EXPECT_EQ(change["LogicalResourceId"], "First");
  EXPECT_EQ(change["PhysicalResourceId"], "first");
  EXPECT_EQ(change["Details"][0]["Target"]["Name"], "Size");
  Cfn("DeleteChangeSet", {{"ChangeSetName", "bigger"}, {"StackName", "cs"}});
  EXPECT_EQ(ErrorOf("DescribeChangeSet", {{"ChangeSetName", modify["Id"]}}).code,
            "ChangeSetNotFoundException");
}

TEST_F(CloudFormationOpsTest, AStackUnderReviewIsDeletedAtOnce) {
  json made = Cfn("CreateChangeSet", {{"StackName", "review"},
                                      {"ChangeSetName", "only"},
                                      {"ChangeSetType", "CREATE"},
                                      {"TemplateBody", kTwoThings}});
  Cfn("DeleteStack", {{"StackName", "review"}});
  EXPECT_EQ(runtime_.worker.RunPending(), 0);
  EXPECT_EQ(ErrorOf("DescribeStacks", {{"StackName", "review"}}).code, "ValidationError");
  EXPECT_EQ(Stack(made["StackId"])["StackStatus"], "DELETE_COMPLETE");
  EXPECT_EQ(ErrorOf("DescribeChangeSet", {{"ChangeSetName", made["Id"]}}).code,
            "ChangeSetNotFoundException");
}

TEST_F(CloudFormationOpsTest, ImportedExportsBlockDeletion) {
  Cfn("CreateStack", {{"StackName", "producer"}, {"TemplateBody", kTwoThings}});
  Cfn("CreateStack", {{"StackName", "consumer"}, {"TemplateBody", R"(
Resources:
  User: {Type: Terrarium::Test::Thing, Properties: {Target: !ImportValue first-arn}}
)"}});
  runtime_.worker.RunPending();
  EXPECT_EQ(Stack("consumer")["StackStatus"], "CREATE_COMPLETE");
  json exports = Cfn("ListExports", json::object())["Exports"];
  ASSERT_EQ(exports.size(), 1u);
  EXPECT_EQ(exports[0]["Name"], "first-arn");
  EXPECT_EQ(exports[0]["Value"], "arn:thing:first");
  EXPECT_EQ(Cfn("ListImports", {{"ExportName", "first-arn"}})["Imports"], json({"consumer"}));

  Cfn("DeleteStack", {{"StackName", "producer"}});
  runtime_.worker.RunPending();
  json producer = Stack("producer");
  EXPECT_EQ(producer["StackStatus"], "DELETE_FAILED");
  EXPECT_EQ(producer["StackStatusReason"],
            "Export first-arn cannot be deleted as it is in use by consumer");

  Cfn("DeleteStack", {{"StackName", "consumer"}});
  Cfn("DeleteStack", {{"StackName", "producer"}});
  runtime_.worker.RunPending();
  EXPECT_TRUE(provider_->live.empty());
  EXPECT_TRUE(Cfn("ListExports", json::object())["Exports"].empty());
}

TEST_F(CloudFormationOpsTest, IamResourcesNeedCapabilities) {
  const char* body =
      R"({"Resources": {"Role": {"Type": "AWS::IAM::Role", "Properties": {"RoleName": "named", "AssumeRolePolicyDocument": {}}}}})";
  AwsError error = ErrorOf("CreateStack", {{"StackName", "iam"}, {"TemplateBody", body}});
  EXPECT_EQ(error.code, "InsufficientCapabilitiesException");
  EXPECT_EQ(error.message, "Requires capabilities : [CAPABILITY_NAMED_IAM]");
  json validated = Cfn("ValidateTemplate", {{"TemplateBody", body}});
  EXPECT_EQ(validated["Capabilities"], json({"CAPABILITY_NAMED_IAM"}));
  EXPECT_EQ(validated["CapabilitiesReason"],
            "The following resource(s) require capabilities: [AWS::IAM::Role]");
}

TEST_F(CloudFormationOpsTest, InputErrorsAreValidationErrors) {
  EXPECT_EQ(ErrorOf("CreateStack", {{"StackName", "bad_name"}, {"TemplateBody", kTwoThings}}).code,
            "ValidationError");
  EXPECT_EQ(ErrorOf("CreateStack", {{"StackName", "nobody"}}).message,
            "Either Template URL or Template Body must be specified.");
  EXPECT_EQ(ErrorOf("ValidateTemplate", {{"TemplateBody", "Resources: ["}}).code,
            "ValidationError");
  EXPECT_EQ(ErrorOf("DescribeStacks", {{"StackName", "ghost"}}).message,
            "Stack with id ghost does not exist");
  EXPECT_TRUE(Cfn("DeleteStack", {{"StackName", "ghost"}}).empty());
  EXPECT_EQ(ErrorOf("CreateStack", {{"StackName", "p"},
                                    {"TemplateBody", kTwoThings},
                                    {"Parameters", Params({{"Nope", "x"}})}})
                .message,
            "Parameters: [Nope] do not exist in the template");
}

TEST_F(CloudFormationOpsTest, TemplateUrlReadsTheEmulatedBucket) {
  dispatcher_->Invoke("s3", "CreateBucket", {{"Bucket", "templates"}}, Scope{});
  dispatcher_->Invoke("s3", "PutObject", {{"Bucket", "templates"}, {"Key", "t.yaml"}}, Scope{},
                      InvokePayloads{Body::FromString(kTwoThings), nullptr});
  json summary =
      Cfn("GetTemplateSummary", {{"TemplateURL", "http://localhost:4566/templates/t.yaml"}});
  EXPECT_EQ(summary["ResourceTypes"], json({kThing}));
  EXPECT_EQ(summary["Parameters"].size(), 2u);
  EXPECT_EQ(
      ErrorOf("ValidateTemplate", {{"TemplateURL", "https://templates.s3.amazonaws.com/missing"}})
          .code,
      "ValidationError");
  std::string bucket, key;
  EXPECT_TRUE(ParseTemplateUrl("s3://b/k/x.json", bucket, key));
  EXPECT_EQ(bucket, "b");
  EXPECT_EQ(key, "k/x.json");
  EXPECT_TRUE(ParseTemplateUrl("https://b.s3.us-east-1.amazonaws.com/a%20b", bucket, key));
  EXPECT_EQ(bucket, "b");
  EXPECT_EQ(key, "a b");
  EXPECT_FALSE(ParseTemplateUrl("ftp://b/k", bucket, key));
}

}  // namespace
}  // namespace terrarium::services::cloudformation
