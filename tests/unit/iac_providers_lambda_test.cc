// AWS::Lambda::Function, Version, Alias, Permission and EventSourceMapping through the real
// Lambda operations, and the zip CloudFormation builds from inline code.
#include <filesystem>
#include <fstream>
#include <sstream>

#include <unistd.h>

#include "emulator/core/encoding.h"
#include "emulator/services/lambda/zip_package.h"
#include "iac/providers/inline_zip.h"
#include "iac_provider_test_support.h"

namespace terrarium::iac::testing {
namespace {

using json = nlohmann::json;
namespace fs = std::filesystem;

constexpr const char* kSource = "def handler(event, context):\n    return 1\n";

TEST(InlineZipTest, HoldsOneReadableFileWithItsContent) {
  std::string zip = providers::ZipWithOneFile("index.py", kSource);
  auto info = services::lambda::InspectPackage(zip, zip.size(), "CreateFunction");
  EXPECT_EQ(info.unzipped_bytes, std::string(kSource).size());
  fs::path dir = fs::temp_directory_path() / ("inline-zip-" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::path zip_path = dir.string() + ".zip";
  std::ofstream(zip_path, std::ios::binary) << zip;
  services::lambda::UnpackPackage(zip_path, dir);
  std::ifstream in(dir / "index.py");
  std::stringstream content;
  content << in.rdbuf();
  EXPECT_EQ(content.str(), kSource);
  EXPECT_EQ(fs::status(dir / "index.py").permissions() & fs::perms::owner_read,
            fs::perms::owner_read);
  fs::remove_all(dir);
  fs::remove(zip_path);
}

class LambdaProvidersTest : public ProviderTest {
 protected:
  LambdaProvidersTest() {
    role_arn_ = Call(
        "iam", "CreateRole",
        {{"RoleName", "runner"},
         {"AssumeRolePolicyDocument",
          R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"lambda.amazonaws.com"},"Action":"sts:AssumeRole"}]})"}})
        ["Role"]["Arn"];
  }

  json Function(const std::string& runtime = "python3.12") {
    return {{"Runtime", runtime},
            {"Handler", "index.handler"},
            {"Role", role_arn_},
            {"Timeout", "10"},
            {"MemorySize", 256},
            {"Environment", {{"Variables", {{"STAGE", "dev"}, {"PORT", 8080}}}}},
            {"Tags", {{{"Key", "team"}, {"Value", "api"}}}},
            {"Code", {{"ZipFile", kSource}}}};
  }

  json Configuration(const std::string& name, const std::string& qualifier = "") {
    json input = {{"FunctionName", name}};
    if (!qualifier.empty()) input["Qualifier"] = qualifier;
    return Call("lambda", "GetFunctionConfiguration", input);
  }

