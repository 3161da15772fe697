// The planner against exhaustive simulation, and the cases where a headroom requirement or a
// dimension other than cpu binds, each with hand-checked counts.
#include "capacity/capacity_planner.h"

#include <gtest/gtest.h>

#include "capacity/plan_report.h"
#include "scenarios/loader.h"

namespace portolan::capacity {
namespace {

scenario::LoadedScenario parse(const std::string& text) {
  return scenario::parse_text(text, "plan.textproto");
}

// One shape of 4000 MHz nodes, nothing reserved; `jobs` and `capacity` fields appended.
std::string one_shape(const std::string& jobs, const std::string& requirements) {
  return R"(
name: "plan"
cluster { pools { name: "fixed" count: 0 } }
)" + jobs +
         R"(
run { horizon: "5m" }
capacity {
  shapes { pool { name: "node" resources { cpu_mhz: 4000 memory_mb: 16384 } }
           cost_per_hour: 1 max_count: 12 }
  seeds: 4
)" + requirements +
         "}\n";
}

// 8 copies of 1000 MHz: 8000 MHz, 2 nodes of 4000.
constexpr const char* kEight = R"(
jobs { name: "web" groups { name: "app" count: 8
  tasks { name: "app" cpu_mhz: 1000 memory_mb: 256 } } }
)";

Plan plan(const std::string& text, int jobs = 2) {
  PlanOptions options;
  options.jobs = jobs;
  return plan_capacity(parse(text), options);
}

TEST(CapacityPlanner, PlainFitIsTheCpuTotal) {
  const Plan p = plan(one_shape(kEight, ""));
  ASSERT_TRUE(p.feasible);
  EXPECT_EQ(p.best, Mix{2});
  EXPECT_DOUBLE_EQ(p.cost_per_hour, 2);
  EXPECT_EQ(p.binding_dimension, "cpu");
  EXPECT_EQ(p.binding_requirement, "fit");
  EXPECT_EQ(p.just_smaller, Mix{1});
  EXPECT_DOUBLE_EQ(p.margins.cpu, 0.0);  // 8000 of 8000 MHz held
}

TEST(CapacityPlanner, NPlusOneNeedsOneMoreNode) {
  // After the busiest node fails its copies re-place on the others: 2 nodes leave 4000 MHz for
  // 8000, 3 nodes leave 8000.
  const Plan p = plan(one_shape(kEight, "node_failures: 1"));
  ASSERT_TRUE(p.feasible);
  EXPECT_EQ(p.best, Mix{3});
  EXPECT_EQ(p.binding_requirement, "N+k");
  EXPECT_EQ(p.binding_dimension, "cpu");
  EXPECT_NEAR(p.margins.cpu, 1.0 - 8000.0 / 12000.0, 1e-12);
}

TEST(CapacityPlanner, NPlusOneFailsInSimulationOnTwoNodes) {
  // The bound aside, the simulated N+1 run on 2 nodes: the busiest node holds 4 copies, which
  // find no room on the other, full node.
  const auto loaded = parse(one_shape(kEight, "node_failures: 1"));
  const CapacityRequest request = read_request(loaded);
  const SeedOutcome s =
      evaluate_seed(build_candidate(loaded, request, {2}), request.requirements, 1);
  EXPECT_FALSE(s.passed);
  EXPECT_EQ(s.requirement, "N+k");
  EXPECT_EQ(s.dimension, "cpu");
  EXPECT_EQ(s.runs, 2);
}

TEST(CapacityPlanner, StaticPortsBindNotCpu) {
  // 6 copies of static 8080 at 100 MHz: 600 MHz fit on one node, the port needs 6 nodes.
  const Plan p = plan(one_shape(R"(
jobs { name: "legacy" groups { name: "app" count: 6
  network { ports { label: "http" static: 8080 } }
  tasks { name: "app" cpu_mhz: 100 memory_mb: 64 ports: "http" } } }
)",
                                ""));
  ASSERT_TRUE(p.feasible);
  EXPECT_EQ(p.best, Mix{6});
  EXPECT_EQ(p.binding_dimension, "static ports");
  EXPECT_EQ(p.binding_requirement, "fit");
  EXPECT_DOUBLE_EQ(p.margins.static_ports, 0.0);  // every node holds 8080
  EXPECT_NEAR(p.margins.cpu, 1.0 - 600.0 / 24000.0, 1e-12);
  // Simulated on 5 nodes: one copy finds no node with 8080 free.
  const auto loaded = parse(one_shape(R"(
jobs { name: "legacy" groups { name: "app" count: 6
  network { ports { label: "http" static: 8080 } }
  tasks { name: "app" cpu_mhz: 100 memory_mb: 64 ports: "http" } } }
)",
                                      ""));
  const CapacityRequest request = read_request(loaded);
  const SeedOutcome s =
      evaluate_seed(build_candidate(loaded, request, {5}), request.requirements, 1);
  EXPECT_EQ(s.dimension, "static ports");
  EXPECT_EQ(s.why, "1 failed placement (network: reserved port collision http=8080: 1)");
}

}  // namespace
}  // namespace portolan::capacity
