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

// 6 copies of 1000 MHz.
constexpr const char* kSix = R"(
jobs { name: "web" groups { name: "app" count: 6
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

namespace portolan::capacity {
namespace {

TEST(CapacityPlanner, RackFailureBinds) {
  // 6 copies of 1000 MHz on 4000 MHz nodes spread over 2 racks. Plain fit: 2 nodes; N+1: 3
  // (8000 MHz left). Losing the busier rack: 3 nodes are racks of 2 and 1; when the two nodes
  // of rack-0 hold the copies, the one node of rack-1 cannot take them; 4 nodes (2 + 2) leave
  // 8000 MHz whichever rack fails.
  const Plan p = plan(one_shape(kSix, "racks: 2 rack_failure: true"));
  ASSERT_TRUE(p.feasible);
  EXPECT_EQ(p.best, Mix{4});
  EXPECT_EQ(p.binding_requirement, "rack");
  EXPECT_EQ(p.binding_dimension, "cpu");
  EXPECT_EQ(p.just_smaller, Mix{3});
  const auto rows = candidates_csv(p);
  // 2 nodes pruned by the rack bound (4000 MHz left for 6000), 3 simulated and failed.
  EXPECT_NE(rows.find("2,2,2,pruned,lower bound,rack,cpu,0,0,\"cpu: copies ask 6000 MHz, the "
                      "nodes left after the smallest rack have 4000\""),
            std::string::npos)
      << rows;
  EXPECT_NE(rows.find("3,3,3,fail,simulated,rack,cpu,"), std::string::npos) << rows;
  const Plan n1 = plan(one_shape(kSix, "node_failures: 1"));
  EXPECT_EQ(n1.best, Mix{3});
  EXPECT_EQ(plan(one_shape(kSix, "")).best, Mix{2});
}

// Two shapes at different prices, a static port and N+1: the planner's answer is the cheapest
// of every mix simulated. By hand: the copies ask 18 x 1000 + 2 x 500 = 19000 MHz (the caches
// first, on two nodes: static 6379), and N+1 fails the node holding the most cpu. Every mix
// under 5.5/h fails: below 19000 MHz in all (2.5 to 3.5/h), or the failed node's copies find
// too little room left (1 small + 2 big, 4 small, 3 big, 3 small + 1 big, 2 + 2, 5 small). At
// 5.5/h, 1 small + 3 big and 4 small + 1 big pass; the first has fewer nodes.
constexpr const char* kTwoShapes = R"(
name: "two"
cluster { pools { name: "fixed" count: 0 } }
jobs { name: "web" groups { name: "app" count: 18
  tasks { name: "app" cpu_mhz: 1000 memory_mb: 1024 } } }
jobs { name: "cache" groups { name: "redis" count: 2
  network { ports { label: "db" static: 6379 } }
  tasks { name: "redis" cpu_mhz: 500 memory_mb: 4096 ports: "db" } } }
timeline { at: "10s" submit_job { job: "web" } }
run { horizon: "5m" }
capacity {
  shapes { pool { name: "small" resources { cpu_mhz: 4000 memory_mb: 8192 } }
           cost_per_hour: 1 max_count: 7 }
  shapes { pool { name: "big" resources { cpu_mhz: 8000 memory_mb: 16384 } }
           cost_per_hour: 1.5 max_count: 5 }
  seeds: 3
  node_failures: 1
}
)";

// Three shapes, memory-heavy work, two racks and a rack failure.
constexpr const char* kThreeShapes = R"(
name: "three"
cluster { pools { name: "fixed" count: 0 } }
jobs { name: "db" groups { name: "db" count: 6
  tasks { name: "db" cpu_mhz: 500 memory_mb: 6000 } } }
jobs { name: "api" groups { name: "api" count: 8
  network { ports { label: "http" } }
  tasks { name: "api" cpu_mhz: 1500 memory_mb: 512 ports: "http" } } }
run { horizon: "5m" }
capacity {
  shapes { pool { name: "cpu" resources { cpu_mhz: 8000 memory_mb: 4096 } }
           cost_per_hour: 1 max_count: 4 }
  shapes { pool { name: "mem" resources { cpu_mhz: 2000 memory_mb: 32768 } }
           cost_per_hour: 1.2 max_count: 4 }
  shapes { pool { name: "both" resources { cpu_mhz: 8000 memory_mb: 32768 } }
           cost_per_hour: 2.5 max_count: 4 }
  seeds: 2
  racks: 2
  rack_failure: true
}
)";

TEST(CapacityPlanner, EqualsExhaustiveSimulationOnTwoShapes) {
  const auto loaded = parse(kTwoShapes);
  PlanOptions options;
  options.jobs = 2;
  const Plan planned = plan_capacity(loaded, options);
  const Plan exhaustive = exhaustive_capacity(loaded, options);
  ASSERT_TRUE(exhaustive.feasible);
  EXPECT_EQ(exhaustive.best, (Mix{1, 3}));
  EXPECT_DOUBLE_EQ(exhaustive.cost_per_hour, 5.5);
  EXPECT_EQ(planned.best, exhaustive.best);
  EXPECT_DOUBLE_EQ(planned.cost_per_hour, exhaustive.cost_per_hour);
  EXPECT_EQ(planned.binding_requirement, "N+k");
  EXPECT_EQ(planned.binding_dimension, "cpu");
  EXPECT_EQ(exhaustive.candidates.size(), 8u * 6u);  // every mix once
  EXPECT_LT(planned.simulations, exhaustive.simulations / 3);
}

TEST(CapacityPlanner, EqualsExhaustiveSimulationOnThreeShapes) {
  const auto loaded = parse(kThreeShapes);
  PlanOptions options;
  options.jobs = 2;
  const Plan planned = plan_capacity(loaded, options);
  const Plan exhaustive = exhaustive_capacity(loaded, options);
  ASSERT_TRUE(exhaustive.feasible);
  EXPECT_EQ(exhaustive.best, (Mix{4, 3, 0}));
  EXPECT_DOUBLE_EQ(exhaustive.cost_per_hour, 7.6);
  EXPECT_EQ(planned.best, exhaustive.best);
  EXPECT_DOUBLE_EQ(planned.cost_per_hour, exhaustive.cost_per_hour);
  EXPECT_LT(planned.simulations, exhaustive.simulations / 3);
}

TEST(CapacityPlanner, SamePlanWhateverTheThreads) {
  const auto loaded = parse(kTwoShapes);
  PlanOptions one;
  one.jobs = 1;
  PlanOptions three;
  three.jobs = 3;
  const Plan a = plan_capacity(loaded, one);
  const Plan b = plan_capacity(loaded, three);
  EXPECT_EQ(candidates_csv(a), candidates_csv(b));
  EXPECT_EQ(plan_json(a).dump(), plan_json(b).dump());
}

TEST(CapacityRequest, EveryProblemWithItsLine) {
  try {
    read_request(parse(R"(name: "bad"
capacity {
  shapes { pool { name: "a" } cost_per_hour: -1 }
  shapes { pool { name: "a" } max_count: 2 min_count: 3 }
  seed_share: 1.5
}
)"));
    FAIL() << "no error";
  } catch (const scenario::ScenarioError& e) {
    EXPECT_EQ(e.problems(), (std::vector<std::string>{
                                "plan.textproto:3: capacity shape \"a\": cost_per_hour must be a "
                                "number >= 0",
                                "plan.textproto:3: capacity shape \"a\": max_count is required",
                                "plan.textproto:4: capacity shape \"a\": duplicate shape name",
                                "plan.textproto:4: capacity shape \"a\": max_count 2 is below "
                                "min_count 3",
                                "plan.textproto:5: capacity: seed_share must be in (0, 1]"}));
  }
}

}  // namespace
}  // namespace portolan::capacity

namespace portolan::capacity {
namespace {

TEST(CapacityPlanner, HeadroomRunsKeepTheWorkloadOfTheHorizon) {
  // A second job of 8 copies is submitted at 10m, after the 5m horizon: N+1 on the first job's
  // 8000 MHz needs 3 nodes, not the 5 that 16000 MHz would need.
  const Plan p = plan(one_shape(std::string(kEight) + R"(
jobs { name: "late" groups { name: "app" count: 8
  tasks { name: "app" cpu_mhz: 1000 memory_mb: 256 } } }
timeline { at: "10m" submit_job { job: "late" } }
)",
                                "node_failures: 1"));
  EXPECT_EQ(p.best, Mix{3});
}

}  // namespace
}  // namespace portolan::capacity