  std::string role_arn_;
};

TEST_F(LambdaProvidersTest, CreatesAFunctionFromInlineCodeAsCloudFormationZipsIt) {
  json props = Function();
  auto function = Create("AWS::Lambda::Function", "Api", props);
  EXPECT_EQ(function.physical_id, "demo-Api-ABCDEFGHIJKLM");
  EXPECT_EQ(function.attributes["Arn"],
            "arn:aws:lambda:eu-west-1:123456789012:function:demo-Api-ABCDEFGHIJKLM");
  json config = Configuration(function.physical_id);
  EXPECT_EQ(config["CodeSha256"],
            Base64Encode(Sha256(providers::ZipWithOneFile("index.py", kSource))));
  EXPECT_EQ(config["Timeout"], 10);
  EXPECT_EQ(config["MemorySize"], 256);
  EXPECT_EQ(config["Environment"]["Variables"], json({{"STAGE", "dev"}, {"PORT", "8080"}}));
  EXPECT_EQ(config["Role"], role_arn_);
  EXPECT_EQ(Call("lambda", "ListTags", {{"Resource", function.attributes["Arn"]}})["Tags"],
            json({{"team", "api"}}));

  auto node = Create("AWS::Lambda::Function", "Node", Function("nodejs20.x"));
  EXPECT_EQ(Configuration(node.physical_id)["CodeSha256"],
            Base64Encode(Sha256(providers::ZipWithOneFile("index.js", kSource))));
  try {
    Create("AWS::Lambda::Function", "Java", Function("java21"));
    FAIL() << "inline code needs a python or nodejs runtime";
  } catch (const AwsError& error) {
    EXPECT_NE(error.message.find("/Runtime"), std::string::npos) << error.message;
  }

  auto read = Read("AWS::Lambda::Function", function.physical_id, props);
  ASSERT_TRUE(read);
  EXPECT_EQ((*read)["Timeout"], "10") << "in sync: the declared form";
  EXPECT_EQ((*read)["Environment"], props["Environment"]);
  EXPECT_EQ((*read)["Tags"], props["Tags"]);
  EXPECT_FALSE(read->contains("Code")) << "Code is write-only";
}

TEST_F(LambdaProvidersTest, CodeFromS3) {
  Call("s3", "CreateBucket",
       {{"Bucket", "code"}, {"CreateBucketConfiguration", {{"LocationConstraint", "eu-west-1"}}}});
  std::string zip = providers::ZipWithOneFile("index.py", kSource);
  dispatcher_->Invoke("s3", "PutObject", {{"Bucket", "code"}, {"Key", "fn.zip"}}, base_.scope,
                      InvokePayloads{Body::FromString(zip), nullptr});
  json props = Function();
  props["Code"] = {{"S3Bucket", "code"}, {"S3Key", "fn.zip"}};
  auto function = Create("AWS::Lambda::Function", "FromS3", props);
  EXPECT_EQ(Configuration(function.physical_id)["CodeSha256"], Base64Encode(Sha256(zip)));
  json missing = props;
  missing["Code"]["S3Key"] = "nope.zip";
  EXPECT_THROW(Create("AWS::Lambda::Function", "Missing", missing), AwsError);
}

TEST_F(LambdaProvidersTest, UpdatesConfigurationCodeAndTagsInPlace) {
  json before = Function();
  auto function = Create("AWS::Lambda::Function", "Api", before);
  std::string old_sha = Configuration(function.physical_id)["CodeSha256"];
  json after = before;
  after["Timeout"] = 20;
  after.erase("Environment");
  after["Code"]["ZipFile"] = "def handler(event, context):\n    return 2\n";
  after["Tags"] = {{{"Key", "team"}, {"Value", "web"}}};
  for (const char* changed : {"Timeout", "Environment", "Code", "Tags"}) {
    EXPECT_FALSE(RequiresReplacement("AWS::Lambda::Function", changed)) << changed;
  }
  EXPECT_TRUE(RequiresReplacement("AWS::Lambda::Function", "FunctionName"));
  Update("AWS::Lambda::Function", "Api", function.physical_id, before, after);
  json config = Configuration(function.physical_id);
  EXPECT_EQ(config["Timeout"], 20);
  EXPECT_EQ(config.value("Environment", json::object()).value("Variables", json::object()),
            json::object());
  EXPECT_NE(config["CodeSha256"], old_sha);
  EXPECT_EQ(Call("lambda", "ListTags", {{"Resource", function.attributes["Arn"]}})["Tags"],
            json({{"team", "web"}}));

  Delete("AWS::Lambda::Function", function.physical_id, after);
  EXPECT_EQ(ErrorOf("lambda", "GetFunction", {{"FunctionName", function.physical_id}}),
            "ResourceNotFoundException");
  EXPECT_NO_THROW(Delete("AWS::Lambda::Function", function.physical_id, after));
  EXPECT_EQ(Read("AWS::Lambda::Function", function.physical_id, after), std::nullopt);
}

TEST_F(LambdaProvidersTest, VersionAliasAndPermission) {
  auto function = Create("AWS::Lambda::Function", "Api", Function());
  json version_props = {{"FunctionName", function.physical_id}, {"Description", "v1"}};
  auto version = Create("AWS::Lambda::Version", "V1", version_props);
  EXPECT_EQ(version.physical_id, function.attributes["Arn"].get<std::string>() + ":1");
  EXPECT_EQ(version.attributes["Version"], "1");
  EXPECT_EQ(Configuration(function.physical_id, "1")["Description"], "v1");
  EXPECT_EQ(*Read("AWS::Lambda::Version", version.physical_id, version_props), version_props);
  EXPECT_TRUE(RequiresReplacement("AWS::Lambda::Version", "Description"));

  json alias_props = {
      {"FunctionName", function.physical_id}, {"FunctionVersion", "1"}, {"Name", "live"}};
  auto alias = Create("AWS::Lambda::Alias", "Live", alias_props);
  EXPECT_EQ(alias.physical_id, function.attributes["Arn"].get<std::string>() + ":live");
  json alias_after = alias_props;
  alias_after["FunctionVersion"] = "$LATEST";
  alias_after["Description"] = "moved";
  Update("AWS::Lambda::Alias", "Live", alias.physical_id, alias_props, alias_after);
  json got = Call("lambda", "GetAlias", {{"FunctionName", function.physical_id}, {"Name", "live"}});
  EXPECT_EQ(got["FunctionVersion"], "$LATEST");
  EXPECT_EQ(got["Description"], "moved");
  EXPECT_EQ(*Read("AWS::Lambda::Alias", alias.physical_id, alias_after), alias_after);

  json permission_props = {{"FunctionName", function.attributes["Arn"]},
                           {"Action", "lambda:InvokeFunction"},
                           {"Principal", "s3.amazonaws.com"},
                           {"SourceAccount", "123456789012"}};
  auto permission = Create("AWS::Lambda::Permission", "S3Invoke", permission_props);
  std::string sid = permission.attributes["Id"];
  EXPECT_TRUE(sid.starts_with("demo-S3Invoke-"));
  EXPECT_EQ(permission.physical_id, function.attributes["Arn"].get<std::string>() + "|" + sid);
  json policy =
      json::parse(Call("lambda", "GetPolicy", {{"FunctionName", function.physical_id}})["Policy"]
                      .get<std::string>());
  EXPECT_EQ(policy["Statement"][0]["Sid"], sid);
  EXPECT_EQ(*Read("AWS::Lambda::Permission", permission.physical_id, permission_props),
            permission_props);
  EXPECT_TRUE(RequiresReplacement("AWS::Lambda::Permission", "Principal"));

  Delete("AWS::Lambda::Permission", permission.physical_id, permission_props);
  EXPECT_EQ(Read("AWS::Lambda::Permission", permission.physical_id, permission_props),
            std::nullopt);
  Delete("AWS::Lambda::Alias", alias.physical_id, alias_after);
  EXPECT_EQ(
      ErrorOf("lambda", "GetAlias", {{"FunctionName", function.physical_id}, {"Name", "live"}}),
      "ResourceNotFoundException");
  Delete("AWS::Lambda::Version", version.physical_id, version_props);
  EXPECT_EQ(Read("AWS::Lambda::Version", version.physical_id, version_props), std::nullopt);
  EXPECT_NO_THROW(Delete("AWS::Lambda::Version", version.physical_id, version_props));
}

TEST_F(LambdaProvidersTest, EventSourceMappingFromAQueue) {
  auto function = Create("AWS::Lambda::Function", "Consumer", Function());
  auto queue = Create("AWS::SQS::Queue", "Inbox", {{"VisibilityTimeout", 60}});
  json props = {{"FunctionName", function.physical_id},
                {"EventSourceArn", queue.attributes["Arn"]},
                {"BatchSize", "5"},
                {"Enabled", true}};
  ProvisionedResource mapping;
  try {
    mapping = Create("AWS::Lambda::EventSourceMapping", "Mapping", props);
  } catch (const AwsError& error) {
    if (error.code == "NotImplemented") GTEST_SKIP() << "Lambda has no event source mappings yet";
    throw;
  }
  EXPECT_EQ(mapping.attributes["Id"], mapping.physical_id);
  json got = Call("lambda", "GetEventSourceMapping", {{"UUID", mapping.physical_id}});
  EXPECT_EQ(got["BatchSize"], 5);
  EXPECT_EQ(got["EventSourceArn"], queue.attributes["Arn"]);
  json after = props;
  after["BatchSize"] = 8;
  EXPECT_FALSE(RequiresReplacement("AWS::Lambda::EventSourceMapping", "BatchSize"));
  EXPECT_TRUE(RequiresReplacement("AWS::Lambda::EventSourceMapping", "EventSourceArn"));
  Update("AWS::Lambda::EventSourceMapping", "Mapping", mapping.physical_id, props, after);
  EXPECT_EQ(Call("lambda", "GetEventSourceMapping", {{"UUID", mapping.physical_id}})["BatchSize"],
            8);
  auto read = Read("AWS::Lambda::EventSourceMapping", mapping.physical_id, after);
  ASSERT_TRUE(read);
  EXPECT_EQ((*read)["FunctionName"], function.physical_id);
  EXPECT_EQ((*read)["BatchSize"], 8);
  Delete("AWS::Lambda::EventSourceMapping", mapping.physical_id, after);
  EXPECT_NO_THROW(Delete("AWS::Lambda::EventSourceMapping", mapping.physical_id, after));
  EXPECT_EQ(Read("AWS::Lambda::EventSourceMapping", mapping.physical_id, after), std::nullopt);
}

}  // namespace
}  // namespace terrarium::iac::testing
