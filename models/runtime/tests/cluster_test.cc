// Cluster-wide numbers computed from the per-node Eigen arrays: utilisation and fragmentation
// (design section 4), on small hand-checked cases.
#include "models/cluster/cluster.h"

#include <gtest/gtest.h>

#include <string>

#include "models/runtime/engine.h"
#include "models/spec/model_builder.h"
#include "scenarios/loader.h"

namespace portolan::models {
namespace {

NodeShape shape(std::int64_t cpu) {
  NodeShape s;
  s.pool = "pool";
  s.capacity = make_resources(cpu, 8192, 100000);
  s.network.address = "10.0.0.1";
  return s;
}

// Two nodes with 1000 and 500 MHz free; an 800 MHz ask fits only the first: the second
// node's 500 MHz are stranded, a third of the free cpu.
TEST(Fragmentation, IsTheFreeCpuOnNodesWhereNoPendingAskFits) {
  Cluster c;
  c.add_node(shape(2000));
  c.add_node(shape(2000));
  c.add_usage(0, make_resources(1000, 1024, 0));
  c.add_usage(1, make_resources(1500, 1024, 0));
  EXPECT_DOUBLE_EQ(c.fragmentation({make_resources(800, 256, 300)}), 500.0 / 1500.0);
  // A small ask fits both: nothing is stranded; a huge one fits neither: all is.
  EXPECT_DOUBLE_EQ(c.fragmentation({make_resources(800, 256, 300), make_resources(100, 64, 0)}),
                   0.0);
  EXPECT_DOUBLE_EQ(c.fragmentation({make_resources(4000, 256, 0)}), 1.0);
  // Memory counts too: 800 MHz with 8 GiB fits neither node (1 GiB used on each).
  EXPECT_DOUBLE_EQ(c.fragmentation({make_resources(800, 8000, 0)}), 1.0);
  EXPECT_DOUBLE_EQ(c.fragmentation({}), 0.0);  // nothing pending
  // Nodes that are not ready or not eligible are left out.
  c.node(0).eligible = false;
  EXPECT_DOUBLE_EQ(c.fragmentation({make_resources(800, 256, 300)}), 1.0);
}

TEST(Utilisation, IsTheShareOfSchedulableCapacityInUseOnReadyNodes) {
  Cluster c;
  c.add_node(shape(2000));
  c.add_node(shape(2000));
  c.add_usage(0, make_resources(1000, 2048, 0));
  EXPECT_DOUBLE_EQ(c.utilisation()[kCpu], 0.25);
  EXPECT_DOUBLE_EQ(c.utilisation()[kMemory], 2048.0 / 16384.0);
}

// The capacity example's end (README): svc-39 and svc-40 (100 allocations) and 20 copies of
// legacy-b (a static port collision) wait although some cpu is free, and no node has room
// for any of them: all the free cpu is stranded.
TEST(Fragmentation, TheCapacityExampleEndsFullyFragmented) {
  const auto loaded = scenario::load_file(std::string(PORTOLAN_SOURCE_DIR) +
                                          "/scenarios/examples/capacity.textproto");
  const RunResult r = run_model(build_model(loaded.scenario), {});
  EXPECT_EQ(r.timeseries.front().fragmentation, 0.0);
  EXPECT_EQ(r.timeseries.back().queued, 120);
  EXPECT_LT(r.timeseries.back().cpu, 1.0);
  EXPECT_EQ(r.timeseries.back().fragmentation, 1.0);
}

}  // namespace
}  // namespace portolan::models
