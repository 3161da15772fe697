// The engine under random timelines: every kind of event at random times, on a small cluster
// with services and consumers. Each run must finish, repeat itself exactly, and keep the
// invariants a user reads the results by.
#include <gtest/gtest.h>

#include <set>
#include <string>

#include "models/runtime/engine.h"
#include "models/spec/model_builder.h"
#include "scenarios/loader.h"
#include "scenarios/validator.h"
#include "sim/rng.h"

namespace portolan::models {
namespace {

std::string random_scenario(std::uint64_t seed) {
  sim::Rng rng(seed);
  auto pick = [&rng](int n) { return static_cast<int>(rng.below(static_cast<std::uint64_t>(n))); };
  std::string text = R"txt(
name: "random"
cluster {
  pools { name: "a" count: 3 consul_agent: true resources { cpu_mhz: 3000 memory_mb: 4096 } }
  pools { name: "b" count: 2 consul_agent: true resources { cpu_mhz: 2000 memory_mb: 2048 } }
}
jobs {
  name: "cache"
  update { max_parallel: 1 canary: 1 auto_promote: true min_healthy_time: "5s" }
  groups {
    name: "redis"
    count: 2
    shutdown_delay: "5s"
    network { ports { label: "db" } }
    services { name: "redis" port: "db" checks { interval: "5s" } }
    tasks { name: "redis" cpu_mhz: 500 memory_mb: 512 ports: "db" }
  }
}
jobs {
  name: "web"
  groups {
    name: "web"
    count: 3
    network { ports { label: "http" static: 8080 } }
    services { name: "web" provider: "nomad" port: "http" }
    tasks { name: "web" driver: "exec" cpu_mhz: 400 memory_mb: 256 ports: "http"
            templates { service: "redis" wait_min: "2s" } }
  }
}
jobs {
  name: "agent"
  type: "system"
  groups { name: "agent" tasks { name: "agent" cpu_mhz: 100 memory_mb: 64 } }
}
consumers { name: "t" job: "web" group: "web" task: "web" service: "redis" path: "template"
            request_rate_per_s: 5 }
consumers { name: "d" job: "web" group: "web" task: "web" service: "redis" path: "dns" }
consumers { name: "l" job: "cache" group: "redis" task: "redis" service: "web" path: "localhost" }
propagation { dns_ttl: "3s" }
run { horizon: "20m" }
)txt";
  const char* jobs[] = {"cache", "web"};
  const char* groups[] = {"redis", "web"};
  for (int i = 0; i < 12; ++i) {
    const std::string at = "at: \"" + std::to_string(10 + pick(1100)) + "s\" ";
    const std::string node = std::string(pick(2) == 0 ? "a-" : "b-") + std::to_string(pick(2));
    const int j = pick(2);
    switch (pick(8)) {
      case 0:
        text += "timeline { " + at + "fail_node { node: \"" + node + "\" } }\n";
        break;
      case 1:
        text += "timeline { " + at + "recover_node { node: \"" + node + "\" } }\n";
        break;
      case 2:
        text += "timeline { " + at + "drain_node { node: \"" + node + "\" deadline: \"" +
                std::to_string(5 + pick(120)) + "s\" } }\n";
        break;
      case 3:
        text += "timeline { " + at + "update_job { job: \"" + jobs[j] + "\" } }\n";
        break;
      case 4:  // an index below both groups' initial counts (validate refuses one past them)
        text += "timeline { " + at + "fail_alloc { job: \"" + jobs[j] + "\" group: \"" + groups[j] +
                "\" index: " + std::to_string(pick(2)) + " times: " + std::to_string(1 + pick(4)) +
                " } }\n";
        break;
      case 5:
        text += "timeline { " + at + "scale_group { job: \"" + jobs[j] + "\" group: \"" +
                groups[j] + "\" count: " + std::to_string(pick(6)) + " } }\n";
        break;
      case 6:
        text += "timeline { " + at + "add_nodes { pool: \"a\" } }\n";
        break;
      default:
        text += "timeline { " + at + "stop_job { job: \"agent\" } }\n";
        break;
    }
  }
  return text;
}

TEST(RandomTimelines, RunsRepeatAndKeepTheirInvariants) {
  const std::set<std::string> statuses = {"successful", "failed", "running", "awaiting promotion",
                                          "cancelled"};
  for (std::uint64_t seed = 1; seed <= 60; ++seed) {
    const auto loaded = scenario::parse_text(random_scenario(seed), "random");
    const auto problems = scenario::validate(loaded);
    ASSERT_TRUE(problems.empty()) << seed << ": " << problems[0].to_string();
    const Model model = build_model(loaded.scenario);
    RunOptions options;
    options.seed = seed;
    const RunResult a = run_model(model, options);
    const RunResult b = run_model(model, options);
    ASSERT_EQ(a.events, b.events) << seed;
    ASSERT_EQ(a.placements.size(), b.placements.size()) << seed;
    ASSERT_EQ(a.discovery.size(), b.discovery.size()) << seed;
    ASSERT_EQ(a.stale.size(), b.stale.size()) << seed;
    for (const auto& t : a.timeseries) {
      EXPECT_GE(t.queued, 0) << seed;
      EXPECT_LE(t.cpu, 1.0) << seed;
      EXPECT_LE(t.memory, 1.0) << seed;
      EXPECT_LE(t.ports, 1.0) << seed;
      EXPECT_GE(t.fragmentation, 0.0) << seed;
      EXPECT_LE(t.fragmentation, 1.0) << seed;
    }
    for (const auto& d : a.discovery) EXPECT_GE(d.visible, d.running) << seed;
    for (const auto& s : a.stale) {
      EXPECT_GT(s.forgotten, s.dead) << seed;
      EXPECT_GE(s.failed_requests, 0) << seed;
    }
    for (const auto& p : a.placements) {
      EXPECT_EQ(p.placed, !p.node.empty()) << seed;
      EXPECT_EQ(p.placed, p.reason.empty()) << seed;
    }
    for (const auto& d : a.deployments) {
      EXPECT_TRUE(statuses.count(d.status)) << seed << " " << d.status;
      if (d.finished >= 0) {
        EXPECT_GE(d.finished, d.started) << seed;
      }
    }
  }
}

}  // namespace
}  // namespace portolan::models
