// Topology: one-way latencies and round trips by hand from TopologyConfig's defaults
// (intra_rack 100us, inter_rack 250us, inter_dc 10ms, to_servers 250us).
#include "models/cluster/topology.h"

#include <gtest/gtest.h>

#include <stdexcept>

namespace portolan::models {
namespace {

using sim::kMicrosecond;
using sim::kMillisecond;

TEST(TopologyTest, NodesAreNumberedInCallOrder) {
  Topology topo;
  EXPECT_EQ(topo.add_node("dc1", "r1"), 0);
  EXPECT_EQ(topo.add_node("dc2"), 1);
  EXPECT_EQ(topo.add_node("dc1", "r2"), 2);
  EXPECT_EQ(topo.node_count(), 3);
  EXPECT_EQ(topo.datacenter_of(1), "dc2");
}

TEST(TopologyTest, SameRackOtherRackOtherDatacenter) {
  Topology topo;
  const int a = topo.add_node("dc1", "r1");
  const int b = topo.add_node("dc1", "r1");
  const int c = topo.add_node("dc1", "r2");
  const int d = topo.add_node("dc2", "r1");  // same rack name, other datacenter
  EXPECT_EQ(topo.one_way(a, a), 0);
  EXPECT_EQ(topo.one_way(a, b), 100 * kMicrosecond);
  EXPECT_EQ(topo.rtt(a, b), 200 * kMicrosecond);
  EXPECT_EQ(topo.one_way(a, c), 250 * kMicrosecond);
  EXPECT_EQ(topo.rtt(c, a), 500 * kMicrosecond);
  EXPECT_EQ(topo.one_way(a, d), 10 * kMillisecond);
  EXPECT_EQ(topo.rtt(d, c), 20 * kMillisecond);
}

TEST(TopologyTest, DefaultRackIsOneRack) {
  Topology topo;
  const int a = topo.add_node("dc1");
  const int b = topo.add_node("dc1", "");
  const int c = topo.add_node("dc1", "r9");
  EXPECT_EQ(topo.one_way(a, b), 100 * kMicrosecond);
  EXPECT_EQ(topo.one_way(a, c), 250 * kMicrosecond);
}

TEST(TopologyTest, ServersOfOwnAndOtherDatacenter) {
  Topology topo;
  const int a = topo.add_node("dc1", "r1");
  const int b = topo.add_node("dc2", "r1");
  EXPECT_EQ(topo.rtt_to_servers(a), 500 * kMicrosecond);  // 2 * to_servers
  EXPECT_EQ(topo.rtt_to_servers(b), 500 * kMicrosecond);
  // To dc2's servers: node to dc1 core 125us, cores 9.75ms, core to servers 125us: 10ms one way.
  EXPECT_EQ(topo.rtt_to_servers(a, "dc2"), 20 * kMillisecond);
  EXPECT_THROW(topo.rtt_to_servers(a, "dc3"), std::out_of_range);
}

TEST(TopologyTest, RaftCommitIsOneServerRoundTrip) {
  Topology topo;
  EXPECT_EQ(topo.raft_commit(1), 0);
  EXPECT_EQ(topo.raft_commit(3), 500 * kMicrosecond);
  EXPECT_EQ(topo.raft_commit(5), 500 * kMicrosecond);
}

TEST(TopologyTest, OddLatenciesStayExact) {
  Topology topo({.intra_rack = 101, .inter_rack = 253, .inter_dc = 10007, .to_servers = 127});
  const int a = topo.add_node("dc1", "r1");
  const int b = topo.add_node("dc1", "r1");
  const int c = topo.add_node("dc1", "r2");
  const int d = topo.add_node("dc2", "r1");
  EXPECT_EQ(topo.one_way(a, b), 101);
  EXPECT_EQ(topo.one_way(a, c), 253);
  EXPECT_EQ(topo.one_way(a, d), 10007);
  EXPECT_EQ(topo.rtt_to_servers(d), 254);
}

TEST(TopologyTest, AddingNodesAfterAQueryKeepsAnswersRight) {
  Topology topo;
  const int a = topo.add_node("dc1", "r1");
  const int b = topo.add_node("dc1", "r2");
  EXPECT_EQ(topo.one_way(a, b), 250 * kMicrosecond);  // fills the cache for a's vertex
  const int c = topo.add_node("dc1", "r1");
  const int d = topo.add_node("dc3", "r1");
  EXPECT_EQ(topo.one_way(a, c), 100 * kMicrosecond);
  EXPECT_EQ(topo.one_way(a, d), 10 * kMillisecond);
  EXPECT_EQ(topo.one_way(a, b), 250 * kMicrosecond);
  EXPECT_EQ(topo.rtt_to_servers(d), 500 * kMicrosecond);
}

TEST(TopologyTest, RejectsUnorderedLatencies) {
  EXPECT_THROW(Topology({.intra_rack = 300 * kMicrosecond,
                         .inter_rack = 250 * kMicrosecond,
                         .inter_dc = 10 * kMillisecond,
                         .to_servers = 250 * kMicrosecond}),
               std::invalid_argument);
  Topology topo;
  EXPECT_THROW(topo.one_way(0, 0), std::out_of_range);
}

}  // namespace
}  // namespace portolan::models
