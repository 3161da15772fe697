// What a candidate cluster holds at the end of a run, and the margins it leaves.
//
// Live allocations are those not ended at the end of the run (client status pending or
// running). Each holds its group's resources (scenarios/group_resources.h) and the host ports
// of its placement. Margins, each a share in [0, 1] (docs/capacity.md):
// - cpu, memory, disk: 1 - held / schedulable capacity, over the whole cluster;
// - static ports: the least, over the static ports live copies of service and batch jobs hold,
//   of the share of nodes that still have the port free (1 with no such port; a system job's
//   port is on every node by design and does not count);
// - dynamic ports: the least, over the nodes, of the share of the node's dynamic range that
//   no live allocation holds.
#ifndef PORTOLAN_CAPACITY_CLUSTER_USAGE_H_
#define PORTOLAN_CAPACITY_CLUSTER_USAGE_H_

#include <cstdint>
#include <string>
#include <vector>

#include "capacity/candidate_cluster.h"
#include "models/results/results.h"
#include "scenarios/scenario.pb.h"

namespace portolan::capacity {

struct Margins {
  double cpu = 1;
  double memory = 1;
  double disk = 1;
  double static_ports = 1;
  double dynamic_ports = 1;
};

struct NodeUsage {
  std::int64_t cpu_mhz = 0;
  std::int64_t memory_mb = 0;
  std::int64_t disk_mb = 0;
  int dynamic_ports = 0;  // host ports held inside the node's dynamic range
};

struct ClusterUsage {
  std::vector<NodeUsage> nodes;  // parallel to CandidateCluster::nodes
  Margins margins;
};

ClusterUsage cluster_usage(const scenario::Scenario& scenario,
                           const std::vector<CandidateNode>& nodes,
                           const models::RunResult& result);

// The element-wise least of two margins.
Margins least(const Margins& a, const Margins& b);

}  // namespace portolan::capacity

#endif  // PORTOLAN_CAPACITY_CLUSTER_USAGE_H_
