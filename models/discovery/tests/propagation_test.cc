// Propagation stages pinned with the numbers of their sources: hashicorp/consul agent/ae/ae.go,
// agent/consul/rpc.go; hashicorp/memberlist util_test.go, suspicion_test.go; hashicorp/
// consul-template manager/runner.go (quiescence).
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <vector>

#include "models/discovery/consul_timing.h"
#include "models/discovery/gossip.h"
#include "models/discovery/template_render.h"
#include "sim/rng.h"

namespace portolan::models {
namespace {

using sim::kMillisecond;
using sim::kMinute;
using sim::kSecond;

// ---- Consul anti-entropy (agent/ae/ae.go scaleFactor) ----

TEST(ConsulTimingTest, AntiEntropyScale) {
  // n <= 128: interval. 129: ceil(log2 129 - 7) + 1 = ceil(0.011) + 1 = 2.
  // 10,000: ceil(13.288 - 7) + 1 = 7 + 1 = 8.
  EXPECT_EQ(ae_scale(kMinute, 100), 1 * kMinute);
  EXPECT_EQ(ae_scale(kMinute, 128), 1 * kMinute);
  EXPECT_EQ(ae_scale(kMinute, 129), 2 * kMinute);
  EXPECT_EQ(ae_scale(kMinute, 256), 2 * kMinute);  // log2 256 = 8 exactly
  EXPECT_EQ(ae_scale(kMinute, 257), 3 * kMinute);
  EXPECT_EQ(ae_scale(kMinute, 10'000), 8 * kMinute);
  // ae.go's comment says "At 8192 nodes, the delay factor is 8"; the formula gives
  // ceil(13 - 7) + 1 = 7. We follow the code.
  EXPECT_EQ(ae_scale_factor(8192), 7);
  EXPECT_EQ(ae_scale_factor(8193), 8);
}

TEST(ConsulTimingTest, FullSyncPeriodIsIntervalPlusScaledStagger) {
  sim::Rng rng(1);
  for (int i = 0; i < 1000; ++i) {
    const sim::Time small = ae_full_sync_period(kMinute, 100, rng);
    EXPECT_GE(small, kMinute);
    EXPECT_LT(small, 2 * kMinute);
    const sim::Time big = ae_full_sync_period(kMinute, 10'000, rng);
    EXPECT_GE(big, kMinute);
    EXPECT_LT(big, 9 * kMinute);
  }
}

TEST(ConsulTimingTest, FullSyncDelayFromARandomInstant) {
  // Gaps uniform on [60s, 120s): residual mean E[P^2] / (2 E[P]) =
  // ((120^3 - 60^3) / (3 * 60)) / (2 * 90) = 8400 / 180 = 46.667 s.
  sim::Rng rng(2);
  constexpr int kSamples = 200'000;
  double sum = 0;
  for (int i = 0; i < kSamples; ++i) {
    const sim::Time d = ae_full_sync_delay(kMinute, 100, rng);
    ASSERT_GE(d, 0);
    ASSERT_LT(d, 2 * kMinute);
    sum += sim::to_seconds(d);
  }
  EXPECT_NEAR(sum / kSamples, 46.667, 46.667 * 0.01);  // 1%
}

TEST(ConsulTimingTest, ServerUpAndRetryDelays) {
  sim::Rng rng(3);
  for (int i = 0; i < 1000; ++i) {
    const sim::Time up = ae_server_up_delay(100, rng);
    EXPECT_GE(up, 0);
    EXPECT_LT(up, kSyncStaggerInterval);
    const sim::Time retry = ae_retry_delay(10'000, rng);  // 15s + [0, 8 * 15s)
    EXPECT_GE(retry, 15 * kSecond);
    EXPECT_LT(retry, 135 * kSecond);
  }
}

// ---- Blocking queries (agent/consul/rpc.go RPCQueryTimeout, jitterFraction = 16) ----

TEST(ConsulTimingTest, BlockingQueryWaitJitter) {
  EXPECT_EQ(kBlockingQueryDefaultWait, 5 * kMinute);
  EXPECT_EQ(kBlockingQueryMaxWait, 10 * kMinute);
  sim::Rng rng(4);
  sim::Time lowest = kMinute * 100;
  sim::Time highest = 0;
  for (int i = 0; i < 10'000; ++i) {
    const sim::Time w = blocking_query_wait_jitter(5 * kMinute, rng);
    lowest = std::min(lowest, w);
    highest = std::max(highest, w);
    // Default when unset; clamped to the max: 10m + [0, 37.5s).
    const sim::Time unset = blocking_query_wait_jitter(0, rng);
    EXPECT_GE(unset, 5 * kMinute);
    EXPECT_LT(unset, 5 * kMinute + 18'750 * kMillisecond);
    const sim::Time clamped = blocking_query_wait_jitter(20 * kMinute, rng);
    EXPECT_GE(clamped, 10 * kMinute);
    EXPECT_LT(clamped, 10 * kMinute + 37'500 * kMillisecond);
  }
  // 5m / 16 = 18.75 s of jitter, used across its range.
  EXPECT_GE(lowest, 5 * kMinute);
  EXPECT_LT(lowest, 5 * kMinute + 100 * kMillisecond);
  EXPECT_LT(highest, 5 * kMinute + 18'750 * kMillisecond);
  EXPECT_GT(highest, 5 * kMinute + 18'650 * kMillisecond);
}

// ---- memberlist util.go ----

TEST(GossipTest, DefaultLanConfig) {
  const GossipConfig c;
  EXPECT_EQ(c.probe_interval, 1 * kSecond);
  EXPECT_EQ(c.probe_timeout, 500 * kMillisecond);
  EXPECT_EQ(c.gossip_interval, 200 * kMillisecond);
  EXPECT_EQ(c.gossip_nodes, 3);
  EXPECT_EQ(c.suspicion_mult, 4);
  EXPECT_EQ(c.suspicion_max_timeout_mult, 6);
  EXPECT_EQ(c.retransmit_mult, 4);
  EXPECT_EQ(c.indirect_checks, 3);
}

TEST(GossipTest, SuspicionTimeoutMatchesMemberlistTest) {
  // util_test.go TestSuspicionTimeout: suspicionTimeout(3, n, time.Second) / 3 for
  // n = 5, 10, 50, 100, 500, 1000 is 1000, 1000, 1698, 2000, 2698, 3000 ms.
  GossipConfig three;
  three.suspicion_mult = 3;
  const std::vector<std::pair<int, sim::Time>> cases = {
      {5, 1000 * kMillisecond},   {10, 1000 * kMillisecond},  {50, 1698 * kMillisecond},
      {100, 2000 * kMillisecond}, {500, 2698 * kMillisecond}, {1000, 3000 * kMillisecond}};
  for (const auto& [n, expected] : cases) {
    EXPECT_EQ(suspicion_timeout(three, n) / 3, expected) << "n = " << n;
  }
  // The default multiplier 4: 4 * 1.698 s at 50 nodes, 4 * 3 s at 1000, 4 * 4 s at 10,000.
  const GossipConfig lan;
  EXPECT_EQ(suspicion_timeout(lan, 50), 6792 * kMillisecond);
  EXPECT_EQ(suspicion_timeout(lan, 1000), 12 * kSecond);
  EXPECT_EQ(suspicion_timeout(lan, 10'000), 16 * kSecond);
  EXPECT_EQ(suspicion_timeout(lan, 0), 4 * kSecond);
}

TEST(GossipTest, RetransmitLimitMatchesMemberlistTest) {
  // util_test.go TestRetransmitLimit: mult 3 gives 0 for n = 0, 3 for 1, 6 for 99.
  GossipConfig three;
  three.retransmit_mult = 3;
  EXPECT_EQ(retransmit_limit(three, 0), 0);
  EXPECT_EQ(retransmit_limit(three, 1), 3);
  EXPECT_EQ(retransmit_limit(three, 99), 6);
  const GossipConfig lan;
  EXPECT_EQ(retransmit_limit(lan, 100), 12);  // 4 * ceil(log10 101) = 4 * 3
}

// ---- memberlist suspicion.go (Lifeguard) ----

TEST(GossipTest, RemainingSuspicionTimeMatchesMemberlistTest) {
  // suspicion_test.go TestSuspicion_remainingSuspicionTime (k = 3, min 2s, max 30s).
  const sim::Time min = 2 * kSecond;
  const sim::Time max = 30 * kSecond;
  EXPECT_EQ(remaining_suspicion_time(0, 3, 0, min, max), 30 * kSecond);
  EXPECT_EQ(remaining_suspicion_time(1, 3, 2 * kSecond, min, max), 14 * kSecond);
  EXPECT_EQ(remaining_suspicion_time(2, 3, 3 * kSecond, min, max), 4810 * kMillisecond);
  EXPECT_EQ(remaining_suspicion_time(3, 3, 4 * kSecond, min, max), -2 * kSecond);
  EXPECT_EQ(remaining_suspicion_time(4, 3, 5 * kSecond, min, max), -3 * kSecond);
  EXPECT_EQ(remaining_suspicion_time(5, 3, 10 * kSecond, min, max), -8 * kSecond);
  // TestSuspicion_Timer (k = 3, min 500ms, max 2s) expects 1250 ms after 1 confirmation and
  // about 810 ms after 2 (a wall-clock test with 25 ms of fudge); the formula gives
  // floor(1000 * (2 - ln 3 / ln 4 * 1.5)) = floor(811.28) = 811 ms.
  EXPECT_EQ(remaining_suspicion_time(1, 3, 0, 500 * kMillisecond, 2 * kSecond),
            1250 * kMillisecond);
  EXPECT_EQ(remaining_suspicion_time(2, 3, 0, 500 * kMillisecond, 2 * kSecond), 811 * kMillisecond);
}

TEST(GossipTest, ConfirmationsWanted) {
  // state.go suspectNode: k = SuspicionMult - 2 = 2, or 0 when n - 2 < k.
  const GossipConfig lan;
  EXPECT_EQ(suspicion_confirmations_wanted(lan, 3), 0);
  EXPECT_EQ(suspicion_confirmations_wanted(lan, 4), 2);
  EXPECT_EQ(suspicion_confirmations_wanted(lan, 1000), 2);
}

// ---- Dissemination: the Markov chain against Monte Carlo ----

TEST(GossipTest, ChainSmallCasesByHand) {
  // Two members: the origin reaches the other in one round.
  EXPECT_DOUBLE_EQ(expected_dissemination_rounds(1, 2), 1.0);
  EXPECT_DOUBLE_EQ(expected_dissemination_rounds(3, 4), 1.0);  // fanout covers everyone
  // Three members, fanout 1. Round one: the origin reaches exactly one peer (state 2). From 2
  // informed, each sender hits the last member with probability 1/2: missed with 1/4, so 4/3
  // more rounds. E[all] = 1 + 4/3 = 7/3.
  EXPECT_NEAR(expected_dissemination_rounds(1, 3), 7.0 / 3.0, 1e-12);
  // A given member: reached in round one with probability 1/2, else after 1 + 4/3 rounds:
  // 1/2 + 1/2 * 7/3 = 5/3. (Chain: N(1,1) * 2/2 + N(1,2) * 1/2 = 1 + 4/3 * 1/2.)
  EXPECT_NEAR(expected_dissemination_rounds(1, 3, DisseminationTarget::kOneMember), 5.0 / 3.0,
              1e-12);
}

// The literal process: each informed member pushes to `fanout` distinct random others.
int simulate_push_gossip(int fanout, int n, DisseminationTarget target, sim::Rng& rng) {
  std::vector<char> informed(static_cast<std::size_t>(n), 0);
  informed[0] = 1;
  int count = 1;
  int rounds = 0;
  const int given = n - 1;
  std::vector<int> senders;
  std::vector<int> picks;
  while (target == DisseminationTarget::kAll ? count < n : !informed[given]) {
    senders.clear();
    for (int i = 0; i < n; ++i) {
      if (informed[static_cast<std::size_t>(i)]) senders.push_back(i);
    }
    for (const int s : senders) {
      picks.clear();
      while (static_cast<int>(picks.size()) < std::min(fanout, n - 1)) {
        const int p = static_cast<int>(rng.below(static_cast<std::uint64_t>(n)));
        if (p == s || std::find(picks.begin(), picks.end(), p) != picks.end()) continue;
        picks.push_back(p);
      }
      for (const int p : picks) {
        if (!informed[static_cast<std::size_t>(p)]) {
          informed[static_cast<std::size_t>(p)] = 1;
          ++count;
        }
      }
    }
    ++rounds;
  }
  return rounds;
}

TEST(GossipTest, ChainMatchesMonteCarloWithinTwoPercent) {
  // Tolerance 2% of the analytic mean, 20,000 samples each (standard error about 0.2%).
  constexpr int kSamples = 20'000;
  const GossipConfig lan;
  for (const int n : {50, 200, 1000}) {
    for (const auto target : {DisseminationTarget::kAll, DisseminationTarget::kOneMember}) {
      const double analytic = expected_dissemination_rounds(lan.gossip_nodes, n, target);
      sim::Rng rng(static_cast<std::uint64_t>(n) * 7 + static_cast<std::uint64_t>(target));
      double sum = 0;
      for (int i = 0; i < kSamples; ++i) {
        sum += sample_dissemination_rounds(lan.gossip_nodes, n, target, rng);
      }
      EXPECT_NEAR(sum / kSamples, analytic, 0.02 * analytic)
          << "n = " << n << " target " << static_cast<int>(target);
    }
  }
}

TEST(GossipTest, ChainMatchesMemberByMemberSimulationWithinTwoPercent) {
  // The chain treats members as independent; the real push picks distinct peers. Tolerance 2%.
  constexpr int kSamples = 20'000;
  for (const int n : {30, 100}) {
    for (const auto target : {DisseminationTarget::kAll, DisseminationTarget::kOneMember}) {
      const double analytic = expected_dissemination_rounds(3, n, target);
      sim::Rng rng(100 + static_cast<std::uint64_t>(n) + static_cast<std::uint64_t>(target));
      double sum = 0;
      for (int i = 0; i < kSamples; ++i) sum += simulate_push_gossip(3, n, target, rng);
      EXPECT_NEAR(sum / kSamples, analytic, 0.02 * analytic)
          << "n = " << n << " target " << static_cast<int>(target);
    }
  }
}

TEST(GossipTest, DisseminationTimeIsRoundsTimesGossipInterval) {
  const GossipConfig lan;
  EXPECT_NEAR(expected_dissemination_time(lan, 200), expected_dissemination_rounds(3, 200) * 0.2,
              1e-12);
  EXPECT_NEAR(expected_dissemination_time(lan, 2, DisseminationTarget::kOneMember), 0.2, 1e-12);
  EXPECT_THROW(expected_dissemination_rounds(3, kMaxChainMembers + 1), std::invalid_argument);
}

// ---- Failure detection ----

TEST(GossipTest, FailureDetectionThreeMembersByHand) {
  // n = 3: k = 0 (n - 2 < 2), so the timer is min = 4 * max(1, log10 3) * 1s = 4 s.
  // First probe: min of 2 uniforms on [0, 2s): mean 2/3 s. Suspect 1 s later. The dead message
  // reaches the leader in one round (fanout 3 covers both others) unless the declarer is the
  // leader (1/2): 0.1 s. Mean 2/3 + 1 + 4 + 0.1 = 5.7667 s.
  const GossipConfig lan;
  sim::Rng rng(5);
  constexpr int kSamples = 20'000;
  double sum = 0;
  for (int i = 0; i < kSamples; ++i) {
    const FailureDetection f = sample_failure_detection(lan, 3, rng);
    ASSERT_EQ(f.suspected, f.first_probe + kSecond);
    ASSERT_EQ(f.declared_dead, f.suspected + 4 * kSecond);
    ASSERT_EQ(f.confirmations, 0);
    sum += sim::to_seconds(f.servers_know);
  }
  EXPECT_NEAR(sum / kSamples, 5.7667, 5.7667 * 0.01);  // 1%
}

TEST(GossipTest, FailureDetectionHundredMembers) {
  // n = 100: min = 4 * 2 s = 8 s, max = 48 s, k = 2. Confirmations arrive within a few seconds,
  // so the timer fires at about suspected + 8 s. Total: first probe (~0.99 s) + 1 s + 8 s +
  // dissemination to the leader (~0.8 s): about 10.8 s, never below 1 s + 8 s.
  const GossipConfig lan;
  sim::Rng rng(6);
  constexpr int kSamples = 20'000;
  double sum = 0;
  int at_min = 0;
  for (int i = 0; i < kSamples; ++i) {
    const FailureDetection f = sample_failure_detection(lan, 100, rng);
    ASSERT_GE(f.declared_dead - f.suspected, 8 * kSecond);
    ASSERT_LE(f.declared_dead - f.suspected, 48 * kSecond);
    ASSERT_GE(f.servers_know, f.declared_dead);
    if (f.confirmations == 2 && f.declared_dead - f.suspected == 8 * kSecond) ++at_min;
    sum += sim::to_seconds(f.servers_know);
  }
  EXPECT_GT(at_min, kSamples * 95 / 100);
  EXPECT_GT(sum / kSamples, 10.0);
  EXPECT_LT(sum / kSamples, 11.5);
  EXPECT_EQ(failure_detection_delay(lan, 100, rng) > 9 * kSecond, true);
}

TEST(GossipTest, FailureDetectionIsDeterministicPerSeed) {
  const GossipConfig lan;
  sim::Rng a(7);
  sim::Rng b(7);
  for (int i = 0; i < 100; ++i) {
    EXPECT_EQ(failure_detection_delay(lan, 10'000, a), failure_detection_delay(lan, 10'000, b));
  }
}

// ---- consul-template quiescence (manager/runner.go quiescence.tick) ----

TEST(TemplateRenderTest, SingleChangeRendersAfterMin) {
  const std::vector<sim::Time> changes = {10 * kSecond};
  EXPECT_EQ(render_times(changes), std::vector<sim::Time>{15 * kSecond});  // t + 5s
}

TEST(TemplateRenderTest, ZeroMinRendersAtTheChange) {
  const std::vector<sim::Time> changes = {kSecond, kSecond, 3 * kSecond};
  EXPECT_EQ(render_times(changes, 0, 0), (std::vector<sim::Time>{kSecond, 3 * kSecond}));
}

TEST(TemplateRenderTest, ChangesEveryTwoSecondsRenderAtTheMax) {
  // min 5s, max 4m, a change every 2 s from t = 0 to 300 s: each tick snoozes to t + 5 s until
  // t + 5 s reaches the deadline 240 s; the render is at first + 4m. The change at 240 s opens the
  // next burst, which ends with the last change at 300 s: 305 s.
  std::vector<sim::Time> changes;
  for (sim::Time t = 0; t <= 300 * kSecond; t += 2 * kSecond) changes.push_back(t);
  EXPECT_EQ(render_times(changes, 5 * kSecond, 4 * kMinute),
            (std::vector<sim::Time>{240 * kSecond, 305 * kSecond}));
}

TEST(TemplateRenderTest, QuietGapEndsTheBurst) {
  // 0, 3, 6 s: renders at 11 s; 20 s: a new burst, 25 s.
  const std::vector<sim::Time> changes = {0, 3 * kSecond, 6 * kSecond, 20 * kSecond};
  EXPECT_EQ(render_times(changes), (std::vector<sim::Time>{11 * kSecond, 25 * kSecond}));
}

TEST(TemplateRenderTest, WatcherReportsReschedules) {
  TemplateWatcher w(5 * kSecond, 12 * kSecond);
  EXPECT_EQ(w.on_change(0), 5 * kSecond);
  EXPECT_EQ(w.on_change(4 * kSecond), 9 * kSecond);
  EXPECT_EQ(w.on_change(8 * kSecond), 12 * kSecond);   // 13 s would pass the deadline
  EXPECT_EQ(w.on_change(10 * kSecond), std::nullopt);  // still the deadline
  EXPECT_EQ(w.scheduled(), 12 * kSecond);
  EXPECT_EQ(w.on_change(12 * kSecond), std::nullopt);  // the render is due: it stands
  w.on_rendered();
  EXPECT_EQ(w.scheduled(), std::nullopt);
  EXPECT_EQ(w.on_change(13 * kSecond), 18 * kSecond);  // a fresh burst
}

TEST(TemplateRenderTest, MaxBelowMinFollowsTick) {
  // The first tick sets the timer to min even when max < min; later ticks clamp to the deadline.
  TemplateWatcher w(5 * kSecond, 2 * kSecond);
  EXPECT_EQ(w.on_change(0), 5 * kSecond);
  EXPECT_EQ(w.on_change(1 * kSecond), 2 * kSecond);
}

}  // namespace
}  // namespace portolan::models
