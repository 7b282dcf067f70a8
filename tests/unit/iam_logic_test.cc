// IAM's pure logic: policy documents (checks and percent-encoding), ids, pagination.
#include <gtest/gtest.h>

#include <set>

#include "emulator/core/aws_error.h"
#include "emulator/core/url.h"
#include "emulator/services/iam/iam_ids.h"
#include "emulator/services/iam/pagination.h"
#include "emulator/services/iam/policy_document.h"

namespace terrarium::services::iam {
namespace {

using nlohmann::json;

constexpr const char* kTrust =
    R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"lambda.amazonaws.com"},"Action":"sts:AssumeRole"}]})";

std::string MalformedMessage(std::string_view text, DocumentKind kind) {
  try {
    CheckPolicyDocument(text, kind);
  } catch (const AwsError& error) {
    EXPECT_EQ(error.code, "MalformedPolicyDocumentException");
    return error.message;
  }
  return "";
}

TEST(IamPolicyDocument, EncodesEverythingButUnreservedCharacters) {
  EXPECT_EQ(EncodePolicyDocument(R"({"Action":"s3:Get*","Resource":"arn:aws:s3:::b/k+x y"})"),
            "%7B%22Action%22%3A%22s3%3AGet%2A%22%2C%22Resource%22%3A%22arn%3Aaws%3As3%3A%3A%3Ab%2Fk"
            "%2Bx%20y%22%7D");
  EXPECT_EQ(EncodePolicyDocument("a-b_c.d~e\n"), "a-b_c.d~e%0A");
}

TEST(IamPolicyDocument, RoundTripsThroughPercentDecoding) {
  std::string pretty =
      "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [{\"Sid\": \"ü+%\"}]\n}";
  EXPECT_EQ(PercentDecode(EncodePolicyDocument(pretty)), pretty);
  // '+' is encoded, so decoders that read '+' as a space get the document back too.
  EXPECT_EQ(PercentDecode(EncodePolicyDocument(pretty), /*plus_is_space=*/true), pretty);
}

TEST(IamPolicyDocument, AcceptsWellFormedDocuments) {
  EXPECT_NO_THROW(CheckPolicyDocument(kTrust, DocumentKind::kTrust));
  EXPECT_NO_THROW(CheckPolicyDocument(
      R"({"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"*","Resource":"*"}})",
      DocumentKind::kPermissions));
}

TEST(IamPolicyDocument, RejectsMalformedDocumentsWithIamsMessages) {
  EXPECT_EQ(MalformedMessage("{not json", DocumentKind::kTrust),
            "This policy contains invalid Json");
  EXPECT_EQ(MalformedMessage("{not json", DocumentKind::kPermissions), "Syntax errors in policy.");
  EXPECT_EQ(MalformedMessage("null", DocumentKind::kPermissions), "Syntax errors in policy.");
  EXPECT_EQ(MalformedMessage(R"({"Version":"2012-10-17"})", DocumentKind::kPermissions),
            "Syntax errors in policy.");
  EXPECT_EQ(
      MalformedMessage(
          R"({"Statement":[{"Effect":"Allow","Principal":"*","Action":"sts:AssumeRole","Resource":"*"}]})",
          DocumentKind::kTrust),
      "Has prohibited field Resource");
}

TEST(IamPolicyDocument, SizeCountsEverythingButWhitespace) {
  EXPECT_EQ(PolicySize("{ \"a\" :\n\t\"b c\" }"), 10u);
  EXPECT_NO_THROW(CheckPolicySize("12345", "PolicySize", 5));
  try {
    CheckPolicySize("123456", "PolicySize", 5);
    FAIL() << "expected LimitExceeded";
  } catch (const AwsError& error) {
    EXPECT_EQ(error.code, "LimitExceededException");
    EXPECT_EQ(error.message, "Cannot exceed quota for PolicySize: 5");
  }
}

TEST(IamIds, HaveAwsPrefixesLengthsAndAlphabets) {
  std::string role = NewUniqueId("AROA");
  EXPECT_EQ(role.size(), 21u);
  EXPECT_TRUE(role.starts_with("AROA"));
  EXPECT_EQ(role.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"), std::string::npos);
  std::string key = NewAccessKeyId();
  EXPECT_EQ(key.size(), 20u);
  EXPECT_TRUE(key.starts_with("AKIA"));
  std::string secret = NewSecretAccessKey();
  EXPECT_EQ(secret.size(), 40u);
  EXPECT_EQ(
      secret.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"),
      std::string::npos);
  std::set<std::string> ids;
  for (int i = 0; i < 100; ++i) ids.insert(NewUniqueId("AIDA"));
  EXPECT_EQ(ids.size(), 100u);
}

KeyedItems Letters(std::string_view letters) {
  KeyedItems items;
  for (char c : letters) items.emplace_back(std::string(1, c), json(std::string(1, c)));
  return items;
}

TEST(IamPagination, WalksPagesInKeyOrderWithMarkers) {
  json page = PageOf(Letters("edcba"), {{"MaxItems", 2}}, "Names");
  EXPECT_EQ(page["Names"], json({"a", "b"}));
  EXPECT_EQ(page["IsTruncated"], true);
  page = PageOf(Letters("edcba"), {{"MaxItems", 2}, {"Marker", page["Marker"]}}, "Names");
  EXPECT_EQ(page["Names"], json({"c", "d"}));
  page = PageOf(Letters("edcba"), {{"MaxItems", 2}, {"Marker", page["Marker"]}}, "Names");
  EXPECT_EQ(page["Names"], json({"e"}));
  EXPECT_EQ(page["IsTruncated"], false);
  EXPECT_FALSE(page.contains("Marker"));
}

TEST(IamPagination, AMarkerSurvivesRemovalOfItsItem) {
  json page = PageOf(Letters("abcd"), {{"MaxItems", 2}}, "Names");
  page = PageOf(Letters("abd"), {{"Marker", page["Marker"]}}, "Names");
  EXPECT_EQ(page["Names"], json({"d"}));
}

TEST(IamPagination, DefaultsToOneHundredItemsAndRejectsForeignMarkers) {
  KeyedItems many;
  for (int i = 0; i < 150; ++i) many.emplace_back(std::to_string(1000 + i), json(i));
  json page = PageOf(many, json::object(), "Items");
  EXPECT_EQ(page["Items"].size(), 100u);
  EXPECT_EQ(page["IsTruncated"], true);
  EXPECT_THROW(PageOf(many, {{"Marker", "***"}}, "Items"), AwsError);
}

}  // namespace
}  // namespace terrarium::services::iam