namespace portolan::capacity {
namespace {

// 12 copies of 100 MHz with one dynamic port each, on nodes whose dynamic range is the 10
// ports 20000-20009.
std::string ports_request(const std::string& requirements) {
  return R"(
name: "ports"
cluster { pools { name: "fixed" count: 0 } }
jobs { name: "web" groups { name: "app" count: 12
  network { ports { label: "http" } }
  tasks { name: "app" cpu_mhz: 100 memory_mb: 64 ports: "http" } } }
run { horizon: "5m" }
capacity {
  shapes { pool { name: "node" resources { cpu_mhz: 4000 memory_mb: 16384 }
                  min_dynamic_port: 20000 max_dynamic_port: 20009 }
           cost_per_hour: 1 max_count: 8 }
  seeds: 2
)" + requirements +
         "}\n";
}

TEST(CapacityPlanner, DynamicPortsBind) {
  // One node has 10 dynamic ports for 12 copies: 2 nodes. The cpu (1200 MHz) fits on one.
  const Plan p = plan(ports_request(""));
  EXPECT_EQ(p.best, Mix{2});
  EXPECT_EQ(p.binding_dimension, "dynamic ports");
  EXPECT_EQ(p.binding_requirement, "fit");
  // At best 6 and 6 (Nomad's job anti-affinity spreads the copies): 4 of 10 ports free.
  EXPECT_DOUBLE_EQ(p.margins.dynamic_ports, 0.4);
}

TEST(CapacityPlanner, PortHeadroomBinds) {
  // Half of each range free: at most 5 copies a node, so 3 nodes at the very least; on 3 the
  // copies do not split evenly (a node keeps 4 of its 10 ports), on 4 the busiest holds 5.
  const Plan p = plan(ports_request("dynamic_ports_free: 0.5"));
  EXPECT_EQ(p.best, Mix{4});
  EXPECT_EQ(p.binding_requirement, "ports");
  EXPECT_EQ(p.binding_dimension, "dynamic ports");
  EXPECT_DOUBLE_EQ(p.margins.dynamic_ports, 0.5);
  EXPECT_NE(candidates_csv(p).find("3,3,3,fail,simulated,ports,dynamic ports,2,0,\"seed 1: a node "
                                   "keeps 40.0% of its dynamic range free, below 50.0%\""),
            std::string::npos)
      << candidates_csv(p);
}

TEST(CapacityPlanner, UpdateHeadroomMakesRoomForCanaries) {
  // 8 copies of 1000 MHz fill 2 nodes; updating with 2 canaries (kept, auto_promote off) asks
  // 2 more copies' room at once: 3 nodes.
  const std::string jobs = R"(
jobs { name: "web" update { canary: 2 } groups { name: "app" count: 8
  tasks { name: "app" cpu_mhz: 1000 memory_mb: 256 } } }
)";
  EXPECT_EQ(plan(one_shape(jobs, "")).best, Mix{2});
  const Plan p = plan(one_shape(jobs, "update_all_jobs: true"));
  EXPECT_EQ(p.best, Mix{3});
  EXPECT_EQ(p.binding_requirement, "update");
  EXPECT_EQ(p.binding_dimension, "cpu");
}

}  // namespace
}  // namespace portolan::capacity

