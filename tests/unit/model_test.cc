#include <gtest/gtest.h>

#include "emulator/models/service_model.h"

namespace terrarium::models {
namespace {

TEST(ModelTest, EveryEmbeddedModelCompiles) {
  for (const auto& name : ServiceNames()) {
    const ServiceModel& model = GetModel(name);
    EXPECT_FALSE(model.operations.empty()) << name;
    EXPECT_FALSE(model.protocol.empty()) << name;
  }
  EXPECT_EQ(ServiceNames().size(), 8u);
}

TEST(ModelTest, S3RestBindingsAreSplit) {
  const Operation* op = GetModel("s3").FindOperation("ListObjectsV2");
  ASSERT_NE(op, nullptr);
  EXPECT_EQ(op->http.method, "GET");
  ASSERT_EQ(op->http.path_segments.size(), 1u);
  EXPECT_EQ(op->http.path_segments[0], "{Bucket}");
  ASSERT_EQ(op->http.query_literals.size(), 1u);
  EXPECT_EQ(op->http.query_literals[0].first, "list-type");
  EXPECT_EQ(op->http.query_literals[0].second, "2");
}

TEST(ModelTest, SqsSpeaksJsonAndIsQueryCompatible) {
  const ServiceModel& sqs = GetModel("sqs");
  EXPECT_EQ(sqs.protocol, "json");
  EXPECT_TRUE(sqs.aws_query_compatible);
  EXPECT_EQ(sqs.target_prefix, "AmazonSQS");
  const ErrorInfo* error = sqs.FindError("QueueDoesNotExist");
  ASSERT_NE(error, nullptr);
  EXPECT_EQ(error->code, "AWS.SimpleQueueService.NonExistentQueue");
}

TEST(ModelTest, UnknownServiceThrows) { EXPECT_THROW(GetModel("ec2"), std::out_of_range); }

}  // namespace
}  // namespace terrarium::models
