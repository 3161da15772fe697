// The engine on small hand-checked models: the seed scenarios' placement outcomes, blocked
// evaluations, node failure and determinism.
#include "models/runtime/engine.h"

#include <gtest/gtest.h>

#include "models/runtime/liveness.h"

namespace portolan::models {
namespace {

NodeShape shape(const std::string& pool) {
  NodeShape s;
  s.pool = pool;
  s.capacity = make_resources(4000, 8192, 100000);
  s.drivers = {"docker", "exec"};
  s.network.address = "10.0.0.1";
  return s;
}

GroupAsk group(int job, const std::string& job_name, const std::string& name, int count) {
  GroupAsk g;
  g.job = job;
  g.group = 0;
  g.job_name = job_name;
  g.group_name = name;
  g.count = count;
  g.datacenters = {"dc1"};
  g.resources = make_resources(500, 256, 300);
  g.drivers = {"docker"};
  return g;
}

JobSpec job(const std::string& name, JobType type, std::vector<GroupAsk> groups) {
  JobSpec j;
  j.name = name;
  j.type = type;
  j.datacenters = {"dc1"};
  j.groups = std::move(groups);
  return j;
}

TimelineEvent event(sim::Time at, TimelineEvent::Kind kind) {
  TimelineEvent e;
  e.at = at;
  e.kind = kind;
  return e;
}

Model model_with(int nodes) {
  Model m;
  m.name = "test";
  m.pools.push_back({shape("pool"), nodes});
  m.horizon = 120 * sim::kSecond;
  return m;
}

std::vector<PlacementRecord> placed(const RunResult& r) {
  std::vector<PlacementRecord> out;
  for (const auto& p : r.placements) {
    if (p.placed) out.push_back(p);
  }
  return out;
}

std::vector<PlacementRecord> failed(const RunResult& r) {
  std::vector<PlacementRecord> out;
  for (const auto& p : r.placements) {
    if (!p.placed) out.push_back(p);
  }
  return out;
}

// Seed scenario 1: a dynamic port mapped `to = 6379` lands in the dynamic range.
TEST(Engine, DynamicPortLandsInTheDynamicRange) {
  Model m = model_with(1);
  GroupAsk redis = group(0, "redis", "redis", 1);
  redis.ports = {{.label = "redis", .static_port = 0, .to = 6379}};
  m.jobs.push_back(job("redis", JobType::kService, {redis}));
  const RunResult r = run_model(m, {});
  ASSERT_EQ(placed(r).size(), 1u);
  const std::string ports = placed(r)[0].ports.str();
  ASSERT_EQ(ports.rfind("redis=10.0.0.1:", 0), 0u) << ports;
  const int port = std::stoi(ports.substr(15));
  EXPECT_GE(port, 20000);
  EXPECT_LE(port, 32000);
}

// Seed scenario 1: `static = 6379` gets 6379; a second static ask on the one node collides
// with Nomad's own reason.
TEST(Engine, StaticPortIsExactAndASecondCopyCollides) {
  Model m = model_with(1);
  GroupAsk redis = group(0, "redis", "redis", 2);
  redis.ports = {{.label = "redis", .static_port = 6379, .to = 0}};
  m.jobs.push_back(job("redis", JobType::kService, {redis}));
  const RunResult r = run_model(m, {});
  ASSERT_EQ(placed(r).size(), 1u);
  EXPECT_EQ(placed(r)[0].ports, "redis=10.0.0.1:6379->6379");
  ASSERT_EQ(failed(r).size(), 1u);
  EXPECT_EQ(failed(r)[0].reason, "network: reserved port collision redis=6379");
  EXPECT_EQ(failed(r)[0].alloc_index, 1);
  EXPECT_EQ(r.timeseries.back().queued, 1);
}

// Seed scenario 5: an ingress system job on static 80/443 takes every node, new nodes too;
// any other ask for 80 collides.
TEST(Engine, IngressSystemJobOwnsPort80OnEveryNode) {
  Model m = model_with(3);
  GroupAsk traefik = group(0, "ingress", "traefik", 1);
  traefik.ports = {{.label = "http", .static_port = 80, .to = 0},
                   {.label = "https", .static_port = 443, .to = 0}};
  m.jobs.push_back(job("ingress", JobType::kSystem, {traefik}));
  GroupAsk web = group(1, "web", "web", 1);
  web.ports = {{.label = "http", .static_port = 80, .to = 0}};
  m.jobs.push_back(job("web", JobType::kService, {web}));
  m.jobs[1].submit_at_start = false;
  TimelineEvent submit = event(10 * sim::kSecond, TimelineEvent::Kind::kSubmitJob);
  submit.job = 1;
  TimelineEvent add = event(60 * sim::kSecond, TimelineEvent::Kind::kAddNodes);
  add.count = 1;
  add.pool = 0;
  m.timeline = {submit, add};
  const RunResult r = run_model(m, {});
  int ingress = 0;
  for (const auto& p : placed(r)) {
    EXPECT_EQ(p.job, "ingress");
    EXPECT_EQ(p.ports, "http=10.0.0.1:80->80;https=10.0.0.1:443->443");
    ++ingress;
  }
  EXPECT_EQ(ingress, 4);            // three nodes, then the one that joined at 60 s
  ASSERT_EQ(failed(r).size(), 2u);  // web at 10 s, and again when the node joined
  for (const auto& f : failed(r)) {
    EXPECT_EQ(f.job, "web");
    EXPECT_EQ(f.reason, "network: reserved port collision http=80");
  }
  EXPECT_EQ(failed(r)[1].time, 60 * sim::kSecond);
}

TEST(Engine, BlockedEvaluationRetriesWhenCapacityFrees) {
  Model m = model_with(1);
  GroupAsk big = group(0, "a", "big", 1);
  big.resources = make_resources(3000, 1024, 300);
  m.jobs.push_back(job("a", JobType::kService, {big}));
  GroupAsk other = group(1, "b", "other", 1);
  other.resources = make_resources(3000, 1024, 300);
  m.jobs.push_back(job("b", JobType::kService, {other}));
  TimelineEvent stop = event(30 * sim::kSecond, TimelineEvent::Kind::kStopJob);
  stop.job = 0;
  m.timeline.push_back(stop);
  const RunResult r = run_model(m, {});
  ASSERT_EQ(failed(r).size(), 1u);
  EXPECT_EQ(failed(r)[0].reason, "cpu");
  ASSERT_EQ(placed(r).size(), 2u);
  EXPECT_EQ(placed(r)[1].job, "b");
  EXPECT_EQ(placed(r)[1].time, 30 * sim::kSecond);
}

TEST(Engine, ScalingUpPlacesTheNewIndexes) {
  Model m = model_with(3);
  m.jobs.push_back(job("web", JobType::kService, {group(0, "web", "web", 1)}));
  TimelineEvent scale = event(5 * sim::kSecond, TimelineEvent::Kind::kScaleGroup);
  scale.job = 0;
  scale.group = 0;
  scale.count = 3;
  m.timeline.push_back(scale);
  const RunResult r = run_model(m, {});
  ASSERT_EQ(placed(r).size(), 3u);
  EXPECT_EQ(placed(r)[1].alloc_index, 1);
  EXPECT_EQ(placed(r)[2].alloc_index, 2);
  EXPECT_EQ(placed(r)[2].time, 5 * sim::kSecond);
  EXPECT_EQ(r.timeseries.back().running, 3);
}

// A failed node is noticed after its heartbeat TTL (10 s for a small cluster, plus a stagger
// of up to 10 s) and the 10 s grace, less the part of an interval already gone; its
// allocation is lost and replaced on another node right away.
TEST(Engine, NodeFailureIsDetectedByHeartbeatAndTheAllocationReplaced) {
  Model m = model_with(2);
  m.jobs.push_back(job("web", JobType::kService, {group(0, "web", "web", 1)}));
  const RunResult first = run_model(m, {});
  const std::string node = placed(first)[0].node;
  m.timeline.push_back(
      {.at = 20 * sim::kSecond, .kind = TimelineEvent::Kind::kFailNode, .node = node});
  const RunResult r = run_model(m, {});
  ASSERT_EQ(placed(r).size(), 2u);
  EXPECT_NE(placed(r)[1].node, node);
  const sim::Time detected = placed(r)[1].time - 20 * sim::kSecond;
  EXPECT_GT(detected, 10 * sim::kSecond);  // at least the grace
  EXPECT_LE(detected, 30 * sim::kSecond);  // at most ttl + stagger + grace
  EXPECT_EQ(r.timeseries.back().running, 1);
}

TEST(Engine, SameSeedSameResultsOtherSeedOtherPorts) {
  Model m = model_with(5);
  GroupAsk g = group(0, "web", "web", 8);
  g.ports = {{.label = "http", .static_port = 0, .to = 8080}};
  m.jobs.push_back(job("web", JobType::kService, {g}));
  const RunResult a = run_model(m, {.seed = 3, .progress = nullptr, .policy = nullptr});
  const RunResult b = run_model(m, {.seed = 3, .progress = nullptr, .policy = nullptr});
  const RunResult c = run_model(m, {.seed = 4, .progress = nullptr, .policy = nullptr});
  ASSERT_EQ(a.placements.size(), b.placements.size());
  std::string pa, pb, pc;
  for (const auto& p : a.placements) pa += p.node.str() + p.ports.str();
  for (const auto& p : b.placements) pb += p.node.str() + p.ports.str();
  for (const auto& p : c.placements) pc += p.node.str() + p.ports.str();
  EXPECT_EQ(pa, pb);
  EXPECT_NE(pa, pc);
}

TEST(Engine, ProgressReportsEachSampleAndEveryNthEventWithoutChangingTheRun) {
  Model m = model_with(6);
  m.jobs.push_back(job("web", JobType::kService, {group(0, "web", "web", 10)}));
  std::vector<RunProgress> seen;
  const RunResult with = run_model(m, {.seed = 3,
                                       .progress = [&](const RunProgress& p) { seen.push_back(p); },
                                       .policy = nullptr,
                                       .progress_events = 5});
  const RunResult without = run_model(m, {.seed = 3, .progress = nullptr, .policy = nullptr});
  EXPECT_EQ(with.events, without.events);
  ASSERT_EQ(with.placements.size(), without.placements.size());
  for (std::size_t i = 0; i < with.placements.size(); ++i) {
    EXPECT_EQ(with.placements[i].node, without.placements[i].node);
  }
  // The 13 samples (t = 0, 10 s, ..., 120 s), plus one report after every 5th event.
  ASSERT_GT(with.events, 10u);
  ASSERT_EQ(seen.size(), 13 + with.events / 5);
  std::size_t samples = 0;          // the sample times met, in order, as a subsequence
  std::uint64_t next_multiple = 5;  // the hook counts, in order, as a subsequence
  for (std::size_t i = 0; i < seen.size(); ++i) {
    EXPECT_EQ(seen[i].horizon, 120 * sim::kSecond);
    if (i > 0) {
      EXPECT_GE(seen[i].events, seen[i - 1].events);
      EXPECT_GE(seen[i].now, seen[i - 1].now);
    }
    if (samples < 13 && seen[i].now == static_cast<sim::Time>(samples) * 10 * sim::kSecond) {
      ++samples;
    }
    if (seen[i].events == next_multiple) next_multiple += 5;
  }
  EXPECT_EQ(samples, 13u);
  EXPECT_EQ(next_multiple, (with.events / 5 + 1) * 5);
  EXPECT_EQ(seen.back().now, 120 * sim::kSecond);
  EXPECT_EQ(seen.back().events, with.events);
  EXPECT_DOUBLE_EQ(seen.back().fraction(), 1.0);
  EXPECT_DOUBLE_EQ(
      (RunProgress{.now = 30 * sim::kSecond, .horizon = 120 * sim::kSecond}.fraction()), 0.25);
}

TEST(Liveness, HeartbeatTtlScalesWithTheCluster) {
  // nomad/heartbeat.go: max(min_heartbeat_ttl = 10 s, nodes / 50 per second).
  const LivenessConfig defaults;
  EXPECT_EQ(heartbeat_ttl(defaults, 10), 10 * sim::kSecond);
  EXPECT_EQ(heartbeat_ttl(defaults, 100), 10 * sim::kSecond);
  EXPECT_EQ(heartbeat_ttl(defaults, 1000), 20 * sim::kSecond);
  EXPECT_EQ(heartbeat_ttl(defaults, 10000), 200 * sim::kSecond);
}

TEST(Liveness, HeartbeatTtlSaturatesAtTheLongestDuration) {
  // The validator's lowest rate, 1e-6 per second: 10,000 nodes would give 1e10 s (1e19 ns,
  // past int64); the TTL stops at 10,000 h. 3 nodes give 3e6 s, below that.
  LivenessConfig slow;
  slow.max_heartbeats_per_second = 1e-6;
  EXPECT_EQ(heartbeat_ttl(slow, 10000), 10000 * 3600 * sim::kSecond);
  EXPECT_EQ(heartbeat_ttl(slow, 1'000'000), 10000 * 3600 * sim::kSecond);
  EXPECT_EQ(heartbeat_ttl(slow, 3), 3'000'000 * sim::kSecond);
}

}  // namespace
}  // namespace portolan::models
