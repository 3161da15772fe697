// Lower bounds that reject a candidate cluster before any simulation (docs/capacity.md).
//
// Each bound is a relaxation of the simulated requirement, so a candidate it rejects would fail
// in simulation too (what the planner's equality with exhaustive simulation relies on):
// - one copy fits: each group's copy fits on some node (cpu, memory and disk at once);
// - resource totals, per dimension: the asks of every non-system copy, less the
//   failures_allowed largest, against the schedulable capacity (resources - reserved - the
//   unconstrained system jobs' copies); with headroom, after removing the k smallest nodes
//   (N+k: whichever k nodes fail leave no more), the smallest rack, the smallest datacenter;
// - static-port pigeonhole: a static port asked by n copies needs n nodes (a node offers a port
//   once per address: nomad/structs/network.go NetworkIndex.AddAllocs reports a collision),
//   n - failures_allowed after the same removals;
// - distinct_hosts: n copies a distinct_hosts constraint spreads need n nodes likewise
//   (scheduler/feasible/feasible.go DistinctHostsIterator), dimension "constraint".
// Every bound is monotone in every shape's count: more nodes never fail a bound that fewer pass.
#ifndef PORTOLAN_CAPACITY_LOWER_BOUND_H_
#define PORTOLAN_CAPACITY_LOWER_BOUND_H_

#include <optional>
#include <string>
#include <vector>

#include "capacity/candidate_cluster.h"
#include "capacity/capacity_request.h"
#include "capacity/workload_demand.h"

namespace portolan::capacity {

struct BoundFailure {
  std::string requirement;  // "fit", "N+k", "rack", "datacenter" (capacity/requirement names)
  std::string dimension;    // "cpu", "memory", "disk", "static ports", "constraint"
  std::string why;          // e.g. "cpu: copies ask 80000 MHz, nodes left after N+1 have 76000"
};

// The first bound the candidate fails, in the order above (requirements in the order fit, N+k,
// rack, datacenter; dimensions cpu, memory, disk, static ports, distinct_hosts); nullopt when it
// passes all.
std::optional<BoundFailure> check_lower_bounds(const Demand& demand,
                                               const std::vector<CandidateNode>& nodes,
                                               const Requirements& requirements);

}  // namespace portolan::capacity

#endif  // PORTOLAN_CAPACITY_LOWER_BOUND_H_
