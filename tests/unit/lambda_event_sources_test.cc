// Event source mappings in process: the CRUD operations through the real dispatcher, and the
// pollers driven one RunOnce at a time with a ManualClock. The function itself is scripted (no
// process runs): a wrapping invoker answers lambda:Invoke and records the events it was given.
#include <functional>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "emulator/core/encoding.h"
#include "emulator/services/lambda/event_sources/poll_step.h"
#include "tests/unit/services_test_support.h"
#include "tests/unit/zip_test_support.h"

namespace terrarium::services::lambda {
namespace {

using nlohmann::json;

// Forwards to the dispatcher, except lambda:Invoke, which `function` answers.
class ScriptedInvoker : public OperationInvoker {
 public:
  struct Answer {
    std::string payload = "null";
    std::string function_error;
  };
  explicit ScriptedInvoker(dispatch::Dispatcher& dispatcher) : dispatcher_(dispatcher) {}

  json Invoke(std::string_view service, std::string_view operation, const json& input,
              const Scope& scope, InvokePayloads payloads) override {
    if (service != "lambda" || operation != "Invoke") {
      return dispatcher_.Invoke(service, operation, input, scope, std::move(payloads));
    }
    json event = json::parse(payloads.request.ReadAll());
    events.push_back(event);
    functions.push_back(input["FunctionName"].get<std::string>());
    Answer answer = function ? function(event) : Answer{};
    if (payloads.response != nullptr) *payloads.response = Body::FromString(answer.payload);
    json output = {{"StatusCode", 200}, {"ExecutedVersion", "$LATEST"}};
    if (!answer.function_error.empty()) output["FunctionError"] = answer.function_error;
    return output;
  }

  std::function<Answer(const json& event)> function;
  std::vector<json> events;
  std::vector<std::string> functions;

 private:
  dispatch::Dispatcher& dispatcher_;
};

class LambdaEventSourcesTest : public test_support::ServicesTest {
 protected:
  LambdaEventSourcesTest() {
    invoker_ = std::make_unique<ScriptedInvoker>(*dispatcher_);
    delivery_ = std::make_unique<EventSourceDelivery>(
        PollerDeps{.store = store_.get(), .invoker = invoker_.get(), .clock = &clock_, .log = {}});
  }

  json Call(std::string_view service, std::string_view operation, const json& input) {
    return dispatcher_->Invoke(service, operation, input, Scope{});
  }

  std::string ErrorCode(std::string_view service, std::string_view operation, const json& input) {
    return ErrorOf(service, operation, input);
  }

  void CreateFunction(const std::string& name) {
    std::string zip = testsupport::MakeZip({{"index.py", "def handler(e, c):\n  return e\n"}});
    Call("lambda", "CreateFunction",
         {{"FunctionName", name},
          {"Runtime", "python3.12"},
          {"Handler", "index.handler"},
          {"Role", "arn:aws:iam::000000000000:role/r"},
          {"Code", {{"ZipFile", Base64Encode(zip)}}}});
  }

  // A queue; returns its URL.
  std::string CreateQueue(const std::string& name, json attributes = json::object()) {
    json input = {{"QueueName", name}};
    if (!attributes.empty()) input["Attributes"] = attributes;
    return Call("sqs", "CreateQueue", input)["QueueUrl"];
  }
  static std::string QueueArn(const std::string& name) {
    return "arn:aws:sqs:us-east-1:000000000000:" + name;
  }
  void Send(const std::string& url, const std::string& body) {
    Call("sqs", "SendMessage", {{"QueueUrl", url}, {"MessageBody", body}});
  }
  json Counts(const std::string& url) {
    return Call(
        "sqs", "GetQueueAttributes",
        {{"QueueUrl", url},
         {"AttributeNames",
          {"ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible"}}})["Attributes"];
  }

  json Map(const json& input) { return Call("lambda", "CreateEventSourceMapping", input); }

  std::vector<std::string> Bodies(const json& event) {
    std::vector<std::string> bodies;
    for (const auto& record : event["Records"]) bodies.push_back(record["body"].get<std::string>());
    return bodies;
  }

