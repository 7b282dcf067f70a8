// AWS::S3::Bucket and AWS::S3::BucketPolicy through the real S3 operations.
#include "emulator/core/encoding.h"
#include "iac/providers/inline_zip.h"
#include "iac_provider_test_support.h"

namespace terrarium::iac::testing {
namespace {

using json = nlohmann::json;

const json kFullBucket = {
    {"BucketName", "assets-bucket"},
    {"VersioningConfiguration", {{"Status", "Enabled"}}},
    {"BucketEncryption",
     {{"ServerSideEncryptionConfiguration",
       {{{"ServerSideEncryptionByDefault",
          {{"SSEAlgorithm", "aws:kms"}, {"KMSMasterKeyID", "key-1"}}},
         {"BucketKeyEnabled", "true"}}}}}},
    {"LifecycleConfiguration",
     {{"Rules",
       {{{"Id", "expire-tmp"},
         {"Status", "Enabled"},
         {"Prefix", "tmp/"},
         {"ExpirationInDays", "7"},
         {"NoncurrentVersionExpirationInDays", 30}}}}}},
    {"CorsConfiguration",
     {{"CorsRules",
       {{{"AllowedMethods", {"GET"}}, {"AllowedOrigins", {"*"}}, {"MaxAge", 600}, {"Id", "r1"}}}}}},
    {"NotificationConfiguration",
     {{"QueueConfigurations",
       {{{"Event", "s3:ObjectCreated:*"},
         {"Queue", "arn:aws:sqs:eu-west-1:123456789012:q"},
         {"Filter", {{"S3Key", {{"Rules", {{{"Name", "prefix"}, {"Value", "in/"}}}}}}}}}}},
      {"LambdaConfigurations",
       {{{"Event", "s3:ObjectRemoved:*"},
         {"Function", "arn:aws:lambda:eu-west-1:123456789012:function:f"}}}}}},
    {"PublicAccessBlockConfiguration",
     {{"BlockPublicAcls", true}, {"RestrictPublicBuckets", "true"}}},
    {"WebsiteConfiguration", {{"IndexDocument", "index.html"}, {"ErrorDocument", "error.html"}}},
    {"Tags", {{{"Key", "team"}, {"Value", "web"}}}}};

class S3ProvidersTest : public ProviderTest {
 protected:
  // The queue and function kFullBucket's notifications name: S3 checks they exist.
  void MakeDestinations() {
    Call("sqs", "CreateQueue", {{"QueueName", "q"}});
    std::string role = Call(
        "iam", "CreateRole",
        {{"RoleName", "r"},
         {"AssumeRolePolicyDocument",
          R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"lambda.amazonaws.com"},"Action":"sts:AssumeRole"}]})"}})
        ["Role"]["Arn"];
    Call("lambda", "CreateFunction",
         {{"FunctionName", "f"},
          {"Runtime", "python3.12"},
          {"Handler", "index.handler"},
          {"Role", role},
          {"Code", {{"ZipFile", Base64Encode(providers::ZipWithOneFile("index.py", "x = 1\n"))}}}});
  }

  json S3(const std::string& operation, const std::string& bucket) {
    return Call("s3", operation, {{"Bucket", bucket}});
  }
};

