// The restart, reschedule and rollout rules with Nomad's numbers (models/spec/lifecycle_policy.h,
// models/runtime/rollout.h cite the sources).
#include "models/spec/lifecycle_policy.h"

#include <gtest/gtest.h>

#include "models/runtime/rollout.h"

namespace portolan::models {
namespace {

using sim::kHour;
using sim::kMinute;
using sim::kSecond;

TEST(RestartTracker, ServiceDefaultsRestartTwiceWithJitterThenFail) {
  const RestartPolicy policy;  // 2 attempts in 30m, delay 15s, mode fail
  RestartTracker tracker(0);
  sim::Rng rng(7);
  for (int i = 1; i <= 2; ++i) {
    const auto wait = tracker.on_failure(policy, i * kMinute, rng);
    ASSERT_TRUE(wait.has_value());
    EXPECT_GE(*wait, 15 * kSecond);          // delay
    EXPECT_LT(*wait, 15 * kSecond * 5 / 4);  // plus up to 25% jitter
  }
  EXPECT_FALSE(tracker.on_failure(policy, 3 * kMinute, rng).has_value());
}

TEST(RestartTracker, DelayModeWaitsOutTheIntervalAndANewIntervalResetsTheCount) {
  RestartPolicy policy;
  policy.mode = "delay";
  RestartTracker tracker(0);
  sim::Rng rng(1);
  ASSERT_TRUE(tracker.on_failure(policy, 1 * kMinute, rng));
  ASSERT_TRUE(tracker.on_failure(policy, 2 * kMinute, rng));
  EXPECT_EQ(tracker.on_failure(policy, 10 * kMinute, rng), 20 * kMinute);  // to 30m
  // After the interval ends (now.After(end)) the count starts again.
  policy.mode = "fail";
  const auto wait = tracker.on_failure(policy, 31 * kMinute, rng);
  ASSERT_TRUE(wait.has_value());
  EXPECT_EQ(tracker.count(), 1);
}

TEST(RestartTracker, NoAttemptsMeansNoRestart) {
  RestartPolicy policy;
  policy.attempts = 0;
  RestartTracker tracker(0);
  sim::Rng rng(1);
  EXPECT_FALSE(tracker.on_failure(policy, kSecond, rng).has_value());
}

TEST(NextRescheduleDelay, ExponentialDoublesUpToMaxDelayThenResetsAfterAQuietSpell) {
  const ReschedulePolicy policy;  // 30s, exponential, max 1h, unlimited
  std::vector<RescheduleEvent> events;
  EXPECT_EQ(next_reschedule_delay(policy, events, 0), 30 * kSecond);
  events.push_back({.time = 0, .delay = 30 * kSecond});
  EXPECT_EQ(next_reschedule_delay(policy, events, kMinute), 60 * kSecond);
  events.push_back({.time = kMinute, .delay = 60 * kSecond});
  EXPECT_EQ(next_reschedule_delay(policy, events, 3 * kMinute), 120 * kSecond);
  events.push_back({.time = 3 * kMinute, .delay = 40 * kMinute});
  EXPECT_EQ(next_reschedule_delay(policy, events, 4 * kMinute), kHour);  // 80m capped
  // More than max_delay since the last reschedule: back to the base delay.
  EXPECT_EQ(next_reschedule_delay(policy, events, 3 * kMinute + kHour + 1), 30 * kSecond);
}

TEST(NextRescheduleDelay, FibonacciAddsTheLastTwoAndConstantStays) {
  ReschedulePolicy policy;
  policy.delay = 5 * kSecond;
  policy.delay_function = "fibonacci";
  policy.max_delay = 20 * kSecond;
  std::vector<RescheduleEvent> events = {{.time = 0, .delay = 5 * kSecond}};
  EXPECT_EQ(next_reschedule_delay(policy, events, 0), 5 * kSecond);  // one event: the base
  events.push_back({.time = 0, .delay = 5 * kSecond});
  EXPECT_EQ(next_reschedule_delay(policy, events, 0), 10 * kSecond);
  events.push_back({.time = 0, .delay = 10 * kSecond});
  EXPECT_EQ(next_reschedule_delay(policy, events, 0), 15 * kSecond);
  events.push_back({.time = 0, .delay = 15 * kSecond});
  EXPECT_EQ(next_reschedule_delay(policy, events, 0), 20 * kSecond);  // 25s capped
  // A series reset after the ceiling (max, then base) starts again from the base.
  events = {{.time = 0, .delay = 20 * kSecond}, {.time = 0, .delay = 5 * kSecond}};
  EXPECT_EQ(next_reschedule_delay(policy, events, 0), 5 * kSecond);
  policy.delay_function = "constant";
  EXPECT_EQ(next_reschedule_delay(policy, events, 0), 5 * kSecond);
}

TEST(RescheduleEligible, BatchDefaultsAllowOneAttemptPerDay) {
  ReschedulePolicy batch;
  batch.attempts = 1;
  batch.interval = 24 * kHour;
  batch.delay = 5 * kSecond;
  batch.delay_function = "constant";
  batch.unlimited = false;
  std::vector<RescheduleEvent> events;
  EXPECT_TRUE(reschedule_eligible(batch, events, kHour));
  events.push_back({.time = 0, .delay = 5 * kSecond});
  EXPECT_FALSE(reschedule_eligible(batch, events, kHour));
  EXPECT_TRUE(reschedule_eligible(batch, events, 25 * kHour));
  batch.attempts = 0;
  EXPECT_FALSE(reschedule_eligible(batch, {}, 0));
  EXPECT_TRUE(reschedule_eligible(ReschedulePolicy{}, events, 0));  // service: unlimited
}

std::vector<RolloutAlloc> olds(int n) {
  std::vector<RolloutAlloc> v;
  for (int i = 0; i < n; ++i) v.push_back({.id = 100 + i, .index = i});
  return v;
}

TEST(PlanRollout, MaxParallelBoundsTheUnhealthyNewAllocations) {
  UpdatePolicy policy;
  policy.max_parallel = 2;
  std::vector<RolloutAlloc> live = olds(5);
  RolloutStep step = plan_rollout(policy, true, live);
  EXPECT_EQ(step.stop, (std::vector<int>{100, 101}));
  EXPECT_EQ(step.place_indexes, (std::vector<int>{0, 1}));
  // Two new and unhealthy: wait. One of them healthy: one more.
  live = olds(5);
  live.erase(live.begin(), live.begin() + 2);
  live.push_back({.id = 1, .index = 0, .new_version = true, .healthy = false});
  live.push_back({.id = 2, .index = 1, .new_version = true, .healthy = false});
  EXPECT_TRUE(plan_rollout(policy, true, live).stop.empty());
  live[3].healthy = true;
  step = plan_rollout(policy, true, live);
  EXPECT_EQ(step.stop, (std::vector<int>{102}));
  EXPECT_EQ(step.place_indexes, (std::vector<int>{2}));
  EXPECT_FALSE(step.done);
}

TEST(PlanRollout, ZeroMaxParallelReplacesEverythingAtOnce) {
  UpdatePolicy policy;
  policy.max_parallel = 0;
  const RolloutStep step = plan_rollout(policy, true, olds(3));
  EXPECT_EQ(step.stop.size(), 3u);
  EXPECT_EQ(step.place_indexes, (std::vector<int>{0, 1, 2}));
}

TEST(PlanRollout, CanariesGoBesideTheOldOnesThenReplaceThemOncePromoted) {
  UpdatePolicy policy;
  policy.canary = 1;
  std::vector<RolloutAlloc> live = olds(3);
  RolloutStep step = plan_rollout(policy, false, live);
  EXPECT_TRUE(step.canary_phase);
  EXPECT_TRUE(step.stop.empty());
  EXPECT_EQ(step.place_indexes, (std::vector<int>{0}));
  EXPECT_EQ(step.canaries, 0);
  EXPECT_FALSE(step.promotable);
  live.push_back({.id = 1, .index = 0, .new_version = true, .healthy = false});
  step = plan_rollout(policy, false, live);
  EXPECT_EQ(step.canaries, 1);
  EXPECT_FALSE(step.promotable);  // not healthy yet
  live.back().healthy = true;
  step = plan_rollout(policy, false, live);
  EXPECT_TRUE(step.place_indexes.empty());  // awaits promotion
  EXPECT_TRUE(step.promotable);
  // Promoted: the canary's old twin stops without using max_parallel, and one more rolls.
  step = plan_rollout(policy, true, live);
  EXPECT_EQ(step.stop, (std::vector<int>{100, 101}));
  EXPECT_EQ(step.place_indexes, (std::vector<int>{1}));
}

TEST(PlanRollout, DoneWhenNoOldRemainsAndAllNewAreHealthy) {
  const std::vector<RolloutAlloc> live = {
      {.id = 1, .index = 0, .new_version = true, .healthy = true}};
  EXPECT_TRUE(plan_rollout(UpdatePolicy{}, true, live).done);
}

}  // namespace
}  // namespace portolan::models
