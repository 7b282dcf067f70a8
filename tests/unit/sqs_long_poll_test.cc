// The long-poll decision of a ReceiveMessage that found nothing, and the handler's use of it.
#include <gtest/gtest.h>

#include "emulator/core/http_message.h"
#include "emulator/services/sqs/receive.h"
#include "sqs_test_support.h"

namespace terrarium::services::sqs {
namespace {

using nlohmann::json;
using std::chrono::seconds;

const Clock::TimePoint kNow{std::chrono::seconds(1700000000)};

TEST(SqsDecidePoll, NoWaitAnswersNow) {
  EXPECT_TRUE(DecidePoll(kNow, 0, true, std::nullopt, std::nullopt).answer_now);
  EXPECT_TRUE(DecidePoll(kNow, 5, false, std::nullopt, std::nullopt).answer_now);
}

TEST(SqsDecidePoll, FirstRunWaitsUntilNowPlusWait) {
  PollDecision d = DecidePoll(kNow, 5, true, std::nullopt, std::nullopt);
  EXPECT_FALSE(d.answer_now);
  EXPECT_EQ(d.deadline, kNow + seconds(5));
  EXPECT_FALSE(d.wake_at);
}

TEST(SqsDecidePoll, RerunKeepsTheOriginalDeadline) {
  PollDecision d = DecidePoll(kNow + seconds(2), 5, true, kNow + seconds(5), std::nullopt);
  EXPECT_FALSE(d.answer_now);
  EXPECT_EQ(d.deadline, kNow + seconds(5));
  EXPECT_TRUE(DecidePoll(kNow + seconds(5), 5, true, kNow + seconds(5), std::nullopt).answer_now);
}

TEST(SqsDecidePoll, WakesWhenAMessageBecomesVisibleBeforeTheDeadline) {
  PollDecision d = DecidePoll(kNow, 10, true, std::nullopt, kNow + seconds(3));
  EXPECT_EQ(d.deadline, kNow + seconds(10));
  ASSERT_TRUE(d.wake_at);
  EXPECT_EQ(*d.wake_at, kNow + seconds(3));
  EXPECT_FALSE(DecidePoll(kNow, 10, true, std::nullopt, kNow + seconds(30)).wake_at);
}

class SqsLongPollTest : public ::testing::Test, public SqsFixture {};

TEST_F(SqsLongPollTest, EmptyReceiveWaitsOnTheQueueKey) {
  std::string url = NewQueue("q");
  RequestContext ctx = Context();
  ctx.can_wait = true;
  json out = ReceiveMessage(ctx, {{"QueueUrl", url}, {"WaitTimeSeconds", 5}});
  EXPECT_TRUE(out.empty());
  ASSERT_TRUE(ctx.wait_request);
  EXPECT_EQ(ctx.wait_request->first, "sqs:arn:aws:sqs:us-east-1:000000000000:q");
  EXPECT_EQ(ctx.wait_request->second, clock_.Now() + seconds(5));
  EXPECT_FALSE(ctx.wake_at);
}

TEST_F(SqsLongPollTest, DelayedMessageSetsWakeTime) {
  std::string url = NewQueue("q");
  Call(SendMessage, {{"QueueUrl", url}, {"MessageBody", "later"}, {"DelaySeconds", 2}});
  RequestContext ctx = Context();
  ctx.can_wait = true;
  ReceiveMessage(ctx, {{"QueueUrl", url}, {"WaitTimeSeconds", 5}});
  ASSERT_TRUE(ctx.wake_at);
  EXPECT_EQ(*ctx.wake_at, clock_.Now() + seconds(2));
  // The re-run at the wake time finds the message.
  Advance(seconds(2));
  RequestContext rerun = Context();
  rerun.can_wait = true;
  rerun.poll_deadline = ctx.wait_request->second;
  json out = ReceiveMessage(rerun, {{"QueueUrl", url}, {"WaitTimeSeconds", 5}});
  ASSERT_EQ(out["Messages"].size(), 1u);
  EXPECT_FALSE(rerun.wait_request);
}

TEST_F(SqsLongPollTest, PastDeadlineAnswersEmpty) {
  std::string url = NewQueue("q");
  RequestContext ctx = Context();
  ctx.can_wait = true;
  ctx.poll_deadline = clock_.Now();
  json out = ReceiveMessage(ctx, {{"QueueUrl", url}, {"WaitTimeSeconds", 5}});
  EXPECT_TRUE(out.empty());
  EXPECT_FALSE(ctx.wait_request);
}

}  // namespace
}  // namespace terrarium::services::sqs

namespace terrarium {
namespace {

// The server waits until the earlier of wake_at and the deadline, and hands back the deadline.
TEST(DeferralTest, WakesAtTheEarlierOfWakeTimeAndDeadline) {
  const Clock::TimePoint now{std::chrono::seconds(1700000000)};
  Deferral plain{"k", now + std::chrono::seconds(5), 0};
  EXPECT_EQ(plain.WakeAt(), now + std::chrono::seconds(5));
  Deferral early{"k", now + std::chrono::seconds(5), 0, now + std::chrono::seconds(2)};
  EXPECT_EQ(early.WakeAt(), now + std::chrono::seconds(2));
  Deferral late{"k", now + std::chrono::seconds(5), 0, now + std::chrono::seconds(9)};
  EXPECT_EQ(late.WakeAt(), now + std::chrono::seconds(5));
}

}  // namespace
}  // namespace terrarium
