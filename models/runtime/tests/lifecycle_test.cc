// Allocation lifecycle in the engine: rolling updates and canaries under the update block,
// task failures under the restart and reschedule blocks, drains under the migrate block, and
// what each does to discovery (shutdown_delay against stale addresses).
#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <string>
#include <vector>

#include "models/runtime/engine.h"
#include "models/spec/model_builder.h"
#include "scenarios/loader.h"
#include "scenarios/validator.h"

namespace portolan::models {
namespace {

using sim::kSecond;

// Four nodes with a Consul agent; job "web" (exec driver: starts in ~100 ms), group "app"
// with `count`, and the extra text inside the job, inside the group and at the end.
RunResult run_web(int count, const std::string& in_job, const std::string& tail,
                  std::uint64_t seed = 1, const std::string& in_group = "") {
  const std::string text = R"txt(
name: "lifecycle"
cluster { pools { name: "client" count: 4 consul_agent: true } }
jobs {
  name: "web"
  )txt" + in_job + R"txt(
  groups {
    name: "app"
    count: )txt" + std::to_string(count) +
                           R"txt(
    network { ports { label: "http" } }
    tasks { name: "app" driver: "exec" ports: "http" }
    )txt" + in_group + R"txt(
  }
}
)txt" + tail;
  const auto loaded = scenario::parse_text(text, "lifecycle");
  const auto problems = scenario::validate(loaded);
  EXPECT_TRUE(problems.empty()) << (problems.empty() ? "" : problems[0].message);
  RunOptions options;
  options.seed = seed;
  return run_model(build_model(loaded.scenario), options);
}

std::vector<sim::Time> placement_times_after(const RunResult& r, sim::Time t) {
  std::vector<sim::Time> out;
  for (const auto& p : r.placements) {
    if (p.placed && p.time >= t) out.push_back(p.time);
  }
  return out;
}

TEST(RollingUpdate, ReplacesOneAtATimeEachHealthyForMinHealthyTime) {
  const RunResult r =
      run_web(4, "", R"(timeline { at: "1m" update_job { job: "web" } } run { horizon: "5m" })");
  ASSERT_EQ(r.deployments.size(), 1u);
  const DeploymentRecord& d = r.deployments[0];
  EXPECT_EQ(d.status, "successful");
  EXPECT_EQ(d.placed, 4);
  const std::vector<sim::Time> times = placement_times_after(r, 60 * kSecond);
  ASSERT_EQ(times.size(), 4u);
  EXPECT_EQ(times[0], 60 * kSecond);
  for (std::size_t i = 1; i < times.size(); ++i) {
    // The next replacement waits for the previous one to start (a hop and ~100 ms) and to
    // stay healthy for min_healthy_time (10 s).
    EXPECT_GE(times[i] - times[i - 1], 10 * kSecond);
    EXPECT_LT(times[i] - times[i - 1], 12 * kSecond);
  }
  EXPECT_GE(d.finished - d.started, 40 * kSecond);
  EXPECT_EQ(r.timeseries.back().running, 4);
}

// health_check "checks" (the default): a new allocation counts as healthy only once its Consul
// check has passed (first run at a random point of the 20 s interval), then min_healthy_time
// (1 s). Without a check the next replacement follows ~1.1 s later; with it, half an interval
// more on average.
TEST(RollingUpdate, HealthWaitsForTheFirstPassingCheck) {
  auto mean_gap = [](const std::string& in_group) {
    double sum = 0;
    int gaps = 0;
    for (std::uint64_t seed = 1; seed <= 20; ++seed) {
      const RunResult r = run_web(4, R"(update { min_healthy_time: "1s" })",
                                  R"(timeline { at: "1m" update_job { job: "web" } }
                                     run { horizon: "10m" })",
                                  seed, in_group);
      const std::vector<sim::Time> t = placement_times_after(r, 60 * kSecond);
      for (std::size_t i = 1; i < t.size(); ++i, ++gaps) sum += sim::to_seconds(t[i] - t[i - 1]);
    }
    return sum / gaps;
  };
  const double without = mean_gap("");
  const double with =
      mean_gap(R"(services { name: "web" port: "http" checks { type: "http" interval: "20s" } })");
  EXPECT_GT(without, 1.0);
  EXPECT_LT(without, 1.5);
  EXPECT_NEAR(with - without, 10.0, 3.0);  // E[U(0, 20 s)], 60 gaps
}

TEST(RollingUpdate, MaxParallelTwoHalvesTheRollout) {
  const RunResult r = run_web(4, "update { max_parallel: 2 }",
                              R"(timeline { at: "1m" update_job { job: "web" } }
                                 run { horizon: "5m" })");
  ASSERT_EQ(r.deployments.size(), 1u);
  const std::vector<sim::Time> times = placement_times_after(r, 60 * kSecond);
  ASSERT_EQ(times.size(), 4u);
  EXPECT_EQ(times[0], times[1]);  // two at once
  EXPECT_GE(times[2] - times[1], 10 * kSecond);
  const sim::Time took = r.deployments[0].finished - r.deployments[0].started;
  EXPECT_GE(took, 20 * kSecond);
  EXPECT_LT(took, 25 * kSecond);
}

