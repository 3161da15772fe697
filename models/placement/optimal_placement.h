// The "optimal" policy's batch placement: a min-cost max-flow assignment of a batch of pending
// allocations to nodes, the reference to compare Nomad's greedy, one-at-a-time placement
// against (issue #3: "used as a lower bound on conflicts"). Not a Nomad behaviour, and not a
// proven optimum: multi-dimensional packing is NP-hard; the guarantee is the one below.
//
// The network (Boost.Graph, successive_shortest_path_nonnegative_weights): source -> one vertex
// per task group of the batch (capacity: its pending allocations) -> each ready, eligible node
// of the group's datacenters that passes node_feasible (capacity: how many of the group fit on
// the node alone, by free cpu, memory, disk, static and dynamic ports, one under
// distinct_hosts; cost: binpack's fit after one placement, so that among maximum flows the
// fullest nodes are preferred) -> sink (capacity: how many of the batch's smallest asks the
// node has room for). Nodes alike in all of that share one vertex, so the solver's work grows
// with the kinds of node rather than their number. Three resource dimensions and ports do not
// make a flow, so the flow's assignment is only a proposal: it is committed in batch order on
// a copy of the cluster with the scheduler's own checks, fit and port assignment
// (Scheduler::select_on), nodes that could not take their share get that smaller capacity and
// the flow is solved again (a few rounds), and what the flow could not place is placed greedily
// (Scheduler::select). When binpack's costs leave allocations unplaced, the rounds are repeated
// with costs that favour the smallest share of a node (small asks on roomy nodes). The solver
// has a work budget per batch (about half a second); past it the rounds done so far stand.
// batch_flow.h builds and solves the network; optimal_placement.cc runs the rounds and checks.
//
// Contract:
// - One PlacementChoice per ask, in ask order: node -1 with the failing placement's metric, or
//   a node and ports. Committing the placed ones in ask order, as the engine's place() does,
//   never collides on a port and keeps every node within its schedulable resources and
//   distinct_hosts (any order would: each placement was checked with all earlier ones held).
// - Never more failures than place_batch_greedy (binpack, as the engine places): that greedy
//   pass runs first on `greedy` (so a Scheduler of the same policy and seed reproduces it) and
//   is returned when it places more than the flow; on a tie the flow's assignment is returned.
// - Deterministic: randomness only from `greedy`'s rng; nothing unordered reaches the result.
// - The flow ignores affinities, spreads and job anti-affinity: it minimises failures and
//   packs, it does not rank as Nomad does.
// - Each call copies `cluster` and `allocs` once (the scratch state placements are tried on).
#ifndef PORTOLAN_MODELS_PLACEMENT_OPTIMAL_PLACEMENT_H_
#define PORTOLAN_MODELS_PLACEMENT_OPTIMAL_PLACEMENT_H_

#include <vector>

#include "models/cluster/cluster.h"
#include "models/placement/scheduler.h"
#include "models/spec/group_ask.h"

namespace portolan::models {

// How a batch went, for reports and tests.
struct OptimalStats {
  int greedy_placed = 0;          // by place_batch_greedy
  int flow_placed = 0;            // by the best flow round, its greedy leftovers included
  int flow_rounds = 0;            // flow problems solved
  bool budget_exhausted = false;  // the solver's work budget cut the rounds short
  bool chose_flow = false;
};

// The engine's generic placement of a batch: for each ask in order, Scheduler::select, with one
// Evaluation per job begun at the job's first ask; after a group's first failure the group's
// remaining asks fail with the same metric, unplaced (generic_sched.go computePlacements,
// CoalescedFailures). `cluster` and `allocs` are not changed.
std::vector<PlacementChoice> place_batch_greedy(const Cluster& cluster,
                                                const AllocationTable& allocs,
                                                const std::vector<const GroupAsk*>& asks,
                                                Scheduler& greedy);

// `asks`: one entry per pending allocation (entries of one group point at equal asks), in the
// order the engine will commit them. `greedy`'s policy should be binpack's fit (the "optimal"
// policy's). `cluster` and `allocs` are not changed.
std::vector<PlacementChoice> place_batch_optimal(const Cluster& cluster,
                                                 const AllocationTable& allocs,
                                                 const std::vector<const GroupAsk*>& asks,
                                                 Scheduler& greedy, OptimalStats* stats = nullptr);

}  // namespace portolan::models

#endif  // PORTOLAN_MODELS_PLACEMENT_OPTIMAL_PLACEMENT_H_
