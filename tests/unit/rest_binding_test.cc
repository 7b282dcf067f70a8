#include "emulator/protocols/rest_binding.h"

#include <string>

#include <gtest/gtest.h>

#include "emulator/core/aws_error.h"
#include "emulator/core/url.h"

namespace terrarium::protocols {
namespace {

using nlohmann::json;

// The operation name S3 or Lambda resolves `method target` to, or "" for none.
std::string Match(std::string_view service, std::string_view method, std::string_view target,
                  const Headers& headers = {}) {
  auto q = target.find('?');
  std::string_view path = target.substr(0, q);
  QueryParams query =
      ParseQuery(q == std::string_view::npos ? std::string_view{} : target.substr(q + 1));
  const models::Operation* op =
      MatchRestOperation(models::GetModel(service), method, path, query, headers);
  return op == nullptr ? "" : op->name;
}

json DecodeRest(std::string_view service, std::string_view operation, std::string_view target,
                const Headers& headers = {}) {
  const models::Operation* op = models::GetModel(service).FindOperation(operation);
  auto q = target.find('?');
  QueryParams query =
      ParseQuery(q == std::string_view::npos ? std::string_view{} : target.substr(q + 1));
  json input = json::object();
  DecodeRestLocations(*op, target.substr(0, q), query, headers, input);
  return input;
}

TEST(RestBindingTest, S3BucketOperationsAreToldApartByQuery) {
  EXPECT_EQ(Match("s3", "GET", "/"), "ListBuckets");
  EXPECT_EQ(Match("s3", "GET", "/bucket"), "ListObjects");
  EXPECT_EQ(Match("s3", "GET", "/bucket/"), "ListObjects");
  EXPECT_EQ(Match("s3", "GET", "/bucket?list-type=2&prefix=a"), "ListObjectsV2");
  EXPECT_EQ(Match("s3", "GET", "/bucket?list-type=1"), "ListObjects");
  EXPECT_EQ(Match("s3", "GET", "/bucket?versioning"), "GetBucketVersioning");
  EXPECT_EQ(Match("s3", "GET", "/bucket?versions"), "ListObjectVersions");
  EXPECT_EQ(Match("s3", "HEAD", "/bucket"), "HeadBucket");
  EXPECT_EQ(Match("s3", "PUT", "/bucket"), "CreateBucket");
  EXPECT_EQ(Match("s3", "DELETE", "/bucket"), "DeleteBucket");
  EXPECT_EQ(Match("s3", "POST", "/b?delete"), "DeleteObjects");
  EXPECT_EQ(Match("s3", "GET", "/bucket?lifecycle"), "GetBucketLifecycleConfiguration");
  EXPECT_EQ(Match("s3", "PUT", "/bucket?notification"), "PutBucketNotificationConfiguration");
}

TEST(RestBindingTest, S3ObjectOperations) {
  EXPECT_EQ(Match("s3", "GET", "/bucket/a/b%20c"), "GetObject");
  EXPECT_EQ(Match("s3", "HEAD", "/bucket/key"), "HeadObject");
  EXPECT_EQ(Match("s3", "PUT", "/b/k"), "PutObject");
  EXPECT_EQ(Match("s3", "POST", "/b/k?uploads"), "CreateMultipartUpload");
  EXPECT_EQ(Match("s3", "PUT", "/b/k?partNumber=1&uploadId=x"), "UploadPart");
  EXPECT_EQ(Match("s3", "GET", "/b/k?uploadId=x"), "ListParts");
  EXPECT_EQ(Match("s3", "DELETE", "/b/k?uploadId=x"), "AbortMultipartUpload");
  EXPECT_EQ(Match("s3", "DELETE", "/b/k?versionId=3"), "DeleteObject");
  EXPECT_EQ(Match("s3", "POST", "/b/k?uploadId=x"), "CompleteMultipartUpload");
  EXPECT_EQ(Match("s3", "GET", "/b/k?tagging"), "GetObjectTagging");
  Headers copy{{"x-amz-copy-source", "src/key"}};
  EXPECT_EQ(Match("s3", "PUT", "/b/k", copy), "CopyObject");
  EXPECT_EQ(Match("s3", "PUT", "/b/k?partNumber=2&uploadId=x", copy), "UploadPartCopy");
  // A key may begin with a slash: everything after the bucket's slash is the key.
  EXPECT_EQ(Match("s3", "GET", "/bucket//k"), "GetObject");
  EXPECT_EQ(Match("s3", "PATCH", "/bucket"), "");
}

TEST(RestBindingTest, LambdaOperations) {
  EXPECT_EQ(Match("lambda", "POST", "/2015-03-31/functions/my-fn/invocations"), "Invoke");
  EXPECT_EQ(Match("lambda", "GET", "/2015-03-31/functions/my-fn?Qualifier=1"), "GetFunction");
  EXPECT_EQ(Match("lambda", "GET", "/2015-03-31/functions/"), "ListFunctions");
  EXPECT_EQ(Match("lambda", "GET", "/2015-03-31/functions"), "ListFunctions");
  EXPECT_EQ(Match("lambda", "POST", "/2015-03-31/functions"), "CreateFunction");
  EXPECT_EQ(Match("lambda", "GET", "/2015-03-31/functions/my-fn/configuration"),
            "GetFunctionConfiguration");
  EXPECT_EQ(Match("lambda", "DELETE", "/2015-03-31/functions/my-fn"), "DeleteFunction");
  EXPECT_EQ(Match("lambda", "GET", "/2015-03-31/nothing-here"), "");
}

TEST(RestBindingTest, DecodesGreedyLabelsQueryAndHeaders) {
  json input =
      DecodeRest("s3", "GetObject", "/bucket/a/b%20c%2Bd+e?versionId=v1&partNumber=2",
                 {{"Range", "bytes=0-9"}, {"If-Modified-Since", "Wed, 21 Oct 2015 07:28:00 GMT"}});
  EXPECT_EQ(input["Bucket"], "bucket");
  EXPECT_EQ(input["Key"], "a/b c+d+e");
  EXPECT_EQ(input["VersionId"], "v1");
  EXPECT_EQ(input["PartNumber"], 2);
  EXPECT_EQ(input["Range"], "bytes=0-9");
  EXPECT_DOUBLE_EQ(input["IfModifiedSince"].get<double>(), 1445412480);
}

TEST(RestBindingTest, DecodesPrefixedHeadersAndLists) {
  json input = DecodeRest("s3", "PutObject", "/b/k",
                          {{"X-Amz-Meta-Color", "blue"},
                           {"x-amz-meta-Size", "L"},
                           {"Content-Length", "12"},
                           {"x-amz-acl", "private"}});
  EXPECT_EQ(input["Metadata"], (json{{"color", "blue"}, {"size", "L"}}));
  EXPECT_EQ(input["ContentLength"], 12);
  EXPECT_EQ(input["ACL"], "private");

  json attrs = DecodeRest("s3", "GetObjectAttributes", "/b/k?attributes",
                          {{"x-amz-object-attributes", "ETag, Checksum,ObjectSize"}});
  EXPECT_EQ(attrs["ObjectAttributes"], (json{"ETag", "Checksum", "ObjectSize"}));

  json untag =
      DecodeRest("lambda", "UntagResource", "/2017-03-31/tags/arn%3Aaws%3Ax?tagKeys=a&tagKeys=b");
  EXPECT_EQ(untag["Resource"], "arn:aws:x");
  EXPECT_EQ(untag["TagKeys"], (json{"a", "b"}));
}

// The compiled model indexes each input's header members by lower-case name, and decoding walks
// the request's headers once: it must find what a lookup per member finds, whatever the case.
TEST(RestBindingTest, HeaderMembersAreFoundInOnePassInAnyCase) {
  const models::Shape& put = *models::GetModel("s3").FindOperation("PutObject")->input;
  size_t bound = 0;
  for (const models::Member& member : put.members) {
    if (member.location == models::Location::kHeader) ++bound;
  }
  EXPECT_EQ(put.header_members.size(), bound);
  EXPECT_GT(bound, 30u);
  for (size_t i = 1; i < put.header_members.size(); ++i) {
    EXPECT_LT(put.header_members[i - 1].first, put.header_members[i].first);
  }

  json input = DecodeRest("s3", "PutObject", "/b/k",
                          {{"CONTENT-TYPE", "text/plain"},
                           {"cache-control", "no-cache"},
                           {"X-Amz-Storage-Class", "STANDARD_IA"},
                           {"x-amz-tagging", "a=b"},
                           {"If-None-Match", "*"},
                           {"X-Amz-Unknown", "ignored"},
                           {"Content-MD5", "abc="}});
  EXPECT_EQ(input["ContentType"], "text/plain");
  EXPECT_EQ(input["CacheControl"], "no-cache");
  EXPECT_EQ(input["StorageClass"], "STANDARD_IA");
  EXPECT_EQ(input["Tagging"], "a=b");
  EXPECT_EQ(input["IfNoneMatch"], "*");
  EXPECT_EQ(input["ContentMD5"], "abc=");
  EXPECT_EQ(input["Bucket"], "b");
  EXPECT_EQ(input["Key"], "k");
  EXPECT_EQ(input.size(), 8u) << input.dump();
}

TEST(RestBindingTest, BadValueIsASerializationException) {
  try {
    DecodeRest("s3", "ListObjectsV2", "/b?list-type=2&max-keys=lots");
    FAIL() << "expected an error";
  } catch (const AwsError& error) {
    EXPECT_EQ(error.code, "SerializationException");
    EXPECT_EQ(error.status, 400);
    EXPECT_EQ(error.extra["ArgumentName"], "max-keys");
    EXPECT_EQ(error.extra["ArgumentValue"], "lots");
  }
  EXPECT_THROW(DecodeRest("s3", "PutObject", "/b/k", {{"Content-Length", "x"}}), AwsError);
}

TEST(RestBindingTest, EncodesHeadersAndStatus) {
  const models::ServiceModel& s3 = models::GetModel("s3");
  Headers headers;
  json output = {{"ETag", "\"abc\""},
                 {"ContentLength", 5},
                 {"LastModified", 1445412480.0},
                 {"Metadata", {{"color", "blue"}}},
                 {"DeleteMarker", false},
                 {"Body", "not a header"}};
  EXPECT_EQ(EncodeRestLocations(*s3.FindOperation("GetObject")->output, output, headers), 0);
  EXPECT_EQ(headers["ETag"], "\"abc\"");
  EXPECT_EQ(headers["Content-Length"], "5");
  EXPECT_EQ(headers["Last-Modified"], "Wed, 21 Oct 2015 07:28:00 GMT");
  EXPECT_EQ(headers["x-amz-meta-color"], "blue");
  EXPECT_EQ(headers["x-amz-delete-marker"], "false");
  EXPECT_EQ(headers.size(), 5u);

  Headers lambda_headers;
  const models::Operation* invoke = models::GetModel("lambda").FindOperation("Invoke");
  EXPECT_EQ(
      EncodeRestLocations(*invoke->output, {{"StatusCode", 202}, {"ExecutedVersion", "$LATEST"}},
                          lambda_headers),
      202);
  EXPECT_EQ(lambda_headers["X-Amz-Executed-Version"], "$LATEST");
}

}  // namespace
}  // namespace terrarium::protocols