TEST(RollingUpdate, CanaryWithoutAutoPromoteWaitsBesideTheOldAllocations) {
  const RunResult r = run_web(3, "update { canary: 1 }",
                              R"(timeline { at: "1m" update_job { job: "web" } }
                                 run { horizon: "5m" })");
  ASSERT_EQ(r.deployments.size(), 1u);
  EXPECT_EQ(r.deployments[0].status, "awaiting promotion");
  EXPECT_EQ(r.deployments[0].canaries, 1);
  EXPECT_EQ(r.deployments[0].placed, 1);
  EXPECT_EQ(r.timeseries.back().running, 4);  // three old ones and the canary
}

TEST(RollingUpdate, CanaryWithAutoPromoteThenRollsTheRest) {
  const RunResult r = run_web(3, "update { canary: 1 auto_promote: true }",
                              R"(timeline { at: "1m" update_job { job: "web" } }
                                 run { horizon: "5m" })");
  ASSERT_EQ(r.deployments.size(), 1u);
  EXPECT_EQ(r.deployments[0].status, "successful");
  EXPECT_EQ(r.deployments[0].placed, 3);  // the canary counts as one of the three
  EXPECT_EQ(r.timeseries.back().running, 3);
  // History: each old allocation links to the new one of its name, the canary included
  // (placed before its predecessor stopped).
  int linked = 0;
  for (std::size_t i = 0; i < r.allocations.size(); ++i) {
    const AllocationRecord& a = r.allocations[i];
    if (a.version != 0) continue;
    EXPECT_EQ(a.end_reason, "replaced by job version 1") << a.name();
    ASSERT_GE(a.next, 0) << a.name();
    const AllocationRecord& next = r.allocations[static_cast<std::size_t>(a.next)];
    EXPECT_EQ(next.name(), a.name());
    EXPECT_EQ(next.version, 1);
    EXPECT_EQ(next.previous, static_cast<int>(i));
    ++linked;
  }
  EXPECT_EQ(linked, 3);
}

// Issue 14: with as many canaries as the count, promotion replaces every old allocation and
// leaves nothing to place; the deployment must end "successful", not stay running.
TEST(RollingUpdate, AsManyCanariesAsTheCountFinishOnPromotion) {
  const RunResult r = run_web(2, "update { canary: 2 auto_promote: true }",
                              R"(timeline { at: "1m" update_job { job: "web" } }
                                 run { horizon: "20m" })");
  ASSERT_EQ(r.deployments.size(), 1u);
  EXPECT_EQ(r.deployments[0].status, "successful");
  EXPECT_EQ(r.deployments[0].canaries, 2);
  EXPECT_GE(r.deployments[0].finished, 0);
  EXPECT_LT(r.deployments[0].finished, 1 * sim::kMinute + 5 * sim::kMinute);  // < healthy_deadline
  EXPECT_EQ(r.timeseries.back().running, 2);
}

TEST(RollingUpdate, FailsWhenANewAllocationMissesItsHealthyDeadline) {
  // min_healthy_time longer than healthy_deadline: the first replacement can never make it.
  const RunResult r =
      run_web(2, R"(update { min_healthy_time: "10m" healthy_deadline: "5m" })",
              R"(timeline { at: "1m" update_job { job: "web" } } run { horizon: "20m" })");
  ASSERT_EQ(r.deployments.size(), 1u);
  EXPECT_EQ(r.deployments[0].status, "failed");
  EXPECT_EQ(r.deployments[0].finished, 6 * sim::kMinute);
  EXPECT_EQ(r.deployments[0].placed, 1);  // the old second allocation stays
}

// System jobs have no deployment: max_parallel allocations at a time, `stagger` apart.
TEST(RollingUpdate, SystemJobsReplaceMaxParallelNodesEveryStagger) {
  const RunResult r = run_web(1, R"(type: "system" update { max_parallel: 1 stagger: "30s" })",
                              R"(timeline { at: "1m" update_job { job: "web" } }
                                 run { horizon: "5m" })");
  EXPECT_TRUE(r.deployments.empty());
  EXPECT_EQ(placement_times_after(r, 60 * kSecond),
            (std::vector<sim::Time>{60 * kSecond, 90 * kSecond, 120 * kSecond, 150 * kSecond}));
  std::vector<std::string> nodes;
  for (const auto& p : r.placements) {
    if (p.time >= 60 * kSecond) nodes.push_back(p.node);
  }
  EXPECT_EQ(nodes, (std::vector<std::string>{"client-0", "client-1", "client-2", "client-3"}));
  EXPECT_EQ(r.timeseries.back().running, 4);
}

TEST(TaskFailure, RestartsWithinPolicyOnTheSameNode) {
  const RunResult r = run_web(1, "",
                              R"(timeline { at: "1m" fail_alloc { job: "web" group: "app" } }
                                 run { horizon: "5m" })");
  EXPECT_EQ(r.placements.size(), 1u);  // restarted in place: no new placement
  EXPECT_EQ(r.timeseries.back().running, 1);
}