TEST_F(S3ProvidersTest, CreatesABucketWithEveryConfiguration) {
  MakeDestinations();
  auto bucket = Create("AWS::S3::Bucket", "Assets", kFullBucket);
  ASSERT_EQ(bucket.physical_id, "assets-bucket");
  EXPECT_EQ(bucket.attributes["Arn"], "arn:aws:s3:::assets-bucket");
  EXPECT_EQ(bucket.attributes["DomainName"], "assets-bucket.s3.amazonaws.com");
  EXPECT_EQ(bucket.attributes["RegionalDomainName"], "assets-bucket.s3.eu-west-1.amazonaws.com");
  EXPECT_EQ(bucket.attributes["DualStackDomainName"],
            "assets-bucket.s3.dualstack.eu-west-1.amazonaws.com");
  EXPECT_EQ(bucket.attributes["WebsiteURL"],
            "http://assets-bucket.s3-website-eu-west-1.amazonaws.com");

  EXPECT_EQ(Call("s3", "GetBucketLocation", {{"Bucket", "assets-bucket"}})["LocationConstraint"],
            "eu-west-1");
  EXPECT_EQ(S3("GetBucketVersioning", "assets-bucket")["Status"], "Enabled");
  json rule =
      S3("GetBucketEncryption", "assets-bucket")["ServerSideEncryptionConfiguration"]["Rules"][0];
  EXPECT_EQ(rule["ApplyServerSideEncryptionByDefault"]["SSEAlgorithm"], "aws:kms");
  EXPECT_EQ(rule["BucketKeyEnabled"], true);
  json lifecycle = S3("GetBucketLifecycleConfiguration", "assets-bucket")["Rules"][0];
  EXPECT_EQ(lifecycle["ID"], "expire-tmp");
  EXPECT_EQ(lifecycle["Filter"]["Prefix"], "tmp/");
  EXPECT_EQ(lifecycle["Expiration"]["Days"], 7);
  EXPECT_EQ(lifecycle["NoncurrentVersionExpiration"]["NoncurrentDays"], 30);
  json cors = S3("GetBucketCors", "assets-bucket")["CORSRules"][0];
  EXPECT_EQ(cors["MaxAgeSeconds"], 600);
  EXPECT_EQ(cors["ID"], "r1");
  json notification = S3("GetBucketNotificationConfiguration", "assets-bucket");
  EXPECT_EQ(notification["QueueConfigurations"][0]["QueueArn"],
            "arn:aws:sqs:eu-west-1:123456789012:q");
  EXPECT_EQ(notification["QueueConfigurations"][0]["Events"], json({"s3:ObjectCreated:*"}));
  EXPECT_EQ(notification["QueueConfigurations"][0]["Filter"]["Key"]["FilterRules"][0]["Value"],
            "in/");
  EXPECT_EQ(notification["LambdaFunctionConfigurations"][0]["LambdaFunctionArn"],
            "arn:aws:lambda:eu-west-1:123456789012:function:f");
  json block = S3("GetPublicAccessBlock", "assets-bucket")["PublicAccessBlockConfiguration"];
  EXPECT_EQ(block["BlockPublicAcls"], true);
  EXPECT_EQ(block["RestrictPublicBuckets"], true);
  json website = S3("GetBucketWebsite", "assets-bucket");
  EXPECT_EQ(website["IndexDocument"]["Suffix"], "index.html");
  EXPECT_EQ(website["ErrorDocument"]["Key"], "error.html");
  EXPECT_EQ(S3("GetBucketTagging", "assets-bucket")["TagSet"],
            json({{{"Key", "team"}, {"Value", "web"}}}));

  auto read = Read("AWS::S3::Bucket", "assets-bucket", kFullBucket);
  ASSERT_TRUE(read);
  EXPECT_EQ(*read, kFullBucket) << "in sync: Read answers in the template's own words";
}

TEST_F(S3ProvidersTest, ReadShowsDriftInTemplateVocabulary) {
  json declared = {{"BucketName", "drifty"},
                   {"CorsConfiguration", kFullBucket["CorsConfiguration"]}};
  Create("AWS::S3::Bucket", "Drifty", declared);
  json rule = {{"AllowedMethods", {"PUT"}}, {"AllowedOrigins", {"*"}}};
  Call("s3", "PutBucketCors",
       {{"Bucket", "drifty"}, {"CORSConfiguration", {{"CORSRules", json::array({rule})}}}});
  auto read = Read("AWS::S3::Bucket", "drifty", declared);
  ASSERT_TRUE(read);
  EXPECT_EQ((*read)["CorsConfiguration"], json({{"CorsRules", json::array({rule})}}));
}

TEST_F(S3ProvidersTest, UpdatePutsChangesAndRemovesWhatIsNoLongerDeclared) {
  MakeDestinations();
  Create("AWS::S3::Bucket", "Assets", kFullBucket);
  json after = {{"BucketName", "assets-bucket"},
                {"CorsConfiguration", kFullBucket["CorsConfiguration"]},
                {"Tags", {{{"Key", "team"}, {"Value", "data"}}}}};
  after["CorsConfiguration"]["CorsRules"][0]["MaxAge"] = 60;
  for (const auto& [name, value] : kFullBucket.items()) {
    if (name != "BucketName") {
      EXPECT_FALSE(RequiresReplacement("AWS::S3::Bucket", name)) << name;
    }
  }
  Update("AWS::S3::Bucket", "Assets", "assets-bucket", kFullBucket, after);
  EXPECT_EQ(S3("GetBucketVersioning", "assets-bucket")["Status"], "Suspended")
      << "versioning cannot be removed, only suspended";
  EXPECT_EQ(S3("GetBucketCors", "assets-bucket")["CORSRules"][0]["MaxAgeSeconds"], 60);
  EXPECT_EQ(ErrorOf("s3", "GetBucketLifecycleConfiguration", {{"Bucket", "assets-bucket"}}),
            "NoSuchLifecycleConfiguration");
  EXPECT_EQ(ErrorOf("s3", "GetBucketWebsite", {{"Bucket", "assets-bucket"}}),
            "NoSuchWebsiteConfiguration");
  EXPECT_EQ(ErrorOf("s3", "GetPublicAccessBlock", {{"Bucket", "assets-bucket"}}),
            "NoSuchPublicAccessBlockConfiguration");
  EXPECT_EQ(S3("GetBucketNotificationConfiguration", "assets-bucket"), json::object());
  EXPECT_EQ(S3("GetBucketTagging", "assets-bucket")["TagSet"][0]["Value"], "data");
}