namespace portolan::capacity {
namespace {

TEST(CapacityPlanner, DatacenterFailureBinds) {
  // 6 copies of 1000 MHz over two datacenters of 4000 MHz nodes (east 1.0/h, west 1.1/h). Plain
  // fit: 2 east nodes. Losing the busier datacenter, the other must hold all 6000 MHz: 2 nodes
  // in each (4.2/h); with 2 + 1 or 1 + 3 the copies gather in one datacenter and the other
  // lacks room. Losing a datacenter with every node: no node left for its copies.
  const std::string text = R"(
name: "dcs"
cluster { datacenters: "dc1" datacenters: "dc2" pools { name: "fixed" count: 0 } }
jobs { name: "web" datacenters: "dc1" datacenters: "dc2" groups { name: "app" count: 6
  tasks { name: "app" cpu_mhz: 1000 memory_mb: 256 } } }
run { horizon: "5m" }
capacity {
  shapes { pool { name: "east" datacenter: "dc1" resources { cpu_mhz: 4000 memory_mb: 16384 } }
           cost_per_hour: 1 max_count: 4 }
  shapes { pool { name: "west" datacenter: "dc2" resources { cpu_mhz: 4000 memory_mb: 16384 } }
           cost_per_hour: 1.1 max_count: 4 }
  seeds: 3
  datacenter_failure: true
}
)";
  const auto loaded = parse(text);
  PlanOptions options;
  options.jobs = 2;
  const Plan p = plan_capacity(loaded, options);
  EXPECT_EQ(p.best, (Mix{2, 2}));
  EXPECT_DOUBLE_EQ(p.cost_per_hour, 4.2);
  EXPECT_EQ(p.binding_requirement, "datacenter");
  EXPECT_EQ(p.binding_dimension, "cpu");
  EXPECT_EQ(exhaustive_capacity(loaded, options).best, p.best);
  const SeedOutcome gone = evaluate_seed(build_candidate(loaded, read_request(loaded), {2, 0}),
                                         read_request(loaded).requirements, 1);
  EXPECT_EQ(gone.requirement, "datacenter");
  EXPECT_EQ(gone.dimension, "no nodes");
  auto plain = loaded;
  plain.scenario.mutable_capacity()->set_datacenter_failure(false);
  EXPECT_EQ(plan_capacity(plain, options).best, (Mix{2, 0}));
}

}  // namespace
}  // namespace portolan::capacity
