// Placement quality (summary.json placement_quality, docs/metrics.md) on a hand-checked case:
// three nodes on two racks; job "a" has one copy on r1-0 and one on r2-0 (1000 MHz each),
// job "b" one copy on r1-1 (3000 MHz); every node has 4000 MHz.
#include <gtest/gtest.h>

#include "models/results/results_writer.h"
#include "models/runtime/engine.h"
#include "models/spec/model_builder.h"
#include "scenarios/loader.h"
#include "scenarios/validator.h"

namespace portolan::models {
namespace {

constexpr const char* kScenario = R"(
  name: "quality"
  cluster {
    pools { name: "r1" count: 2 rack: "r1" resources { cpu_mhz: 4000 memory_mb: 8000 } }
    pools { name: "r2" count: 1 rack: "r2" resources { cpu_mhz: 4000 memory_mb: 8000 } }
  }
  jobs {
    name: "a"
    groups {
      name: "g"
      count: 2
      constraints { attribute: "${node.unique.name}" operator: "regexp" value: "^(r1-0|r2-0)$" }
      constraints { operator: "distinct_hosts" }
      tasks { name: "t" cpu_mhz: 1000 memory_mb: 1000 }
    }
  }
  jobs {
    name: "b"
    groups {
      name: "g"
      constraints { attribute: "${node.unique.name}" value: "r1-1" }
      tasks { name: "t" cpu_mhz: 3000 memory_mb: 2000 }
    }
  }
  run { horizon: "1m" }
)";

TEST(PlacementQuality, HandCheckedCase) {
  const auto s = scenario::parse_text(kScenario, "quality");
  scenario::validate_or_throw(s);
  const RunResult r = run_model(build_model(s.scenario), {});
  const auto q = summarize(r)["placement_quality"]["end"];
  EXPECT_EQ(q["nodes_in_use"], 3);
  // cpu of the used nodes: 0.25, 0.25, 0.75.
  const auto& cpu = q["used_node_util"]["cpu"];
  EXPECT_DOUBLE_EQ(cpu["mean"].get<double>(), 1.25 / 3);
  EXPECT_NEAR(cpu["std"].get<double>(),
              std::sqrt((2 * (1.0 / 6) * (1.0 / 6) + (1.0 / 3) * (1.0 / 3)) / 3), 1e-12);
  EXPECT_DOUBLE_EQ(cpu["max"].get<double>(), 0.75);
  // memory: 0.125, 0.125, 0.25.
  EXPECT_DOUBLE_EQ(q["used_node_util"]["memory"]["max"].get<double>(), 0.25);
  EXPECT_EQ(q["allocs_per_node"]["max"], 1);
  EXPECT_DOUBLE_EQ(q["allocs_per_node"]["std"].get<double>(), 0.0);
  EXPECT_DOUBLE_EQ(q["fragmentation"].get<double>(), 0.0);
  EXPECT_DOUBLE_EQ(q["jobs"]["a"]["max_node_share"].get<double>(), 0.5);
  EXPECT_DOUBLE_EQ(q["jobs"]["a"]["max_rack_share"].get<double>(), 0.5);
  EXPECT_DOUBLE_EQ(q["jobs"]["a"]["max_datacenter_share"].get<double>(), 1.0);
  EXPECT_DOUBLE_EQ(q["jobs"]["b"]["max_node_share"].get<double>(), 1.0);
  // Placed at t = 0 and unchanged since: every sample equals the last one.
  const auto avg = summarize(r)["placement_quality"]["time_avg"];
  EXPECT_DOUBLE_EQ(avg["nodes_in_use"].get<double>(), 3.0);
  EXPECT_DOUBLE_EQ(avg["jobs"]["a"]["max_node_share"].get<double>(), 0.5);
}

TEST(PlacementQuality, TimeAverageWeighsEverySample) {
  // b arrives at 30 s of a 60 s run sampled every 10 s (samples 0, 10, ..., 60): nodes in use
  // 2 in samples 0-20, 3 in 30-60: (3 * 2 + 4 * 3) / 7.
  auto s = scenario::parse_text(
      std::string(kScenario) + R"(timeline { at: "30s" submit_job { job: "b" } })", "quality");
  scenario::validate_or_throw(s);
  const RunResult r = run_model(build_model(s.scenario), {});
  ASSERT_EQ(r.timeseries.size(), 7u);
  const auto avg = summarize(r)["placement_quality"]["time_avg"];
  EXPECT_DOUBLE_EQ(avg["nodes_in_use"].get<double>(), (3 * 2 + 4 * 3) / 7.0);
  // b's shares average only over the samples where it ran.
  EXPECT_DOUBLE_EQ(avg["jobs"]["b"]["max_node_share"].get<double>(), 1.0);
}

}  // namespace
}  // namespace portolan::models
