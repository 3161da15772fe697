// The min-cost max-flow network of one batch for the "optimal" policy (optimal_placement.h
// states the network and what the flow is for): built from the cluster and the batch's task
// groups, its alike nodes folded into classes, solved with Boost.Graph's
// successive_shortest_path_nonnegative_weights under a work budget, and dealt back out as a
// node per ask. Not a Nomad behaviour; its binpack cost is Nomad's (scheduler/feasible/rank.go
// BinPackIterator, nomad/structs/funcs.go ScoreFitBinPack).
//
// Contract:
// - The flow is a proposal: each arc's capacity holds one group alone on the node, so the
//   caller must still check and commit the asks in order (and may lower node_capacity and
//   solve again).
// - Deterministic: groups in order of first appearance, nodes and classes in index order,
//   ordered containers only; the port probe draws from its own fixed seed.
// - solve_flow adds the solver's edge examinations to `work` across calls and throws
//   FlowBudgetExhausted once it passes `budget`.
// - Nothing here changes the cluster or the allocation table.
#ifndef PORTOLAN_MODELS_PLACEMENT_BATCH_FLOW_H_
#define PORTOLAN_MODELS_PLACEMENT_BATCH_FLOW_H_

#include <cstddef>
#include <cstdint>
#include <vector>

#include "models/cluster/cluster.h"
#include "models/spec/allocation.h"
#include "models/spec/group_ask.h"

namespace portolan::models {

// Arc costs are shares in [0, 1] scaled to integers: exact in the solver's double weights.
inline constexpr double kFlowCostScale = 1000;

// The batch's task groups, in order of first appearance.
struct BatchGroup {
  const GroupAsk* ask = nullptr;
  std::vector<std::size_t> members;  // positions in the batch, ascending
};

// One BatchGroup per (job, group) of `asks`.
std::vector<BatchGroup> group_batch(const std::vector<const GroupAsk*>& asks);

// What a unit of flow on a group -> node arc costs, and how a class of alike nodes shares its
// flow. The flow's count is the same under both; they choose differently among maximum flows,
// and the one whose choice survives the in-order check may place more. Binpack's is tried first
// and kept on a tie, so that a batch that fits is packed; the other only when binpack's leaves
// allocations unplaced.
enum class ArcCost {
  // Binpack's fit after one placement (scheduler/feasible/rank.go, ScoreFitBinPack): the
  // fuller the node ends, the cheaper; a class's flow goes to as few of its nodes as fit it.
  kBinpack,
  // The ask's dominant share of the node's free resources, binpack's fit breaking ties: small
  // asks on roomy nodes, and a class's flow spread evenly over its nodes; the choice most likely
  // to fit in every dimension at once.
  kSmallestShare,
};
inline constexpr ArcCost kArcCosts[] = {ArcCost::kBinpack, ArcCost::kSmallestShare};

// One group -> node arc of the network.
struct FlowArc {
  int group = 0;
  std::int64_t capacity = 0;
  std::int64_t share_cost = 0;    // in [0, kFlowCostScale]
  std::int64_t binpack_cost = 0;  // in [0, kFlowCostScale]
  std::int64_t cost(ArcCost c) const {
    if (c == ArcCost::kBinpack) return binpack_cost;
    return share_cost * (static_cast<std::int64_t>(kFlowCostScale) + 1) + binpack_cost;
  }
};

// The network before node classes: its supplies, arcs and node capacities.
struct FlowProblem {
  int groups = 0;
  std::vector<std::int64_t> supply;  // by group: its pending allocations
  std::vector<FlowArc> arcs;         // by node, then group
  // Node n's arcs are arcs[first_arc[n]] to arcs[first_arc[n + 1]] (exclusive).
  std::vector<std::size_t> first_arc;
  std::vector<std::int64_t> node_capacity;  // by node index; 0 for nodes without arcs
};

// The network of optimal_placement.h on the cluster as it stands: a node gets an arc for a group
// only when it is ready, in one of the group's datacenters, passes node_feasible and has room
// for the group's ports; its capacity is what of the batch its free resources hold.
FlowProblem build_flow_problem(const Cluster& cluster, const AllocationTable& allocs,
                               const std::vector<BatchGroup>& groups);

// Nodes alike for the flow (the same arcs, capacities and costs, the same node capacity), as
// the nodes of one pool are before anything runs on them: one vertex in the network, so the
// solver's work grows with the kinds of node, not their number.
struct FlowNodeClass {
  std::vector<int> members;  // node indexes, ascending
  std::size_t arcs_begin = 0;
  std::size_t arcs_end = 0;   // the first member's arcs, alike for all
  std::int64_t capacity = 0;  // per member
};

// The classes of the nodes with arcs and capacity, in order of their first member.
std::vector<FlowNodeClass> flow_node_classes(const FlowProblem& problem);

// Thrown by solve_flow once its work passes the budget.
struct FlowBudgetExhausted {};

// The min-cost maximum flow over node classes: by class, the flow on each of its arcs. Throws
// FlowBudgetExhausted once `work` passes `budget`.
std::vector<std::vector<std::int64_t>> solve_flow(const FlowProblem& problem,
                                                  const std::vector<FlowNodeClass>& classes,
                                                  ArcCost arc_cost, std::int64_t& work,
                                                  std::int64_t budget);

// The node the flow gives each ask (-1: none). A class's flow is dealt out group after group,
// round-robin over its first `used` members: each member then gets at most ceil(total / used)
// allocations and ceil(flow / used) of each group, within its capacities whenever the class's
// are met `used` times over. kBinpack uses as few members as that allows, kSmallestShare all.
// A group's asks, in batch order, then fill its nodes in index order.
std::vector<int> flow_targets(const FlowProblem& problem, const std::vector<FlowNodeClass>& classes,
                              const std::vector<std::vector<std::int64_t>>& flows, ArcCost arc_cost,
                              const std::vector<BatchGroup>& groups, std::size_t batch_size);

}  // namespace portolan::models

#endif  // PORTOLAN_MODELS_PLACEMENT_BATCH_FLOW_H_
