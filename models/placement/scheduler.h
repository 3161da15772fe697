// Placement of one allocation, the way Nomad's scheduler stacks do it.
//
// Generic stack (service and batch jobs; scheduler/stack.go GenericStack): the ready nodes of
// the job's datacenters and node pool are shuffled once per evaluation (NewRandomIterator) and
// visited round-robin from where the previous placement stopped (StaticIterator); each node passes
// the feasibility checkers (constraints, drivers, network mode and host networks, distinct_hosts,
// distinct_property), then the fit (port assignment first, then cpu, memory, disk), then
// scoring (fit, job anti-affinity, reschedule penalty, affinity, spread, averaged by
// ScoreNormalizationIterator); the LimitIterator stops after the sampling limit of scored
// nodes and the MaxScoreIterator picks the best. System stack (SystemStack): one given node.
//
// The scheduler never changes the cluster; the caller commits the chosen placement.
#ifndef PORTOLAN_MODELS_PLACEMENT_SCHEDULER_H_
#define PORTOLAN_MODELS_PLACEMENT_SCHEDULER_H_

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "models/cluster/cluster.h"
#include "models/feasible/node_sampling.h"
#include "models/placement/placement_policy.h"
#include "models/results/placement_metric.h"
#include "models/spec/allocation.h"
#include "models/spec/group_ask.h"
#include "sim/rng.h"

namespace portolan::models {

// A node's feasibility failure: Nomad's filter reason and where in the stack it stopped the node.
struct NodeFilter {
  std::string reason;
  FilterStage stage = FilterStage::kConstraint;
};

struct PlacementChoice {
  int node = -1;  // -1: no node fits
  std::vector<AssignedPort> ports;
  double score = 0;        // the normalised final score of the chosen node
  PlacementMetric metric;  // its scores are empty: the nodes retained are `top`
  TopScores top;           // the best nodes scored, kept in the results with the metric
};

// What one evaluation carries from placement to placement: the shuffled ready nodes of the
// job's datacenters and where the last placement stopped, the sampling limit, the spread
// iterator's state, and the compiled constraints.
struct Evaluation {
  std::vector<int> order;
  StaticCursor cursor;
  SamplingLimit limit;
  SpreadEvalState spread_state;
  std::map<int, std::vector<SpreadAttribute>> spread_attributes;  // by group, once first seen
  ConstraintCache cache;
  // Class-level feasibility by (job and group, computed class): nullopt when feasible, else
  // the filter reason.
  std::unordered_map<std::int64_t, std::optional<NodeFilter>> class_verdicts;
  // Ready, eligible nodes of the job's datacenters, by datacenter (AllocMetric.NodesAvailable):
  // shared with the metric of every placement of the evaluation.
  std::shared_ptr<const SortedMap<int>> nodes_available;
  // This evaluation's draws: the node shuffle, then every dynamic port it assigns.
  sim::Rng rng{0};
  const PlacementPolicy* fit_policy = nullptr;  // the job's node pool's; null: the scheduler's
  // Scratch of Scheduler::select: the feasible nodes of the placement under way, by position
  // in `order`. Kept across placements for its capacity: a block of a few kilobytes made for
  // each placement sent the allocator through a consolidation of its small free lists.
  struct Candidate {
    std::size_t position = 0;
    int node = -1;
    double score = 0;
    std::vector<AssignedPort> ports;
  };
  std::vector<Candidate> candidates;
};

// Per distinct_property constraint of an ask (in order), the job's allocations on the nodes of
// each property value: counted once per placement, not once per node considered (issue 14: a
// full scan of 16,000 nodes per node made a failing placement quadratic).
using DistinctPropertyUse = std::vector<std::unordered_map<std::string, std::uint64_t>>;
DistinctPropertyUse distinct_property_use(const Cluster& cluster, const GroupAsk& ask);

// The feasibility checkers alone (constraints, drivers, network mode and host networks,
// distinct_hosts, distinct_property), in GenericStack's order; a failing check records its
// filter reason in `metric`. Does not count the node as evaluated.
// `use`: distinct_property_use(cluster, ask) when the caller holds it, else counted here.
bool node_feasible(const Cluster& cluster, const AllocationTable& allocs, ConstraintCache& cache,
                   const GroupAsk& ask, int node, PlacementMetric& metric,
                   const DistinctPropertyUse* use = nullptr);

class Scheduler {
 public:
  // `rng` seeds the evaluations begun without a stream of their own.
  Scheduler(const PlacementPolicy& policy, sim::Rng rng) : policy_(policy), rng_(rng) {}

  // Starts an evaluation of a job: its ready, eligible nodes in `datacenters`, shuffled. Its
  // draws come from `rng` alone: the engine gives each evaluation a stream keyed by its job and
  // its ordinal, so that other jobs' evaluations never move them (common random numbers).
  // Only nodes of the job's `node_pool` are candidates, and a pool with a scheduler_algorithm
  // of its own scores fit with that policy (set_pool_policy).
  Evaluation begin_evaluation(const Cluster& cluster, const std::vector<std::string>& datacenters,
                              const std::string& node_pool, bool batch, sim::Rng rng);
  // The same with a stream split from the scheduler's own (tests, scratch evaluations).
  Evaluation begin_evaluation(const Cluster& cluster, const std::vector<std::string>& datacenters,
                              const std::string& node_pool, bool batch) {
    return begin_evaluation(cluster, datacenters, node_pool, batch, sim::Rng(rng_.next()));
  }

  // The fit policy of the jobs of node pool `pool`, instead of the scheduler's (a node pool's
  // scheduler_config, structs/operator.go WithNodePool).
  void set_pool_policy(const std::string& pool, std::unique_ptr<PlacementPolicy> policy) {
    pool_policies_[pool] = std::move(policy);
  }

  // Generic stack: the best node for one more allocation of `ask`. `penalty_node` is where the
  // allocation being replaced failed (-1 for none).
  PlacementChoice select(const Cluster& cluster, const AllocationTable& allocs, Evaluation& eval,
                         const GroupAsk& ask, int penalty_node = -1);

  // System stack: whether one allocation of `ask` fits on `node`, and its ports.
  PlacementChoice select_on(const Cluster& cluster, Evaluation& eval, const GroupAsk& ask,
                            int node);

 private:
  enum class Verdict { kFeasible, kFiltered, kExhausted };
  // Feasibility, fit and score of one node; fills `choice` when feasible.
  struct SpreadContext;
  Verdict consider(const Cluster& cluster, Evaluation& eval, const GroupAsk& ask, int node,
                   int penalty_node, SpreadContext* spread, const DistinctPropertyUse* use,
                   PlacementMetric& metric, TopScores& top, PlacementChoice& choice);

  const PlacementPolicy& policy_;
  std::map<std::string, std::unique_ptr<PlacementPolicy>> pool_policies_;
  sim::Rng rng_;
};

}  // namespace portolan::models

#endif  // PORTOLAN_MODELS_PLACEMENT_SCHEDULER_H_