  std::unique_ptr<ScriptedInvoker> invoker_;
  std::unique_ptr<EventSourceDelivery> delivery_;
};

TEST_F(LambdaEventSourcesTest, SqsMappingDefaultsStatesAndErrors) {
  CreateFunction("fn");
  CreateQueue("q1");
  json created = Map({{"FunctionName", "fn"}, {"EventSourceArn", QueueArn("q1")}});
  EXPECT_EQ(created["State"], "Creating");
  EXPECT_EQ(created["BatchSize"], 10);
  EXPECT_EQ(created["MaximumBatchingWindowInSeconds"], 0);
  EXPECT_EQ(created["FunctionArn"], "arn:aws:lambda:us-east-1:000000000000:function:fn");
  EXPECT_EQ(created["EventSourceMappingArn"],
            "arn:aws:lambda:us-east-1:000000000000:event-source-mapping:" +
                created["UUID"].get<std::string>());
  EXPECT_FALSE(created.contains("StartingPosition"));
  json read = Call("lambda", "GetEventSourceMapping", {{"UUID", created["UUID"]}});
  EXPECT_EQ(read["State"], "Enabled");

  // One mapping per queue and function.
  EXPECT_EQ(ErrorCode("lambda", "CreateEventSourceMapping",
                      {{"FunctionName", "fn"}, {"EventSourceArn", QueueArn("q1")}}),
            "ResourceConflictException");
  EXPECT_EQ(ErrorCode("lambda", "CreateEventSourceMapping",
                      {{"FunctionName", "fn"}, {"EventSourceArn", QueueArn("missing")}}),
            "InvalidParameterValueException");
  EXPECT_EQ(ErrorCode("lambda", "CreateEventSourceMapping",
                      {{"FunctionName", "nofn"}, {"EventSourceArn", QueueArn("q1")}}),
            "ResourceNotFoundException");
  CreateQueue("q2");
  EXPECT_EQ(
      ErrorCode("lambda", "CreateEventSourceMapping",
                {{"FunctionName", "fn"}, {"EventSourceArn", QueueArn("q2")}, {"BatchSize", 50}}),
      "InvalidParameterValueException");
  EXPECT_EQ(ErrorCode("lambda", "CreateEventSourceMapping",
                      {{"FunctionName", "fn"},
                       {"EventSourceArn", QueueArn("q2")},
                       {"StartingPosition", "LATEST"}}),
            "InvalidParameterValueException");

  json disabling = Call("lambda", "UpdateEventSourceMapping",
                        {{"UUID", created["UUID"]}, {"Enabled", false}, {"BatchSize", 5}});
  EXPECT_EQ(disabling["State"], "Disabling");
  read = Call("lambda", "GetEventSourceMapping", {{"UUID", created["UUID"]}});
  EXPECT_EQ(read["State"], "Disabled");
  EXPECT_EQ(read["BatchSize"], 5);

  json deleted = Call("lambda", "DeleteEventSourceMapping", {{"UUID", created["UUID"]}});
  EXPECT_EQ(deleted["State"], "Deleting");
  EXPECT_EQ(ErrorCode("lambda", "GetEventSourceMapping", {{"UUID", created["UUID"]}}),
            "ResourceNotFoundException");
}

TEST_F(LambdaEventSourcesTest, ListFiltersAndPages) {
  CreateFunction("fa");
  CreateFunction("fb");
  for (const char* queue : {"l1", "l2", "l3"}) {
    CreateQueue(queue);
    Map({{"FunctionName", "fa"}, {"EventSourceArn", QueueArn(queue)}});
  }
  Map({{"FunctionName", "fb"}, {"EventSourceArn", QueueArn("l1")}});
  EXPECT_EQ(Call("lambda", "ListEventSourceMappings", json::object())["EventSourceMappings"].size(),
            4u);
  EXPECT_EQ(
      Call("lambda", "ListEventSourceMappings", {{"FunctionName", "fa"}})["EventSourceMappings"]
          .size(),
      3u);
  EXPECT_EQ(Call("lambda", "ListEventSourceMappings",
                 {{"EventSourceArn", QueueArn("l1")}})["EventSourceMappings"]
                .size(),
            2u);
  json first = Call("lambda", "ListEventSourceMappings", {{"FunctionName", "fa"}, {"MaxItems", 2}});
  ASSERT_EQ(first["EventSourceMappings"].size(), 2u);
  ASSERT_TRUE(first.contains("NextMarker"));
  json second = Call("lambda", "ListEventSourceMappings",
                     {{"FunctionName", "fa"}, {"MaxItems", 2}, {"Marker", first["NextMarker"]}});
  ASSERT_EQ(second["EventSourceMappings"].size(), 1u);
  EXPECT_FALSE(second.contains("NextMarker"));
}

TEST_F(LambdaEventSourcesTest, MappingTagsAreListed) {
  CreateFunction("fn");
  CreateQueue("tq");
  json created = Map(
      {{"FunctionName", "fn"}, {"EventSourceArn", QueueArn("tq")}, {"Tags", {{"team", "blue"}}}});
  json tags = Call("lambda", "ListTags", {{"Resource", created["EventSourceMappingArn"]}});
  EXPECT_EQ(tags["Tags"], json({{"team", "blue"}}));
}

TEST_F(LambdaEventSourcesTest, SqsBatchesAreDeliveredAndDeletedOnSuccess) {
  CreateFunction("fn");
  std::string url = CreateQueue("work");
  Map({{"FunctionName", "fn"}, {"EventSourceArn", QueueArn("work")}, {"BatchSize", 2}});
  for (const char* body : {"a", "b", "c"}) Send(url, body);

  delivery_->RunOnce();
  ASSERT_EQ(invoker_->events.size(), 1u);
  const json& record = invoker_->events[0]["Records"][0];
  EXPECT_EQ(record["eventSource"], "aws:sqs");
  EXPECT_EQ(record["eventSourceARN"], QueueArn("work"));
  EXPECT_EQ(record["awsRegion"], "us-east-1");
  EXPECT_EQ(record["attributes"]["ApproximateReceiveCount"], "1");
  EXPECT_TRUE(record.contains("receiptHandle"));
  EXPECT_TRUE(record.contains("md5OfBody"));
  EXPECT_EQ(invoker_->events[0]["Records"].size(), 2u);
  EXPECT_EQ(invoker_->functions[0], "arn:aws:lambda:us-east-1:000000000000:function:fn");

  delivery_->RunOnce();
  ASSERT_EQ(invoker_->events.size(), 2u);
  EXPECT_EQ(Bodies(invoker_->events[1]), std::vector<std::string>{"c"});
  json counts = Counts(url);
  EXPECT_EQ(counts["ApproximateNumberOfMessages"], "0");
  EXPECT_EQ(counts["ApproximateNumberOfMessagesNotVisible"], "0");

  // Nothing left: no invocation, and the outcome names the queue's key to wait on.
  PollOutcome idle = delivery_->RunOnce();
  EXPECT_EQ(invoker_->events.size(), 2u);
  EXPECT_EQ(idle.wait_keys, std::vector<std::string>{"sqs:" + QueueArn("work")});
}

TEST_F(LambdaEventSourcesTest, FailedBatchesReturnToTheQueueAndReachTheDlq) {
  CreateFunction("fn");
  CreateQueue("dlq");
  std::string url =
      CreateQueue("src", {{"VisibilityTimeout", "30"},
                          {"RedrivePolicy", R"({"deadLetterTargetArn":")" + QueueArn("dlq") +
                                                R"(","maxReceiveCount":"2"})"}});
  Map({{"FunctionName", "fn"}, {"EventSourceArn", QueueArn("src")}});
  invoker_->function = [](const json&) {
    return ScriptedInvoker::Answer{R"({"errorMessage":"boom"})", "Unhandled"};
  };
  Send(url, "poison");
  delivery_->RunOnce();
  ASSERT_EQ(invoker_->events.size(), 1u);
  EXPECT_EQ(Counts(url)["ApproximateNumberOfMessagesNotVisible"], "1");

  delivery_->RunOnce();  // still invisible: nothing to deliver
  EXPECT_EQ(invoker_->events.size(), 1u);

  clock_.Advance(std::chrono::seconds(31));
  delivery_->RunOnce();
  ASSERT_EQ(invoker_->events.size(), 2u);
  EXPECT_EQ(invoker_->events[1]["Records"][0]["attributes"]["ApproximateReceiveCount"], "2");

  clock_.Advance(std::chrono::seconds(31));
  delivery_->RunOnce();  // the third receive moves it to the DLQ instead
  EXPECT_EQ(invoker_->events.size(), 2u);
  EXPECT_EQ(Counts(CreateQueue("dlq"))["ApproximateNumberOfMessages"], "1");
}

TEST_F(LambdaEventSourcesTest, ReportBatchItemFailuresKeepsOnlyTheFailedOnes) {
  CreateFunction("fn");
  std::string url = CreateQueue("partial", {{"VisibilityTimeout", "10"}});
  Map({{"FunctionName", "fn"},
       {"EventSourceArn", QueueArn("partial")},
       {"FunctionResponseTypes", {"ReportBatchItemFailures"}}});
  Send(url, "good");
  Send(url, "bad");
  invoker_->function = [](const json& event) {
    json failures = json::array();
    for (const auto& record : event["Records"]) {
      if (record["body"] == "bad") failures.push_back({{"itemIdentifier", record["messageId"]}});
    }
    return ScriptedInvoker::Answer{json{{"batchItemFailures", failures}}.dump(), ""};
  };
  delivery_->RunOnce();
  ASSERT_EQ(invoker_->events.size(), 1u);
  EXPECT_EQ(invoker_->events[0]["Records"].size(), 2u);
  EXPECT_EQ(Counts(url)["ApproximateNumberOfMessagesNotVisible"], "1");
  clock_.Advance(std::chrono::seconds(11));
  delivery_->RunOnce();
  ASSERT_EQ(invoker_->events.size(), 2u);
  EXPECT_EQ(Bodies(invoker_->events[1]), std::vector<std::string>{"bad"});
}

TEST_F(LambdaEventSourcesTest, BatchingWindowWaitsForAFullBatch) {
  CreateFunction("fn");
  std::string url = CreateQueue("windowed");
  Map({{"FunctionName", "fn"},
       {"EventSourceArn", QueueArn("windowed")},
       {"BatchSize", 3},
       {"MaximumBatchingWindowInSeconds", 5}});
  Send(url, "1");
  PollOutcome waiting = delivery_->RunOnce();
  EXPECT_TRUE(invoker_->events.empty());
  EXPECT_LE(waiting.next_due, clock_.Now() + std::chrono::seconds(5));
  clock_.Advance(std::chrono::seconds(2));
  Send(url, "2");
  delivery_->RunOnce();
  EXPECT_TRUE(invoker_->events.empty());
  clock_.Advance(std::chrono::seconds(3));
  delivery_->RunOnce();
  ASSERT_EQ(invoker_->events.size(), 1u);
  EXPECT_EQ(Bodies(invoker_->events[0]), (std::vector<std::string>{"1", "2"}));
  // A full batch goes at once.
  for (const char* body : {"3", "4", "5"}) Send(url, body);
  delivery_->RunOnce();
  ASSERT_EQ(invoker_->events.size(), 2u);
  EXPECT_EQ(invoker_->events[1]["Records"].size(), 3u);
}

TEST_F(LambdaEventSourcesTest, FilteredOutMessagesAreDeletedUnseen) {
  CreateFunction("fn");
  std::string url = CreateQueue("filtered");
  Map({{"FunctionName", "fn"},
       {"EventSourceArn", QueueArn("filtered")},
       {"FilterCriteria", {{"Filters", {{{"Pattern", R"({"body":{"keep":[true]}})"}}}}}}});
  Send(url, R"({"keep":true,"n":1})");
  Send(url, R"({"keep":false,"n":2})");
  Send(url, "not json");
  delivery_->RunOnce();
  ASSERT_EQ(invoker_->events.size(), 1u);
  EXPECT_EQ(Bodies(invoker_->events[0]), std::vector<std::string>{R"({"keep":true,"n":1})"});
  json counts = Counts(url);
  EXPECT_EQ(counts["ApproximateNumberOfMessages"], "0");
  EXPECT_EQ(counts["ApproximateNumberOfMessagesNotVisible"], "0");
}

TEST_F(LambdaEventSourcesTest, DisabledMappingsDeliverNothing) {
  CreateFunction("fn");
  std::string url = CreateQueue("off");
  Map({{"FunctionName", "fn"}, {"EventSourceArn", QueueArn("off")}, {"Enabled", false}});
  Send(url, "x");
  delivery_->RunOnce();
  EXPECT_TRUE(invoker_->events.empty());
  EXPECT_EQ(Counts(url)["ApproximateNumberOfMessages"], "1");
}

class LambdaStreamSourcesTest : public LambdaEventSourcesTest {
 protected:
  std::string CreateStreamTable(const std::string& name) {
    json table =
        Call("dynamodb", "CreateTable",
             {{"TableName", name},
              {"AttributeDefinitions", {{{"AttributeName", "id"}, {"AttributeType", "S"}}}},
              {"KeySchema", {{{"AttributeName", "id"}, {"KeyType", "HASH"}}}},
              {"BillingMode", "PAY_PER_REQUEST"},
              {"StreamSpecification",
               {{"StreamEnabled", true}, {"StreamViewType", "NEW_AND_OLD_IMAGES"}}}});
    return table["TableDescription"]["LatestStreamArn"];
  }
  void Put(const std::string& table, const std::string& id, const std::string& value) {
    Call("dynamodb", "PutItem",
         {{"TableName", table}, {"Item", {{"id", {{"S", id}}}, {"v", {{"S", value}}}}}});
  }
  std::vector<std::string> Names(const json& event) {
    std::vector<std::string> names;
    for (const auto& record : event["Records"])
      names.push_back(record["eventName"].get<std::string>());
    return names;
  }
};

TEST_F(LambdaStreamSourcesTest, RecordsArriveInOrderFromTrimHorizon) {
  CreateFunction("fn");
  std::string stream = CreateStreamTable("orders");
  EXPECT_EQ(ErrorCode("lambda", "CreateEventSourceMapping",
                      {{"FunctionName", "fn"}, {"EventSourceArn", stream}}),
            "InvalidParameterValueException");  // StartingPosition is required
  EXPECT_EQ(
      ErrorCode("lambda", "CreateEventSourceMapping",
                {{"FunctionName", "fn"},
                 {"EventSourceArn", stream},
                 {"StartingPosition", "TRIM_HORIZON"},
                 {"DestinationConfig", {{"OnFailure", {{"Destination", "arn:aws:s3:::bucket"}}}}}}),
      "InvalidParameterValueException");
  json created = Map(
      {{"FunctionName", "fn"}, {"EventSourceArn", stream}, {"StartingPosition", "TRIM_HORIZON"}});
  EXPECT_EQ(created["BatchSize"], 100);
  EXPECT_EQ(created["MaximumRetryAttempts"], -1);
  EXPECT_EQ(created["LastProcessingResult"], "No records processed");
  Put("orders", "a", "1");
  Put("orders", "a", "2");
  Call("dynamodb", "DeleteItem", {{"TableName", "orders"}, {"Key", {{"id", {{"S", "a"}}}}}});
  delivery_->RunOnce();
  ASSERT_EQ(invoker_->events.size(), 1u);
  EXPECT_EQ(Names(invoker_->events[0]), (std::vector<std::string>{"INSERT", "MODIFY", "REMOVE"}));
  const json& first = invoker_->events[0]["Records"][0];
  EXPECT_EQ(first["eventSource"], "aws:dynamodb");
  EXPECT_EQ(first["eventSourceARN"], stream);
  EXPECT_EQ(first["dynamodb"]["NewImage"]["v"]["S"], "1");
  delivery_->RunOnce();
  EXPECT_EQ(invoker_->events.size(), 1u);  // the position moved past them
  Put("orders", "b", "3");
  delivery_->RunOnce();  // streams are read on a timer: not yet
  EXPECT_EQ(invoker_->events.size(), 1u);
  clock_.Advance(EventSourceDelivery::kStreamInterval);
  delivery_->RunOnce();
  ASSERT_EQ(invoker_->events.size(), 2u);
  EXPECT_EQ(Names(invoker_->events[1]), std::vector<std::string>{"INSERT"});
  json read = Call("lambda", "GetEventSourceMapping", {{"UUID", created["UUID"]}});
  EXPECT_EQ(read["LastProcessingResult"], "OK");
}

TEST_F(LambdaStreamSourcesTest, LatestSkipsEarlierRecords) {
  CreateFunction("fn");
  std::string stream = CreateStreamTable("late");
  Put("late", "old", "1");
  Map({{"FunctionName", "fn"}, {"EventSourceArn", stream}, {"StartingPosition", "LATEST"}});
  Put("late", "new", "2");
  delivery_->RunOnce();
  ASSERT_EQ(invoker_->events.size(), 1u);
  ASSERT_EQ(invoker_->events[0]["Records"].size(), 1u);
  EXPECT_EQ(invoker_->events[0]["Records"][0]["dynamodb"]["Keys"]["id"]["S"], "new");
}

TEST_F(LambdaStreamSourcesTest, FailedBatchesAreRetriedThenSentToTheOnFailureQueue) {
  CreateFunction("fn");
  std::string stream = CreateStreamTable("flaky");
  std::string failures = CreateQueue("stream-failures");
  Map({{"FunctionName", "fn"},
       {"EventSourceArn", stream},
       {"StartingPosition", "TRIM_HORIZON"},
       {"MaximumRetryAttempts", 1},
       {"DestinationConfig", {{"OnFailure", {{"Destination", QueueArn("stream-failures")}}}}}});
  invoker_->function = [](const json&) {
    return ScriptedInvoker::Answer{R"({"errorMessage":"no"})", "Unhandled"};
  };
  Put("flaky", "k", "1");
  delivery_->RunOnce();
  EXPECT_EQ(invoker_->events.size(), 1u);
  delivery_->RunOnce();  // the retry waits
  EXPECT_EQ(invoker_->events.size(), 1u);
  clock_.Advance(EventSourceDelivery::kStreamRetryDelay);
  delivery_->RunOnce();  // the retry fails too: given up
  EXPECT_EQ(invoker_->events.size(), 2u);
  json messages = Call("sqs", "ReceiveMessage", {{"QueueUrl", failures}})["Messages"];
  ASSERT_EQ(messages.size(), 1u);
  json record = json::parse(messages[0]["Body"].get<std::string>());
  EXPECT_EQ(record["requestContext"]["condition"], "RetryAttemptsExhausted");
  EXPECT_EQ(record["requestContext"]["approximateInvokeCount"], 2);
  EXPECT_EQ(record["responseContext"]["functionError"], "Unhandled");
  EXPECT_EQ(record["DDBStreamBatchInfo"]["batchSize"], 1);
  EXPECT_EQ(record["DDBStreamBatchInfo"]["streamArn"], stream);
  clock_.Advance(std::chrono::seconds(5));
  delivery_->RunOnce();
  EXPECT_EQ(invoker_->events.size(), 2u);  // skipped for good
}

// Code from S3 and S3 notifications reach the other services through the same in-process API.
TEST_F(LambdaEventSourcesTest, FunctionCodeComesFromS3) {
  std::string zip = testsupport::MakeZip({{"index.py", "def handler(e, c):\n  return 1\n"}});
  Call("s3", "CreateBucket", {{"Bucket", "code-bucket"}});
  dispatcher_->Invoke("s3", "PutObject", {{"Bucket", "code-bucket"}, {"Key", "fn.zip"}}, Scope{},
                      {.request = Body::FromString(zip), .response = nullptr});
  json base = {{"FunctionName", "from-s3"},
               {"Runtime", "python3.12"},
               {"Handler", "index.handler"},
               {"Role", "arn:aws:iam::000000000000:role/r"}};
  json input = base;
  input["Code"] = {{"S3Bucket", "code-bucket"}, {"S3Key", "fn.zip"}};
  json created = Call("lambda", "CreateFunction", input);
  EXPECT_EQ(created["CodeSize"], zip.size());
  EXPECT_EQ(created["CodeSha256"], Base64Encode(Sha256(zip)));

  input = base;
  input["FunctionName"] = "missing-key";
  input["Code"] = {{"S3Bucket", "code-bucket"}, {"S3Key", "nope.zip"}};
  try {
    Call("lambda", "CreateFunction", input);
    ADD_FAILURE() << "no error";
  } catch (const AwsError& error) {
    EXPECT_EQ(error.code, "InvalidParameterValueException");
    EXPECT_NE(error.message.find("S3 Error Code: NoSuchKey"), std::string::npos) << error.message;
  }
  input["Code"] = {{"S3Bucket", "no-such-bucket-here"}, {"S3Key", "fn.zip"}};
  EXPECT_EQ(ErrorCode("lambda", "CreateFunction", input), "InvalidParameterValueException");
  EXPECT_EQ(ErrorCode("lambda", "UpdateFunctionCode",
                      {{"FunctionName", "from-s3"}, {"S3Bucket", "code-bucket"}, {"S3Key", "x"}}),
            "InvalidParameterValueException");
}

TEST_F(LambdaEventSourcesTest, S3NotificationsReachQueues) {
  std::string url = CreateQueue("s3-events");
  Call("s3", "CreateBucket", {{"Bucket", "noisy"}});
  json missing = {{"Bucket", "noisy"},
                  {"NotificationConfiguration",
                   {{"QueueConfigurations",
                     {{{"QueueArn", QueueArn("absent")}, {"Events", {"s3:ObjectCreated:*"}}}}}}}};
  EXPECT_EQ(ErrorCode("s3", "PutBucketNotificationConfiguration", missing), "InvalidArgument");
  Call("s3", "PutBucketNotificationConfiguration",
       {{"Bucket", "noisy"},
        {"NotificationConfiguration",
         {{"QueueConfigurations",
           {{{"Id", "uploads"},
             {"QueueArn", QueueArn("s3-events")},
             {"Events", {"s3:ObjectCreated:*", "s3:ObjectRemoved:*"}},
             {"Filter",
              {{"Key", {{"FilterRules", {{{"Name", "prefix"}, {"Value", "in/"}}}}}}}}}}}}}});
  auto receive = [&] {
    json messages = Call("sqs", "ReceiveMessage", {{"QueueUrl", url}, {"MaxNumberOfMessages", 10}})
                        .value("Messages", json::array());
    std::vector<json> bodies;
    for (const auto& message : messages) {
      bodies.push_back(json::parse(message["Body"].get<std::string>()));
      Call("sqs", "DeleteMessage",
           {{"QueueUrl", url}, {"ReceiptHandle", message["ReceiptHandle"]}});
    }
    return bodies;
  };
  std::vector<json> test_events = receive();
  ASSERT_EQ(test_events.size(), 1u);
  EXPECT_EQ(test_events[0]["Event"], "s3:TestEvent");
  EXPECT_EQ(test_events[0]["Bucket"], "noisy");

  dispatcher_->Invoke("s3", "PutObject", {{"Bucket", "noisy"}, {"Key", "in/a b.txt"}}, Scope{},
                      {.request = Body::FromString("hello"), .response = nullptr});
  dispatcher_->Invoke("s3", "PutObject", {{"Bucket", "noisy"}, {"Key", "out/skip.txt"}}, Scope{},
                      {.request = Body::FromString("x"), .response = nullptr});
  clock_.Advance(std::chrono::milliseconds(1));
  Call("s3", "DeleteObject", {{"Bucket", "noisy"}, {"Key", "in/a b.txt"}});
  std::vector<json> events = receive();
  ASSERT_EQ(events.size(), 2u);
  const json& created = events[0]["Records"][0];
  EXPECT_EQ(created["eventVersion"], "2.1");
  EXPECT_EQ(created["eventSource"], "aws:s3");
  EXPECT_EQ(created["eventName"], "ObjectCreated:Put");
  EXPECT_EQ(created["s3"]["configurationId"], "uploads");
  EXPECT_EQ(created["s3"]["bucket"]["arn"], "arn:aws:s3:::noisy");
  EXPECT_EQ(created["s3"]["object"]["key"], "in/a+b.txt");
  EXPECT_EQ(created["s3"]["object"]["size"], 5);
  EXPECT_EQ(created["s3"]["object"]["eTag"], "5d41402abc4b2a76b9719d911017c592");
  const json& removed = events[1]["Records"][0];
  EXPECT_EQ(removed["eventName"], "ObjectRemoved:Delete");
  EXPECT_FALSE(removed["s3"]["object"].contains("size"));
  EXPECT_LT(created["s3"]["object"]["sequencer"].get<std::string>(),
            removed["s3"]["object"]["sequencer"].get<std::string>());
}

}  // namespace
}  // namespace terrarium::services::lambda
