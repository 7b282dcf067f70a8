#include <gtest/gtest.h>

#include "emulator/services/s3/notifications.h"

namespace terrarium::services::s3 {
namespace {

using nlohmann::json;

const json kConfiguration = json::parse(R"({
  "QueueConfigurations": [
    {"Id": "images", "QueueArn": "arn:aws:sqs:us-east-1:000000000000:q",
     "Events": ["s3:ObjectCreated:*"],
     "Filter": {"Key": {"FilterRules": [{"Name": "Prefix", "Value": "img/"},
                                        {"Name": "Suffix", "Value": ".png"}]}}}
  ],
  "LambdaFunctionConfigurations": [
    {"LambdaFunctionArn": "arn:aws:lambda:us-east-1:000000000000:function:f",
     "Events": ["s3:ObjectRemoved:DeleteMarkerCreated", "s3:ObjectCreated:Copy"]}
  ],
  "TopicConfigurations": [
    {"TopicArn": "arn:aws:sns:us-east-1:000000000000:t", "Events": ["s3:ObjectCreated:*"]}
  ]
})");

std::vector<std::string> Arns(const std::vector<NotificationTarget>& targets) {
  std::vector<std::string> arns;
  for (const auto& target : targets) arns.push_back(target.arn);
  return arns;
}

TEST(S3NotificationsTest, EventsAndKeyFiltersSelectDestinations) {
  const std::string queue = "arn:aws:sqs:us-east-1:000000000000:q";
  const std::string function = "arn:aws:lambda:us-east-1:000000000000:function:f";
  EXPECT_EQ(Arns(MatchNotificationTargets(kConfiguration, "ObjectCreated:Put", "img/a.png")),
            std::vector<std::string>{queue});
  EXPECT_TRUE(MatchNotificationTargets(kConfiguration, "ObjectCreated:Put", "img/a.jpg").empty());
  EXPECT_TRUE(MatchNotificationTargets(kConfiguration, "ObjectCreated:Put", "x/img/a.png").empty());
  EXPECT_EQ(Arns(MatchNotificationTargets(kConfiguration, "ObjectCreated:Copy", "img/b.png")),
            (std::vector<std::string>{queue, function}));
  EXPECT_EQ(Arns(MatchNotificationTargets(kConfiguration, "ObjectRemoved:DeleteMarkerCreated",
                                          "anything")),
            std::vector<std::string>{function});
  EXPECT_TRUE(
      MatchNotificationTargets(kConfiguration, "ObjectRemoved:Delete", "img/a.png").empty());
  EXPECT_EQ(MatchNotificationTargets(kConfiguration, "ObjectCreated:Put", "img/a.png")[0]
                .configuration_id,
            "images");
}

TEST(S3NotificationsTest, EventDocumentHasAwsShape) {
  ObjectEvent event;
  event.event_name = "ObjectCreated:Put";
  event.bucket = "b";
  event.key = "dir/a b+c.txt";
  event.size = 11;
  event.etag = "abc";
  event.version_id = "v1";
  event.sequencer = "00000000000000000A";
  event.region = "eu-west-1";
  event.owner_account = "123456789012";
  event.request_id = "req";
  event.time = 1700000000.5;
  json document = S3EventDocument(event, "cfg");
  ASSERT_EQ(document["Records"].size(), 1u);
  const json& record = document["Records"][0];
  EXPECT_EQ(record["eventVersion"], "2.1");
  EXPECT_EQ(record["eventTime"], "2023-11-14T22:13:20.500Z");
  EXPECT_EQ(record["awsRegion"], "eu-west-1");
  EXPECT_EQ(record["s3"]["s3SchemaVersion"], "1.0");
  EXPECT_EQ(record["s3"]["configurationId"], "cfg");
  EXPECT_EQ(record["s3"]["object"]["key"], "dir/a+b%2Bc.txt");
  EXPECT_EQ(record["s3"]["object"]["size"], 11);
  EXPECT_EQ(record["s3"]["object"]["eTag"], "abc");
  EXPECT_EQ(record["s3"]["object"]["versionId"], "v1");
  EXPECT_EQ(record["s3"]["object"]["sequencer"], "00000000000000000A");
  EXPECT_EQ(record["s3"]["bucket"]["ownerIdentity"]["principalId"], "123456789012");
  EXPECT_EQ(record["responseElements"]["x-amz-request-id"], "req");
}

TEST(S3NotificationsTest, SequencersGrowWithTime) {
  auto t = std::chrono::system_clock::time_point(std::chrono::seconds(1700000000));
  EXPECT_LT(NextSequencer(t), NextSequencer(t + std::chrono::nanoseconds(1)));
  EXPECT_LT(NextSequencer(t), NextSequencer(t + std::chrono::hours(24 * 365)));
}

}  // namespace
}  // namespace terrarium::services::s3
