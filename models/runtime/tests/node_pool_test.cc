// Node pools: a job runs only on the nodes of its node_pool ("all": every node), and a pool's
// own scheduler_algorithm overrides the cluster's for its jobs.
#include <gtest/gtest.h>

#include <map>
#include <string>

#include "models/runtime/engine.h"
#include "models/spec/model_builder.h"
#include "scenarios/field_path.h"
#include "scenarios/loader.h"
#include "scenarios/validator.h"

namespace portolan::models {
namespace {

// Two nodes in the default node pool, two in "gpu".
constexpr char kPools[] = R"(
cluster {
  pools { name: "cpu" count: 2 }
  pools { name: "gpu" count: 2 node_pool: "gpu" }
}
jobs { name: "train" node_pool: "gpu"
       groups { name: "t" count: 4 tasks { name: "t" cpu_mhz: 100 memory_mb: 64 } } }
jobs { name: "web"
       groups { name: "w" count: 4 tasks { name: "w" cpu_mhz: 100 memory_mb: 64 } } }
jobs { name: "agent" type: "system" node_pool: "all"
       groups { name: "a" tasks { name: "a" cpu_mhz: 10 memory_mb: 16 } } }
jobs { name: "exporter" type: "system" node_pool: "gpu"
       groups { name: "e" tasks { name: "e" cpu_mhz: 10 memory_mb: 16 } } }
run { horizon: "1m" }
)";

// Placed allocations per job, per portolan pool of the node ("cpu-1" -> "cpu").
std::map<std::string, std::map<std::string, int>> placed_by_pool(const RunResult& r) {
  std::map<std::string, std::map<std::string, int>> out;
  for (const auto& p : r.placements) {
    if (p.placed) ++out[p.job][p.node.str().substr(0, p.node.str().find('-'))];
  }
  return out;
}

TEST(NodePools, JobsRunOnlyInTheirPool) {
  const auto s = scenario::parse_text(kPools, "pools.textproto");
  ASSERT_TRUE(scenario::validate(s).empty());
  const auto placed = placed_by_pool(run_model(build_model(s.scenario), {}));
  EXPECT_EQ(placed.at("train"), (std::map<std::string, int>{{"gpu", 4}}));
  EXPECT_EQ(placed.at("web"), (std::map<std::string, int>{{"cpu", 4}}));  // "default"
  EXPECT_EQ(placed.at("agent"), (std::map<std::string, int>{{"cpu", 2}, {"gpu", 2}}));
  EXPECT_EQ(placed.at("exporter"), (std::map<std::string, int>{{"gpu", 2}}));
}

TEST(NodePools, AJobInAPoolWithoutNodesFailsToPlace) {
  auto s = scenario::parse_text(kPools, "pools.textproto");
  s.scenario.mutable_cluster()->add_node_pools()->set_name("batch");  // a pool, no nodes
  scenario::set_field(&s.scenario, "jobs[\"train\"].node_pool", "batch");
  ASSERT_TRUE(scenario::validate(s).empty());
  const RunResult r = run_model(build_model(s.scenario), {});
  for (const auto& p : r.placements) {
    if (p.job == "train") {
      EXPECT_FALSE(p.placed);
    }
  }
}

TEST(NodePools, ValidateRejectsUnknownPoolsAndNodesInAll) {
  auto s = scenario::parse_text(kPools, "pools.textproto");
  scenario::set_field(&s.scenario, "jobs[\"train\"].node_pool", "gpus");
  scenario::set_field(&s.scenario, "cluster.pools[0].node_pool", "all");
  const auto problems = scenario::validate(s);
  ASSERT_EQ(problems.size(), 2u);
  EXPECT_EQ(problems[0].message,
            "nodes cannot register in the built-in node pool \"all\" (it holds every node)");
  EXPECT_EQ(problems[1].message,
            "node_pool \"gpus\" does not exist (no nodes and no cluster.node_pools entry name it)");
}

// TestServiceSched_JobRegister_SchedulerAlgorithm (scheduler/generic_sched_test.go): two nodes
// of one node pool, a job of count 1 already on one; the next job's allocation goes on the
// same node under binpack and on the empty one under spread, the pool's algorithm overriding
// the cluster's.
constexpr char kAlgorithm[] = R"(
cluster {
  pools { name: "n" count: 2 node_pool: "pool" }
  node_pools { name: "pool" }
  scheduler { algorithm: "binpack" }
}
jobs { name: "existing" node_pool: "pool"
       groups { name: "g" count: 1 tasks { name: "t" cpu_mhz: 500 memory_mb: 256 } } }
jobs { name: "job" node_pool: "pool"
       groups { name: "g" count: 1 tasks { name: "t" cpu_mhz: 500 memory_mb: 256 } } }
timeline { at: "10s" submit_job { job: "job" } }
run { horizon: "30s" }
)";

// Whether "job"'s allocation shares the node of "existing"'s.
bool same_node(const std::string& global, const std::string& pool, const std::string& type) {
  auto s = scenario::parse_text(kAlgorithm, "algorithm.textproto");
  scenario::set_field(&s.scenario, "cluster.scheduler.algorithm", global);
  if (!pool.empty())
    scenario::set_field(&s.scenario, "cluster.node_pools[0].scheduler_algorithm", pool);
  scenario::set_field(&s.scenario, "jobs[\"job\"].type", type);
  scenario::set_field(&s.scenario, "jobs[\"existing\"].type", type);
  EXPECT_TRUE(scenario::validate(s).empty());
  std::map<std::string, std::string> node;
  for (const auto& p : run_model(build_model(s.scenario), {}).placements) node[p.job] = p.node;
  EXPECT_FALSE(node["job"].empty());
  return node["job"] == node["existing"];
}

TEST(NodePools, PoolSchedulerAlgorithmOverridesTheCluster) {
  for (const std::string type : {"service", "batch"}) {
    SCOPED_TRACE(type);
    EXPECT_TRUE(same_node("binpack", "", type));         // global binpack
    EXPECT_FALSE(same_node("spread", "", type));         // global spread
    EXPECT_TRUE(same_node("spread", "binpack", type));   // the pool's binpack overrides
    EXPECT_FALSE(same_node("binpack", "spread", type));  // the pool's spread overrides
  }
}

}  // namespace
}  // namespace portolan::models
