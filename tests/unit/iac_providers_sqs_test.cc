// AWS::SQS::Queue and AWS::SQS::QueuePolicy through the real SQS operations.
#include "iac_provider_test_support.h"

namespace terrarium::iac::testing {
namespace {

using json = nlohmann::json;

class SqsProvidersTest : public ProviderTest {
 protected:
  json Attributes(const std::string& url) {
    return Call("sqs", "GetQueueAttributes",
                {{"QueueUrl", url}, {"AttributeNames", {"All"}}})["Attributes"];
  }
};

TEST_F(SqsProvidersTest, CreatesAQueueWithAttributesTagsAndRedrive) {
  auto dlq = Create("AWS::SQS::Queue", "Dlq", {{"MessageRetentionPeriod", "1209600"}});
  EXPECT_EQ(dlq.physical_id, "http://localhost:4566/123456789012/demo-Dlq-ABCDEFGHIJKLM")
      << "Ref is the queue URL";
  json props = {
      {"VisibilityTimeout", 45},
      {"DelaySeconds", "5"},
      {"RedrivePolicy", {{"deadLetterTargetArn", dlq.attributes["Arn"]}, {"maxReceiveCount", 3}}},
      {"Tags", {{{"Key", "team"}, {"Value", "core"}}}}};
  auto queue = Create("AWS::SQS::Queue", "Work", props);
  json attributes = Attributes(queue.physical_id);
  EXPECT_EQ(attributes["VisibilityTimeout"], "45");
  EXPECT_EQ(attributes["DelaySeconds"], "5");
  EXPECT_EQ(json::parse(attributes["RedrivePolicy"].get<std::string>())["maxReceiveCount"], 3);
  EXPECT_EQ(queue.attributes["Arn"], "arn:aws:sqs:eu-west-1:123456789012:demo-Work-ABCDEFGHIJKLM");
  EXPECT_EQ(queue.attributes["QueueName"], "demo-Work-ABCDEFGHIJKLM");
  EXPECT_EQ(queue.attributes["QueueUrl"], queue.physical_id);
  EXPECT_EQ(Call("sqs", "ListQueueTags", {{"QueueUrl", queue.physical_id}})["Tags"]["team"],
            "core");

  auto read = Read("AWS::SQS::Queue", queue.physical_id, props);
  ASSERT_TRUE(read);
  EXPECT_EQ((*read)["VisibilityTimeout"], 45);
  EXPECT_EQ((*read)["DelaySeconds"], "5") << "in sync: the declared form";
  EXPECT_EQ((*read)["RedrivePolicy"], props["RedrivePolicy"]);
  EXPECT_EQ((*read)["Tags"], props["Tags"]);
  EXPECT_FALSE(read->contains("MessageRetentionPeriod")) << "only declared names";
}

TEST_F(SqsProvidersTest, UpdatesOnlyWhatChangedAndResetsRemovedAttributes) {
  json before = {{"QueueName", "jobs"},
                 {"VisibilityTimeout", 45},
                 {"DelaySeconds", 5},
                 {"Tags", {{{"Key", "a"}, {"Value", "1"}}, {{"Key", "b"}, {"Value", "2"}}}}};
  auto queue = Create("AWS::SQS::Queue", "Jobs", before);
  json after = {
      {"QueueName", "jobs"}, {"VisibilityTimeout", 60}, {"Tags", {{{"Key", "b"}, {"Value", "3"}}}}};
  EXPECT_FALSE(RequiresReplacement("AWS::SQS::Queue", "VisibilityTimeout"));
  auto updated = Update("AWS::SQS::Queue", "Jobs", queue.physical_id, before, after);
  EXPECT_EQ(updated.physical_id, queue.physical_id);
  json attributes = Attributes(queue.physical_id);
  EXPECT_EQ(attributes["VisibilityTimeout"], "60");
  EXPECT_EQ(attributes["DelaySeconds"], "0") << "a removed attribute goes back to the default";
  EXPECT_EQ(Call("sqs", "ListQueueTags", {{"QueueUrl", queue.physical_id}})["Tags"],
            json({{"b", "3"}}));
}

TEST_F(SqsProvidersTest, NameAndFifoChangesReplaceAndFifoNamesEndInFifo) {
  EXPECT_TRUE(RequiresReplacement("AWS::SQS::Queue", "QueueName"));
  EXPECT_TRUE(RequiresReplacement("AWS::SQS::Queue", "FifoQueue"));
  auto fifo = Provider("AWS::SQS::Queue")
                  .Create(Context("AWS::SQS::Queue", "Ordered", true),
                          {{"FifoQueue", "true"}, {"ContentBasedDeduplication", true}});
  EXPECT_TRUE(fifo.physical_id.ends_with("demo-Ordered-ABCDEFGHIJKLM.fifo"));
  EXPECT_EQ(Attributes(fifo.physical_id)["ContentBasedDeduplication"], "true");
  try {
    Create("AWS::SQS::Queue", "Bad", {{"FifoQueue", true}, {"QueueName", "plain"}});
    FAIL() << "a FIFO queue needs a .fifo name";
  } catch (const AwsError& error) {
    EXPECT_NE(error.message.find("QueueName"), std::string::npos) << error.message;
  }
  try {
    Create("AWS::SQS::Queue", "Bad", {{"VisibilityTimeout", "soon"}});
    FAIL() << "a non-numeric timeout is refused";
  } catch (const AwsError& error) {
    EXPECT_NE(error.message.find("/VisibilityTimeout"), std::string::npos) << error.message;
  }
}

TEST_F(SqsProvidersTest, DeleteIsIdempotentAndReadSeesItGone) {
  auto queue = Create("AWS::SQS::Queue", "Gone", json::object());
  Delete("AWS::SQS::Queue", queue.physical_id, json::object());
  EXPECT_EQ(ErrorOf("sqs", "GetQueueUrl", {{"QueueName", "demo-Gone-ABCDEFGHIJKLM"}}),
            "QueueDoesNotExist");
  EXPECT_NO_THROW(Delete("AWS::SQS::Queue", queue.physical_id, json::object()));
  EXPECT_EQ(Read("AWS::SQS::Queue", queue.physical_id, {{"VisibilityTimeout", 30}}), std::nullopt);
}

TEST_F(SqsProvidersTest, QueuePolicySetsMovesAndClearsThePolicy) {
  auto a = Create("AWS::SQS::Queue", "A", json::object());
  auto b = Create("AWS::SQS::Queue", "B", json::object());
  json document = {
      {"Version", "2012-10-17"},
      {"Statement", {{{"Effect", "Allow"}, {"Principal", "*"}, {"Action", "sqs:SendMessage"}}}}};
  json before = {{"Queues", {a.physical_id}}, {"PolicyDocument", document}};
  auto policy = Create("AWS::SQS::QueuePolicy", "Policy", before);
  EXPECT_TRUE(policy.physical_id.starts_with("demo-Policy-"));
  EXPECT_EQ(json::parse(Attributes(a.physical_id)["Policy"].get<std::string>()), document);
  EXPECT_EQ((*Read("AWS::SQS::QueuePolicy", policy.physical_id, before))["PolicyDocument"],
            document);

  json after = {{"Queues", {b.physical_id}}, {"PolicyDocument", document}};
  Update("AWS::SQS::QueuePolicy", "Policy", policy.physical_id, before, after);
  EXPECT_FALSE(Attributes(a.physical_id).contains("Policy"));
  EXPECT_TRUE(Attributes(b.physical_id).contains("Policy"));

  Delete("AWS::SQS::QueuePolicy", policy.physical_id, after);
  EXPECT_FALSE(Attributes(b.physical_id).contains("Policy"));
  EXPECT_EQ(Read("AWS::SQS::QueuePolicy", policy.physical_id, after), std::nullopt);
}

}  // namespace
}  // namespace terrarium::iac::testing
