#include <gtest/gtest.h>

#include <vector>

#include "emulator/core/wait_hub.h"

namespace terrarium {
namespace {

TEST(WaitHubTest, NotifyWakesSubscribersOfThatKeyOnce) {
  WaitHub hub;
  int a = 0, b = 0;
  hub.Subscribe("a", hub.Epoch(), [&] { ++a; });
  hub.Subscribe("b", hub.Epoch(), [&] { ++b; });
  hub.Notify("a");
  hub.Notify("a");
  EXPECT_EQ(a, 1);
  EXPECT_EQ(b, 0);
}

TEST(WaitHubTest, ANotificationBetweenLookingAndWaitingIsNotLost) {
  WaitHub hub;
  uint64_t epoch = hub.Epoch();  // the request looks: nothing there
  hub.Notify("q");               // a message arrives before the request subscribes
  int woken = 0;
  hub.Subscribe("q", epoch, [&] { ++woken; });
  EXPECT_EQ(woken, 1);
  // A subscription made after the notification's epoch waits for the next one.
  int later = 0;
  hub.Subscribe("q", hub.Epoch(), [&] { ++later; });
  EXPECT_EQ(later, 0);
  hub.Notify("q");
  EXPECT_EQ(later, 1);
}

TEST(WaitHubTest, CancelledSubscriptionsDoNotFire) {
  WaitHub hub;
  int woken = 0;
  uint64_t id = hub.Subscribe("q", hub.Epoch(), [&] { ++woken; });
  hub.Cancel(id);
  hub.Notify("q");
  EXPECT_EQ(woken, 0);
}

TEST(WaitHubTest, ManyOneOffKeysAreForgottenButNeverLost) {
  WaitHub hub;
  uint64_t early = hub.Epoch();
  for (int i = 0; i < 70000; ++i) hub.Notify("invocation:" + std::to_string(i));
  // The notification of key 0 may be forgotten by now; a subscriber from before it still wakes.
  int woken = 0;
  hub.Subscribe("invocation:0", early, [&] { ++woken; });
  EXPECT_EQ(woken, 1);
  // A fresh subscriber waits for the next notification.
  int later = 0;
  hub.Subscribe("invocation:0", hub.Epoch(), [&] { ++later; });
  EXPECT_EQ(later, 0);
  hub.Notify("invocation:0");
  EXPECT_EQ(later, 1);
}

TEST(WaitHubTest, NotifyWakesAtMostTheGivenNumberOldestFirst) {
  WaitHub hub;
  std::vector<int> woken;
  for (int i = 0; i < 5; ++i) hub.Subscribe("q", hub.Epoch(), [&woken, i] { woken.push_back(i); });
  hub.Notify("q", 1);
  EXPECT_EQ(woken, (std::vector<int>{0}));
  hub.Notify("q", 2);
  EXPECT_EQ(woken, (std::vector<int>{0, 1, 2}));
  hub.Notify("q");  // the rest
  EXPECT_EQ(woken, (std::vector<int>{0, 1, 2, 3, 4}));
}

TEST(WaitHubTest, CancelAmongManyRemovesOnlyThatSubscription) {
  WaitHub hub;
  int woken = 0;
  std::vector<uint64_t> ids;
  for (int i = 0; i < 100; ++i) ids.push_back(hub.Subscribe("q", hub.Epoch(), [&] { ++woken; }));
  for (size_t i = 0; i < ids.size(); i += 2) hub.Cancel(ids[i]);
  hub.Cancel(ids[0]);  // twice: nothing happens
  hub.Notify("q");
  EXPECT_EQ(woken, 50);
}

}  // namespace
}  // namespace terrarium