TEST_F(S3ProvidersTest, GeneratedNamesAreLowerCaseAndNameChangesReplace) {
  EXPECT_TRUE(RequiresReplacement("AWS::S3::Bucket", "BucketName"));
  auto bucket = Create("AWS::S3::Bucket", "Uploads", json::object());
  EXPECT_EQ(bucket.physical_id, "demo-uploads-abcdefghijklm");
  EXPECT_EQ(ErrorOf("s3", "HeadBucket", {{"Bucket", bucket.physical_id}}), "");
}

TEST_F(S3ProvidersTest, DeletingABucketWithObjectsFailsLikeCloudFormation) {
  Create("AWS::S3::Bucket", "Full", {{"BucketName", "full-bucket"}});
  dispatcher_->Invoke("s3", "PutObject", {{"Bucket", "full-bucket"}, {"Key", "k"}}, base_.scope,
                      InvokePayloads{Body::FromString("data"), nullptr});
  try {
    Delete("AWS::S3::Bucket", "full-bucket", json::object());
    FAIL() << "a bucket with objects is not deleted";
  } catch (const AwsError& error) {
    EXPECT_EQ(error.code, "BucketNotEmpty");
  }
  Call("s3", "DeleteObject", {{"Bucket", "full-bucket"}, {"Key", "k"}});
  Delete("AWS::S3::Bucket", "full-bucket", json::object());
  EXPECT_EQ(ErrorOf("s3", "HeadBucket", {{"Bucket", "full-bucket"}}), "NoSuchBucket");
  EXPECT_NO_THROW(Delete("AWS::S3::Bucket", "full-bucket", json::object()));
  EXPECT_EQ(Read("AWS::S3::Bucket", "full-bucket", {{"BucketName", "full-bucket"}}), std::nullopt);
}

TEST_F(S3ProvidersTest, BucketPolicyPutsReplacesAndDeletes) {
  Create("AWS::S3::Bucket", "Site", {{"BucketName", "site"}});
  json document = {{"Version", "2012-10-17"},
                   {"Statement",
                    {{{"Effect", "Allow"},
                      {"Principal", "*"},
                      {"Action", "s3:GetObject"},
                      {"Resource", "arn:aws:s3:::site/*"}}}}};
  json props = {{"Bucket", "site"}, {"PolicyDocument", document}};
  auto policy = Create("AWS::S3::BucketPolicy", "SitePolicy", props);
  EXPECT_EQ(policy.physical_id, "site");
  EXPECT_EQ(json::parse(S3("GetBucketPolicy", "site")["Policy"].get<std::string>()), document);
  EXPECT_EQ(*Read("AWS::S3::BucketPolicy", "site", props), props);
  EXPECT_TRUE(RequiresReplacement("AWS::S3::BucketPolicy", "Bucket"));
  json after = props;
  after["PolicyDocument"]["Statement"][0]["Action"] = "s3:*";
  Update("AWS::S3::BucketPolicy", "SitePolicy", "site", props, after);
  EXPECT_EQ(
      json::parse(
          S3("GetBucketPolicy", "site")["Policy"].get<std::string>())["Statement"][0]["Action"],
      "s3:*");
  Delete("AWS::S3::BucketPolicy", "site", after);
  EXPECT_EQ(ErrorOf("s3", "GetBucketPolicy", {{"Bucket", "site"}}), "NoSuchBucketPolicy");
  EXPECT_EQ(Read("AWS::S3::BucketPolicy", "site", after), std::nullopt);
}

}  // namespace
}  // namespace terrarium::iac::testing
