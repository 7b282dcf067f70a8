// MD5OfMessageAttributes as AWS computes it (SDKs verify it against their own computation).
#include <gtest/gtest.h>

#include "emulator/services/sqs/md5_attributes.h"

namespace terrarium::services::sqs {
namespace {

using nlohmann::json;

TEST(SqsMd5, BodyIsHexMd5) { EXPECT_EQ(Md5OfBody("hello"), "5d41402abc4b2a76b9719d911017c592"); }

TEST(SqsMd5, NumberAttributeMatchesAws) {
  // The value AWS returns for this attribute (also in moto's test suite).
  json attributes = {{"timestamp", {{"DataType", "Number"}, {"StringValue", "1493147359900"}}}};
  EXPECT_EQ(Md5OfAttributes(attributes), "235c5c510d26fb653d073faed50ae77c");
}

TEST(SqsMd5, SortsByNameAndEncodesBinaryWithTransportByte2) {
  json attributes = {{"b", {{"DataType", "Binary"}, {"BinaryValue", "AAH/"}}},
                     {"a", {{"DataType", "String"}, {"StringValue", "h\xc3\xa9llo"}}},
                     {"n", {{"DataType", "Number.float"}, {"StringValue", "1.5"}}}};
  EXPECT_EQ(Md5OfAttributes(attributes), "5acaf0920af66281cd5f5e231c62d63a");
}

TEST(SqsMd5, NoAttributesNoDigest) { EXPECT_EQ(Md5OfAttributes(json::object()), ""); }

}  // namespace
}  // namespace terrarium::services::sqs