TEST(TaskFailure, AfterTheRestartsTheAllocationIsRescheduledAfterTheDelay) {
  // Three failures in a row: two restarts (service default) then the allocation fails and
  // is replaced 30 s later (reschedule delay), away from its node (reschedule penalty).
  const RunResult r =
      run_web(1, "",
              R"(timeline { at: "1m" fail_alloc { job: "web" group: "app" times: 3 } }
                                 run { horizon: "5m" })");
  ASSERT_EQ(r.placements.size(), 2u);
  const PlacementRecord& first = r.placements[0];
  const PlacementRecord& second = r.placements[1];
  EXPECT_EQ(second.alloc_index, 0);
  EXPECT_NE(second.node, first.node);
  // Failures at 1m, then after each restart (15 s + up to 25% jitter, plus ~100 ms start).
  EXPECT_GT(second.time, 60 * kSecond + 2 * 15 * kSecond + 30 * kSecond);
  EXPECT_LT(second.time, 60 * kSecond + 2 * 19 * kSecond + 30 * kSecond + 2 * kSecond);
  EXPECT_EQ(r.timeseries.back().running, 1);
}

TEST(TaskFailure, TheSecondRescheduleOfALineWaitsTwiceAsLong) {
  const RunResult r =
      run_web(1, "", R"(timeline { at: "1m" fail_alloc { job: "web" group: "app" times: 3 } }
                timeline { at: "4m" fail_alloc { job: "web" group: "app" times: 3 } }
                run { horizon: "10m" })");
  ASSERT_EQ(r.placements.size(), 3u);
  // The replacement failed 4m + its two restarts later, and waited 60 s (exponential).
  const sim::Time second_fail_after = r.placements[2].time - 4 * sim::kMinute;
  EXPECT_GT(second_fail_after, 2 * 15 * kSecond + 60 * kSecond);
  EXPECT_LT(second_fail_after, 2 * 19 * kSecond + 60 * kSecond + 2 * kSecond);
}

TEST(TaskFailure, BatchJobsGiveUpAfterTheirOneRescheduleAttempt) {
  const RunResult r =
      run_web(1, R"(type: "batch" reschedule { delay: "5s" })",
              R"(timeline { at: "1m" fail_alloc { job: "web" group: "app" times: 4 } }
         timeline { at: "5m" fail_alloc { job: "web" group: "app" times: 4 } }
         run { horizon: "10m" })");
  ASSERT_EQ(r.placements.size(), 2u);  // one reschedule in 24 h, then none
  EXPECT_EQ(r.timeseries.back().running, 0);
}

// Six allocations spread over four nodes; draining client-0 moves its allocations one at a
// time (migrate max_parallel 1), each after the previous replacement is healthy for 10 s.
TEST(Drain, MigratesMaxParallelAtATimeWaitingForHealthyReplacements) {
  const RunResult r = run_web(
      6, "", R"(timeline { at: "1m" drain_node { node: "client-0" } } run { horizon: "5m" })");
  const std::vector<sim::Time> times = placement_times_after(r, 60 * kSecond);
  ASSERT_GE(times.size(), 1u);
  for (std::size_t i = 1; i < times.size(); ++i) {
    EXPECT_GE(times[i] - times[i - 1], 10 * kSecond);
  }
  for (const auto& p : r.placements) {
    if (p.time >= 60 * kSecond) {
      EXPECT_NE(p.node, "client-0");
    }
  }
  EXPECT_EQ(r.timeseries.back().running, 6);
}

TEST(Drain, TheDeadlineStopsWhatIsLeftAtOnce) {
  // Everything on client-0; a 5 s deadline cuts the one-at-a-time migration short.
  const RunResult r = run_web(
      3, R"(constraints { attribute: "${node.unique.name}" value: "client-0" operator: "!=" }
           constraints { attribute: "${node.unique.name}" value: "client-1" operator: "!=" }
           constraints { attribute: "${node.unique.name}" value: "client-2" operator: "!=" })",
      R"(timeline { at: "1m" drain_node { node: "client-3" deadline: "5s" } }
         run { horizon: "5m" })");
  const std::vector<sim::Time> after = placement_times_after(r, 60 * kSecond);
  // The first migration at 1m; at 1m05s the other two stop together. None can be placed
  // (no other node is allowed): one failure at 1m, then the evaluation at 1m05s retries all
  // three missing allocations.
  EXPECT_EQ(r.timeseries.back().running, 0);
  std::map<sim::Time, int> failures;
  for (const auto& p : r.placements) {
    if (!p.placed) ++failures[p.time];
  }
  EXPECT_EQ(failures, (std::map<sim::Time, int>{{60 * kSecond, 1}, {65 * kSecond, 3}}));
  EXPECT_TRUE(after.empty());
}

}  // namespace
}  // namespace portolan::models
