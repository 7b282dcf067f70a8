// The rest-xml (S3) codec against S3 documentation examples and botocore-serialized requests.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "emulator/protocols/codecs.h"
#include "tests/unit/xml_canonical.h"

namespace terrarium::protocols {
namespace {

using nlohmann::json;
using testing::CanonicalXml;
using testing::ReadTestData;

constexpr char kS3Namespace[] = "http://s3.amazonaws.com/doc/2006-03-01/";

const models::ServiceModel& S3() { return models::GetModel("s3"); }

HttpRequest Request(std::string method, std::string target, std::string body = {}) {
  HttpRequest request;
  request.method = std::move(method);
  request.target = std::move(target);
  request.SplitTarget();
  request.body = Body::FromString(std::move(body));
  return request;
}

struct Decoded {
  std::string operation;
  json input;
  RequestContext ctx;
};

Decoded Decode(HttpRequest request) {
  auto codec = MakeRestXmlCodec(S3());
  Decoded out;
  DecodedRequest decoded = codec->Decode(request, out.ctx);
  out.operation = decoded.operation->name;
  out.input = decoded.input;
  return out;
}

AwsError DecodeError(HttpRequest request) {
  try {
    Decode(std::move(request));
  } catch (const AwsError& error) {
    return error;
  }
  ADD_FAILURE() << "no error";
  return AwsError("", "");
}

HttpResponse Encode(const std::string& operation, const json& output, RequestContext& ctx) {
  return MakeRestXmlCodec(S3())->EncodeOutput(*S3().FindOperation(operation), output, ctx);
}

HttpResponse Encode(const std::string& operation, const json& output) {
  RequestContext ctx;
  ctx.request_id = "REQ1";
  return Encode(operation, output, ctx);
}

HttpResponse EncodeError(const AwsError& error, bool head = false) {
  RequestContext ctx;
  ctx.request_id = "4442587FB7D0A2F9";
  return MakeRestXmlCodec(S3())->EncodeError(error, nullptr, ctx, head);
}

TEST(RestXmlCodecTest, CreateBucketWithLocationConstraintExample) {
  HttpRequest request =
      Request("PUT", "/amzn-s3-demo-bucket", ReadTestData("rest-xml/create_bucket_request.xml"));
  request.headers["x-amz-acl"] = "public-read";
  Decoded decoded = Decode(request);
  EXPECT_EQ(decoded.operation, "CreateBucket");
  EXPECT_EQ(decoded.input,
            (json{{"Bucket", "amzn-s3-demo-bucket"},
                  {"ACL", "public-read"},
                  {"CreateBucketConfiguration", {{"LocationConstraint", "Europe"}}}}));
}

TEST(RestXmlCodecTest, CreateBucketWithoutBody) {
  Decoded decoded = Decode(Request("PUT", "/b"));
  EXPECT_EQ(decoded.operation, "CreateBucket");
  EXPECT_EQ(decoded.input, (json{{"Bucket", "b"}}));
}

TEST(RestXmlCodecTest, DeleteObjectsExample) {
  Decoded decoded =
      Decode(Request("POST", "/b?delete", ReadTestData("rest-xml/delete_objects_request.xml")));
  EXPECT_EQ(decoded.operation, "DeleteObjects");
  EXPECT_EQ(decoded.input,
            (json{{"Bucket", "b"},
                  {"Delete",
                   {{"Quiet", true},
                    {"Objects",
                     {{{"Key", "sample1.txt"}, {"VersionId", "OYcLXagmS.WaD..oyH4KRguB95_YhLs7"}},
                      {{"Key", "sample2.txt"}}}}}}}));

  HttpResponse response = Encode(
      "DeleteObjects",
      {{"Deleted", {{{"Key", "sample1.txt"}}}},
       {"Errors",
        {{{"Key", "sample2.txt"}, {"Code", "AccessDenied"}, {"Message", "Access Denied"}}}}});
  EXPECT_EQ(CanonicalXml(response.body.ReadAll()),
            CanonicalXml(ReadTestData("rest-xml/delete_objects_response.xml")));
}

TEST(RestXmlCodecTest, PutBucketTaggingExample) {
  Decoded decoded =
      Decode(Request("PUT", "/b?tagging", ReadTestData("rest-xml/put_bucket_tagging_request.xml")));
  EXPECT_EQ(decoded.operation, "PutBucketTagging");
  EXPECT_EQ(decoded.input["Tagging"], (json{{"TagSet",
                                             {{{"Key", "Project"}, {"Value", "Project One"}},
                                              {{"Key", "User"}, {"Value", "jsmith"}}}}}));
}

TEST(RestXmlCodecTest, DecodesWhatBotocoreSerializes) {
  json cases = json::parse(ReadTestData("rest-xml/botocore_requests.json"));
  ASSERT_FALSE(cases.empty());
  for (const auto& c : cases) {
    const json& wire = c["request"];
    std::string target = wire["path"];
    if (!wire["query"].get<std::string>().empty()) target += "?" + wire["query"].get<std::string>();
    HttpRequest request = Request(wire["method"], target, wire["body"]);
    for (const auto& [name, value] : wire["headers"].items()) request.headers[name] = value;
    Decoded decoded = Decode(request);
    EXPECT_EQ(decoded.operation, c["operation"].get<std::string>());
    EXPECT_EQ(decoded.input, c["input"]) << c["operation"];
  }
}

TEST(RestXmlCodecTest, ListObjectsV2ResponseExample) {
  json object1 = {{"Key", "my-image.jpg"},
                  {"LastModified", 1255369830},  // 2009-10-12T17:50:30Z
                  {"ETag", "\"fba9dede5f27731c9771645a39863328\""},
                  {"Size", 434234},
                  {"StorageClass", "STANDARD"}};
  json object2 = {{"Key", "photos/2006/January/sample.jpg"},
                  {"LastModified", 1255369830},
                  {"ETag", "\"bf1d737a4d46a19f3bced6905cc8b902\""},
                  {"Size", 2360},
                  {"StorageClass", "STANDARD"}};
  json output = {{"Name", "bucket"},
                 {"Prefix", ""},
                 {"KeyCount", 2},
                 {"MaxKeys", 1000},
                 {"IsTruncated", false},
                 {"Contents", {object1, object2}},
                 {"CommonPrefixes", {{{"Prefix", "photos/2006/February/"}}}}};
  HttpResponse response = Encode("ListObjectsV2", output);
  EXPECT_EQ(response.status, 200);
  EXPECT_EQ(response.headers["Content-Type"], "application/xml");
  EXPECT_EQ(response.headers["x-amz-request-id"], "REQ1");
  EXPECT_FALSE(response.headers["x-amz-id-2"].empty());
  std::string body = response.body.ReadAll();
  EXPECT_EQ(body.rfind("<?xml version=\"1.0\" encoding=\"UTF-8\"?><ListBucketResult xmlns=\"" +
                           std::string(kS3Namespace) + "\">",
                       0),
            0u);
  EXPECT_EQ(CanonicalXml(body),
            CanonicalXml(ReadTestData("rest-xml/list_objects_v2_response.xml")));
}

TEST(RestXmlCodecTest, ListBucketsResponseExample) {
  json output = {{"Buckets",
                  {{{"Name", "amzn-s3-demo-bucket"}, {"CreationDate", 1576107167}},
                   {{"Name", "amzn-s3-demo-bucket1"}, {"CreationDate", 1573428733}}}},
                 {"Owner", {{"DisplayName", "Account+Name"}, {"ID", "AIDACKCEVSQ6C2EXAMPLE"}}}};
  EXPECT_EQ(CanonicalXml(Encode("ListBuckets", output).body.ReadAll()),
            CanonicalXml(ReadTestData("rest-xml/list_buckets_response.xml")));
}

TEST(RestXmlCodecTest, GrantMembersRoundTripWithTheXsiTypeAttribute) {
  std::string golden = ReadTestData("rest-xml/get_bucket_acl_response.xml");
  const std::string id = "75aa57f09aa0c8caeab4f8c24e99d10f8e7faeebf76c078efc7c6caea54ba06a";
  json owner = {{"ID", id}, {"DisplayName", "CustomersName@amazon.com"}};
  json grantee = owner;
  grantee["Type"] = "CanonicalUser";
  json output = {{"Owner", owner},
                 {"Grants", {{{"Grantee", grantee}, {"Permission", "FULL_CONTROL"}}}}};
  EXPECT_EQ(CanonicalXml(Encode("GetBucketAcl", output).body.ReadAll()), CanonicalXml(golden));

  // The same document is PutBucketAcl's body.
  Decoded decoded = Decode(Request("PUT", "/b?acl", golden));
  EXPECT_EQ(decoded.operation, "PutBucketAcl");
  EXPECT_EQ(decoded.input["AccessControlPolicy"], output);
}

TEST(RestXmlCodecTest, GetBucketLocationIsUnwrapped) {
  EXPECT_EQ(Encode("GetBucketLocation", {{"LocationConstraint", "eu-west-1"}}).body.ReadAll(),
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?><LocationConstraint xmlns=\"" +
                std::string(kS3Namespace) + "\">eu-west-1</LocationConstraint>");
  // us-east-1 answers an empty constraint.
  EXPECT_EQ(Encode("GetBucketLocation", json::object()).body.ReadAll(),
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?><LocationConstraint xmlns=\"" +
                std::string(kS3Namespace) + "\"/>");
}

TEST(RestXmlCodecTest, StructurePayloadIsTheRoot) {
  HttpResponse response =
      Encode("CopyObject",
             {{"CopyObjectResult", {{"ETag", "\"e\""}, {"LastModified", 0}}}, {"VersionId", "v2"}});
  EXPECT_EQ(response.headers["x-amz-version-id"], "v2");
  EXPECT_EQ(response.body.ReadAll(),
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?><CopyObjectResult xmlns=\"" +
                std::string(kS3Namespace) +
                "\"><ETag>&quot;e&quot;</ETag><LastModified>1970-01-01T00:00:00.000Z"
                "</LastModified></CopyObjectResult>");
}

TEST(RestXmlCodecTest, PutObjectBodyTravelsBesideTheDocument) {
  HttpRequest request = Request("PUT", "/b/photos/a%20b.jpg", "raw bytes \x01\x02");
  request.headers["Content-Type"] = "image/jpeg";
  request.headers["x-amz-meta-color"] = "blue";
  Decoded decoded = Decode(request);
  EXPECT_EQ(decoded.operation, "PutObject");
  EXPECT_EQ(decoded.input, (json{{"Bucket", "b"},
                                 {"Key", "photos/a b.jpg"},
                                 {"ContentType", "image/jpeg"},
                                 {"Metadata", {{"color", "blue"}}}}));
  EXPECT_EQ(decoded.ctx.request_payload.ReadAll(), "raw bytes \x01\x02");

  HttpResponse response = Encode("PutObject", {{"ETag", "\"abc\""}});
  EXPECT_EQ(response.headers["ETag"], "\"abc\"");
  EXPECT_TRUE(response.body.empty());
  EXPECT_EQ(response.headers.count("Content-Type"), 0u);
}

TEST(RestXmlCodecTest, GetObjectStreamsThePayloadWithTheRequestedStatus) {
  RequestContext ctx;
  ctx.request_id = "R";
  ctx.response_payload = Body::FromString("partial");
  ctx.response_status = 206;
  HttpResponse response =
      Encode("GetObject",
             {{"ContentRange", "bytes 0-6/100"}, {"ContentLength", 7}, {"LastModified", 0}}, ctx);
  EXPECT_EQ(response.status, 206);
  EXPECT_EQ(response.body.ReadAll(), "partial");
  EXPECT_EQ(response.headers["Content-Range"], "bytes 0-6/100");
  EXPECT_EQ(response.headers["Last-Modified"], "Thu, 01 Jan 1970 00:00:00 GMT");
}

TEST(RestXmlCodecTest, StringPayloadIsTheRawBody) {
  const std::string policy = R"({"Version":"2012-10-17","Statement":[]})";
  Decoded decoded = Decode(Request("PUT", "/b?policy", policy));
  EXPECT_EQ(decoded.operation, "PutBucketPolicy");
  EXPECT_EQ(decoded.input["Policy"], policy);
  EXPECT_EQ(Encode("GetBucketPolicy", {{"Policy", policy}}).body.ReadAll(), policy);
}

TEST(RestXmlCodecTest, MalformedBodiesAreMalformedXml) {
  for (const std::string& body : {
           std::string("<Tagging><TagSet>"),
           std::string("not xml at all"),
           std::string("<Delete><Quiet>maybe</Quiet></Delete>"),
       }) {
    std::string target = body.find("Delete") != std::string::npos ? "/b?delete" : "/b?tagging";
    AwsError error = DecodeError(
        Request(body.find("Delete") != std::string::npos ? "POST" : "PUT", target, body));
    EXPECT_EQ(error.code, "MalformedXML") << body;
    EXPECT_EQ(error.status, 400);
    EXPECT_EQ(error.message,
              "The XML you provided was not well-formed or did not validate against our "
              "published schema");
  }
}

TEST(RestXmlCodecTest, DoctypesAndEntitiesAreRefused) {
  // External entity (XXE) and entity expansion ("billion laughs"): never read, never expanded.
  const std::string xxe =
      "<?xml version=\"1.0\"?><!DOCTYPE t [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>"
      "<Tagging><TagSet><Tag><Key>&x;</Key><Value>v</Value></Tag></TagSet></Tagging>";
  const std::string laughs =
      "<?xml version=\"1.0\"?><!DOCTYPE t [<!ENTITY a \"aaaaaaaaaa\">"
      "<!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\"><!ENTITY c \"&b;&b;&b;&b;&b;&b;&b;&b;\">]>"
      "<Tagging><TagSet><Tag><Key>&c;</Key><Value>v</Value></Tag></TagSet></Tagging>";
  EXPECT_EQ(DecodeError(Request("PUT", "/b?tagging", xxe)).code, "MalformedXML");
  EXPECT_EQ(DecodeError(Request("PUT", "/b?tagging", laughs)).code, "MalformedXML");

  // Without a DOCTYPE an undeclared entity stays text; only the XML ones are expanded.
  Decoded decoded = Decode(Request("PUT", "/b?tagging",
                                   "<Tagging><TagSet><Tag><Key>&lt;&amp;&#65;</Key><Value>&x;</"
                                   "Value></Tag></TagSet></Tagging>"));
  EXPECT_EQ(decoded.input["Tagging"]["TagSet"][0]["Key"], "<&A");
}

TEST(RestXmlCodecTest, BadQueryValuesAreInvalidArgument) {
  AwsError error = DecodeError(Request("GET", "/b?list-type=2&max-keys=lots"));
  EXPECT_EQ(error.code, "InvalidArgument");
  EXPECT_EQ(error.status, 400);
  EXPECT_EQ(error.extra["ArgumentName"], "max-keys");
  EXPECT_EQ(error.extra["ArgumentValue"], "lots");
}

TEST(RestXmlCodecTest, UnroutableRequestIsMethodNotAllowed) {
  AwsError error = DecodeError(Request("PATCH", "/b/k"));
  EXPECT_EQ(error.code, "MethodNotAllowed");
  EXPECT_EQ(error.status, 405);
}

TEST(RestXmlCodecTest, ErrorDocumentCarriesExtraFieldsRequestIdAndHostId) {
  AwsError error("NoSuchKey", "The specified key does not exist.");
  error.With("Key", "myfoto.jpg");
  HttpResponse response = EncodeError(error);
  EXPECT_EQ(response.status, 404);
  EXPECT_EQ(response.headers["Content-Type"], "application/xml");
  EXPECT_EQ(response.headers["x-amz-request-id"], "4442587FB7D0A2F9");
  const std::string host_id = response.headers["x-amz-id-2"];
  EXPECT_EQ(response.body.ReadAll(),
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>NoSuchKey</Code>"
            "<Message>The specified key does not exist.</Message><Key>myfoto.jpg</Key>"
            "<RequestId>4442587FB7D0A2F9</RequestId><HostId>" +
                host_id + "</HostId></Error>");
}

TEST(RestXmlCodecTest, ErrorStatusesComeFromModelAndOverrides) {
  EXPECT_EQ(EncodeError(AwsError("NoSuchBucket", "x")).status, 404);  // model
  EXPECT_EQ(EncodeError(AwsError("BucketNotEmpty", "x")).status, 409);
  EXPECT_EQ(EncodeError(AwsError("NoSuchLifecycleConfiguration", "x")).status, 404);
  EXPECT_EQ(EncodeError(AwsError("InvalidRange", "x")).status, 416);
  EXPECT_EQ(EncodeError(AwsError("PreconditionFailed", "x")).status, 412);
  EXPECT_EQ(EncodeError(AwsError("SomethingNew", "x")).status, 400);
  EXPECT_EQ(EncodeError(AwsError("SlowDown", "x")).status, 503);
}

TEST(RestXmlCodecTest, HeadErrorsAndNotModifiedHaveNoBody) {
  HttpResponse head = EncodeError(AwsError("NoSuchKey", "gone"), /*head=*/true);
  EXPECT_EQ(head.status, 404);
  EXPECT_TRUE(head.body.empty());
  EXPECT_FALSE(head.headers["x-amz-request-id"].empty());

  HttpResponse not_modified = EncodeError(AwsError("NotModified", "Not Modified"));
  EXPECT_EQ(not_modified.status, 304);
  EXPECT_TRUE(not_modified.body.empty());
}

}  // namespace
}  // namespace terrarium::protocols
