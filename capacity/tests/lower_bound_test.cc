// The lower bounds, with hand-counted numbers: resource totals (plain and after removals) and
// the static-port pigeonhole.
#include "capacity/lower_bound.h"

#include <gtest/gtest.h>

#include "capacity/candidate_cluster.h"
#include "capacity/workload_demand.h"
#include "scenarios/loader.h"

namespace portolan::capacity {
namespace {

// 4000 MHz nodes (200 reserved: 3800 schedulable); 9 copies of 1000 MHz = 9000 MHz, and
// 3 copies of a static port 8080.
constexpr const char* kScenario = R"(
name: "bounds"
cluster { pools { name: "fixed" count: 0 } }
jobs {
  name: "web"
  groups {
    name: "app"
    count: 9
    tasks { name: "app" cpu_mhz: 1000 memory_mb: 100 }
  }
}
jobs {
  name: "legacy"
  groups {
    name: "app"
    count: 3
    network { ports { label: "http" static: 8080 } }
    tasks { name: "app" cpu_mhz: 100 memory_mb: 100 }
  }
}
capacity {
  shapes {
    pool { name: "small" resources { cpu_mhz: 4000 memory_mb: 8192 }
           reserved { cpu_mhz: 200 } }
    cost_per_hour: 1
    max_count: 20
  }
}
)";

struct Fixture {
  scenario::LoadedScenario loaded = scenario::parse_text(kScenario, "bounds.textproto");
  CapacityRequest request = read_request(loaded);
  Demand demand = workload_demand(loaded.scenario);

  std::optional<BoundFailure> at(int n) const {
    return check_lower_bounds(demand,
                              candidate_nodes(candidate_pools(loaded.scenario, request, {n})),
                              request.requirements);
  }
};

TEST(LowerBound, CpuTotals) {
  Fixture f;
  // 9 x 1000 + 3 x 100 = 9300 MHz: 2 nodes hold 7600, 3 hold 11400.
  const auto two = f.at(2);
  ASSERT_TRUE(two);
  EXPECT_EQ(two->requirement, "fit");
  EXPECT_EQ(two->dimension, "cpu");
  EXPECT_EQ(two->why, "cpu: copies ask 9300 MHz, the nodes have 7600");
  EXPECT_FALSE(f.at(3));
}

TEST(LowerBound, NodeFailuresRemoveTheSmallestNodes) {
  Fixture f;
  f.request.requirements.node_failures = 1;
  // N+1 on 3 nodes: 11400 - 3800 = 7600 < 9300; on 4: 11400 >= 9300.
  const auto three = f.at(3);
  ASSERT_TRUE(three);
  EXPECT_EQ(three->requirement, "N+k");
  EXPECT_EQ(three->why, "cpu: copies ask 9300 MHz, the nodes left after N+1 have 7600");
  EXPECT_FALSE(f.at(4));
}

TEST(LowerBound, StaticPortPigeonhole) {
  Fixture f;
  f.loaded.scenario.mutable_jobs(1)->mutable_groups(0)->set_count(5);
  f.demand = workload_demand(f.loaded.scenario);
  // 5 copies of 8080 need 5 nodes although 3 hold the cpu (9500 MHz).
  const auto four = f.at(4);
  ASSERT_TRUE(four);
  EXPECT_EQ(four->dimension, "static ports");
  EXPECT_EQ(four->why, "static port 8080: 5 copies need 5 nodes, the cluster has 4");
  EXPECT_FALSE(f.at(5));
  // One failure allowed: 4 nodes suffice for the port, and 9500 - 1000 MHz fit on 3.
  f.request.requirements.failures_allowed = 1;
  EXPECT_FALSE(f.at(4));
}

TEST(LowerBound, RackRemovesTheSmallestRack) {
  Fixture f;
  f.request.requirements.racks = 2;
  f.request.requirements.rack_failure = true;
  // 5 nodes: racks of 3 and 2; without the 2: 3 x 3800 = 11400 >= 9300. 4 nodes: 2 and 2:
  // 7600 left.
  const auto four = f.at(4);
  ASSERT_TRUE(four);
  EXPECT_EQ(four->requirement, "rack");
  EXPECT_EQ(four->why,
            "cpu: copies ask 9300 MHz, the nodes left after the smallest rack have 7600");
  EXPECT_FALSE(f.at(5));
}

TEST(LowerBound, OneCopyMustFitSomewhere) {
  Fixture f;
  f.loaded.scenario.mutable_jobs(0)->mutable_groups(0)->mutable_tasks(0)->set_cpu_mhz(5000);
  f.demand = workload_demand(f.loaded.scenario);
  const auto any = f.at(20);
  ASSERT_TRUE(any);
  EXPECT_EQ(any->why, "group web.app: no node holds one copy (cpu 5000 MHz)");
}

TEST(LowerBound, WorkloadAtTheHorizonOnly) {
  Fixture f;
  // legacy submitted after the horizon: 9000 MHz, 3 nodes (11400) but not 2 (7600).
  f.loaded.scenario.mutable_run()->set_horizon("1m");
  auto* e = f.loaded.scenario.add_timeline();
  e->set_at("2m");
  e->mutable_submit_job()->set_job("legacy");
  f.demand = workload_demand(f.loaded.scenario);
  ASSERT_EQ(f.demand.groups.size(), 1u);
  EXPECT_EQ(f.at(2)->why, "cpu: copies ask 9000 MHz, the nodes have 7600");
}

}  // namespace
}  // namespace portolan::capacity

namespace portolan::capacity {
namespace {

TEST(LowerBound, DistinctHostsNeedsOneNodePerCopy) {
  Fixture f;
  auto* c = f.loaded.scenario.mutable_jobs(0)->mutable_groups(0)->add_constraints();
  c->set_operator_("distinct_hosts");
  f.demand = workload_demand(f.loaded.scenario);
  // 9 copies of web on distinct nodes: 9 nodes, although 3 hold the cpu.
  const auto eight = f.at(8);
  ASSERT_TRUE(eight);
  EXPECT_EQ(eight->dimension, "constraint");
  EXPECT_EQ(eight->why,
            "distinct_hosts on group \"web.app\": 9 copies need 9 nodes, the cluster has 8");
  EXPECT_FALSE(f.at(9));
}

}  // namespace
}  // namespace portolan::capacity
