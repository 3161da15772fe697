// Preemption (nomad/scheduler/preemption.go) as a pure rule; through the system scheduler (an
// ingress system job evicting a lower-priority service from port 80), the sysbatch scheduler,
// and the generic scheduler (Nomad's TestServiceSched_Preemption), each as configured.
#include "models/placement/preemption.h"

#include <gtest/gtest.h>

#include <cmath>
#include <set>
#include <string>

#include "models/runtime/engine.h"
#include "models/spec/model_builder.h"
#include "scenarios/field_path.h"
#include "scenarios/loader.h"

namespace portolan::models {
namespace {

PreemptionCandidate alloc(int id, int priority, std::int64_t cpu, std::int64_t memory_mb,
                          std::vector<int> ports = {}) {
  PreemptionCandidate c;
  c.id = id;
  c.priority = priority;
  c.resources = make_resources(cpu, memory_mb, 0);
  c.static_ports = std::move(ports);
  return c;
}

TEST(ResourceDistance, IsBasicResourceDistance) {
  // needed (1000 MHz, 1000 MB), used (500, 2000): coordinates 0.5 and -1.
  EXPECT_DOUBLE_EQ(resource_distance(make_resources(1000, 1000, 0), make_resources(500, 2000, 0)),
                   std::sqrt(1.25));
  EXPECT_DOUBLE_EQ(resource_distance(make_resources(1000, 0, 0), make_resources(1000, 5000, 0)),
                   0.0);  // nothing needed of memory: its coordinate is 0
}

TEST(PlanPreemption, OnlyJobsTenPrioritiesLowerAreCandidates) {
  const ResourceVector free = make_resources(0, 0, 0);
  const ResourceVector ask = make_resources(500, 256, 0);
  EXPECT_EQ(plan_preemption(60, free, ask, {}, {alloc(1, 50, 1000, 1024)}), (std::vector<int>{1}));
  EXPECT_EQ(plan_preemption(59, free, ask, {}, {alloc(1, 50, 1000, 1024)}), std::nullopt);
}

TEST(PlanPreemption, StaticPortHoldersAreEvictedOrBlockTheNode) {
  const ResourceVector free = make_resources(4000, 4096, 0);
  const ResourceVector ask = make_resources(200, 128, 0);
  EXPECT_EQ(
      plan_preemption(50, free, ask, {80}, {alloc(1, 20, 100, 64, {80}), alloc(2, 20, 100, 64)}),
      (std::vector<int>{1}));
  EXPECT_EQ(plan_preemption(50, free, ask, {80}, {alloc(1, 45, 100, 64, {80})}), std::nullopt);
  EXPECT_EQ(plan_preemption(50, free, ask, {80}, {alloc(2, 20, 100, 64)}),
            (std::vector<int>{}));  // nobody holds 80: nothing to evict
}

TEST(PlanPreemption, LowestPriorityFirstClosestFirstAndNoSuperfluousEvictions) {
  const ResourceVector free = make_resources(100, 1024, 0);
  const ResourceVector ask = make_resources(1000, 512, 0);  // 900 MHz short
  // Priority 10 goes before 20 although the 20 one is a perfect fit.
  // (filterSuperset lists them farthest from the whole ask first: 400 MHz, then 500.)
  EXPECT_EQ(plan_preemption(50, free, ask, {},
                            {alloc(1, 20, 900, 0), alloc(2, 10, 500, 0), alloc(3, 10, 400, 0)}),
            (std::vector<int>{3, 2}));
  // Within one priority the closest to the need: 900 over 300 and 2000... and 2000 alone
  // would do too, but 900 is closer.
  EXPECT_EQ(plan_preemption(50, free, ask, {},
                            {alloc(1, 10, 300, 0), alloc(2, 10, 900, 0), alloc(3, 10, 2000, 0)}),
            (std::vector<int>{2}));
  // Nothing preemptible covers the ask: nullopt.
  EXPECT_EQ(plan_preemption(50, free, ask, {}, {alloc(1, 10, 300, 0)}), std::nullopt);
}

RunResult run_ingress(bool preemption) {
  auto s =
      scenario::load_file(std::string(PORTOLAN_SOURCE_DIR) + "/scenarios/seed/5_ingress.textproto");
  // The web job on port 80 runs first, at a low priority; the ingress comes later.
  scenario::set_field(&s.scenario, "jobs[\"web\"].priority", "20");
  scenario::set_field(&s.scenario, "jobs[\"web\"].groups[0].count", "2");
  scenario::set_field(&s.scenario, "timeline[0].submit_job.job", "traefik");
  scenario::set_field(&s.scenario, "cluster.scheduler.system_preemption",
                      preemption ? "true" : "false");
  return run_model(build_model(s.scenario), {});
}

TEST(SystemPreemption, TheIngressEvictsALowerPriorityServiceFromPort80) {
  const RunResult r = run_ingress(true);
  ASSERT_EQ(r.preemptions.size(), 2u);  // both web allocations, on two of the three nodes
  for (const auto& p : r.preemptions) {
    EXPECT_EQ(p.job, "web");
    EXPECT_EQ(p.by_job, "traefik");
    EXPECT_EQ(p.time, 30 * sim::kSecond);
  }
  // traefik on every node (3, then the one added at 1m); web cannot come back anywhere.
  int traefik = 0;
  int web_failed_after = 0;
  for (const auto& p : r.placements) {
    traefik += p.job == "traefik" && p.placed ? 1 : 0;
    web_failed_after += p.job == "web" && !p.placed && p.time >= 30 * sim::kSecond ? 1 : 0;
  }
  EXPECT_EQ(traefik, 4);
  EXPECT_GT(web_failed_after, 0);
}

TEST(SystemPreemption, WithoutItTheIngressCollidesWhereWebRuns) {
  const RunResult r = run_ingress(false);
  EXPECT_TRUE(r.preemptions.empty());
  int collisions = 0;
  for (const auto& p : r.placements) {
    collisions += p.job == "traefik" && !p.placed && p.time == 30 * sim::kSecond ? 1 : 0;
  }
  EXPECT_EQ(collisions, 2);  // on the two nodes web holds (retried, blocked, when nodes join)
}

// TestServiceSched_Preemption (scheduler/generic_sched_test.go): one node of 1000 MHz and
// 2048 MB, 50 MHz and 256 MB reserved; job1 (priority 30: 500 MHz, 1024 MB) and job2 (50:
// 350 MHz, 512 MB) run; job3 (100: 900 MHz, 1700 MB) fits only once both are evicted.
constexpr char kServicePreemption[] = R"(
cluster {
  pools { name: "n" count: 1 resources { cpu_mhz: 1000 memory_mb: 2048 disk_mb: 102400 }
          reserved { cpu_mhz: 50 memory_mb: 256 disk_mb: 4096 reserved_ports: "22" } }
  scheduler { service_preemption: true }
}
jobs { name: "job1" priority: 30
       groups { name: "web" count: 1 ephemeral_disk_mb: 150
                tasks { name: "web" cpu_mhz: 500 memory_mb: 1024 } } }
jobs { name: "job2" priority: 50
       groups { name: "web" count: 1 ephemeral_disk_mb: 150
                tasks { name: "web" cpu_mhz: 350 memory_mb: 512 } } }
jobs { name: "job3" priority: 100
       groups { name: "web" count: 1 ephemeral_disk_mb: 150
                tasks { name: "web" cpu_mhz: 900 memory_mb: 1700 } } }
timeline { at: "10s" submit_job { job: "job3" } }
run { horizon: "1m" }
)";

RunResult run_service_preemption(const std::string& field, const std::string& value) {
  auto s = scenario::parse_text(kServicePreemption, "service_preemption.textproto");
  if (!field.empty()) scenario::set_field(&s.scenario, field, value);
  return run_model(build_model(s.scenario), {});
}

const PlacementRecord* placement_of(const RunResult& r, const std::string& job) {
  for (const auto& p : r.placements) {
    if (p.job == job) return &p;
  }
  return nullptr;
}

TEST(ServicePreemption, Job3EvictsBothLowerPriorityJobs) {
  const RunResult r = run_service_preemption("", "");
  ASSERT_EQ(r.preemptions.size(), 2u);
  // Nomad's test checks the set: job3's PreemptedAllocations are job1's and job2's.
  EXPECT_EQ((std::set<std::string>{r.preemptions[0].job, r.preemptions[1].job}),
            (std::set<std::string>{"job1", "job2"}));
  for (const auto& p : r.preemptions) {
    EXPECT_EQ(p.by_job, "job3");
    EXPECT_EQ(p.time, 10 * sim::kSecond);
  }
  ASSERT_NE(placement_of(r, "job3"), nullptr);
  EXPECT_TRUE(placement_of(r, "job3")->placed);
}

TEST(ServicePreemption, OffByDefaultAsInNomad) {
  // nomad/config.go DefaultConfig: ServiceSchedulerEnabled false.
  auto s = scenario::parse_text(kServicePreemption, "service_preemption.textproto");
  s.scenario.mutable_cluster()->mutable_scheduler()->clear_service_preemption();
  scenario::apply_defaults(&s.scenario);
  EXPECT_FALSE(s.scenario.cluster().scheduler().service_preemption());
  EXPECT_FALSE(s.scenario.cluster().scheduler().batch_preemption());
  EXPECT_FALSE(s.scenario.cluster().scheduler().sysbatch_preemption());
  EXPECT_TRUE(s.scenario.cluster().scheduler().system_preemption());
  const RunResult r = run_model(build_model(s.scenario), {});
  EXPECT_TRUE(r.preemptions.empty());
  ASSERT_NE(placement_of(r, "job3"), nullptr);
  EXPECT_FALSE(placement_of(r, "job3")->placed);
  // 100 MHz free of the 900 asked: cpu, checked first (structs/funcs.go AllocsFit).
  EXPECT_EQ(placement_of(r, "job3")->reason, "cpu");
}

TEST(ServicePreemption, ABatchJobNeedsBatchPreemption) {
  RunResult r = run_service_preemption("jobs[\"job3\"].type", "batch");
  EXPECT_TRUE(r.preemptions.empty());  // service_preemption does not apply to batch
  auto s = scenario::parse_text(kServicePreemption, "service_preemption.textproto");
  scenario::set_field(&s.scenario, "jobs[\"job3\"].type", "batch");
  scenario::set_field(&s.scenario, "cluster.scheduler.batch_preemption", "true");
  r = run_model(build_model(s.scenario), {});
  EXPECT_EQ(r.preemptions.size(), 2u);
  EXPECT_TRUE(placement_of(r, "job3")->placed);
}

TEST(SysbatchPreemption, OffByDefaultOnWhenEnabled) {
  auto s =
      scenario::load_file(std::string(PORTOLAN_SOURCE_DIR) + "/scenarios/seed/5_ingress.textproto");
  scenario::set_field(&s.scenario, "jobs[\"web\"].priority", "20");
  scenario::set_field(&s.scenario, "jobs[\"web\"].groups[0].count", "2");
  scenario::set_field(&s.scenario, "timeline[0].submit_job.job", "traefik");
  scenario::set_field(&s.scenario, "jobs[\"traefik\"].type", "sysbatch");
  EXPECT_TRUE(run_model(build_model(s.scenario), {}).preemptions.empty());
  scenario::set_field(&s.scenario, "cluster.scheduler.sysbatch_preemption", "true");
  EXPECT_EQ(run_model(build_model(s.scenario), {}).preemptions.size(), 2u);
}

}  // namespace
}  // namespace portolan::models
