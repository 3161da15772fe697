// The pluggable part of ranking: how a node's fit is scored.
//
// Nomad's BinPackIterator (scheduler/rank.go) scores a node's fit from its free cpu and memory
// fractions after the proposed placement, with ScoreFitBinPack (the default
// scheduler_algorithm "binpack") or ScoreFitSpread ("spread"), both in [0, 18]; the iterator
// divides by 18 before the other scorers are averaged in. A policy supplies that fit score;
// feasibility, the other scorers, sampling and the max-score pick stay Nomad's.
//
// A batch policy (batch() true) also changes how allocations are picked: the engine collects
// the missing allocations of the generic jobs of one round of evaluations and places them
// together (models/placement/optimal_placement.h) instead of one select() at a time. "optimal" is
// the only one: a min-cost-flow assignment with binpack's fit, a lower bound on placement failures
// to compare the greedy policies against (issue #3); it is not a Nomad algorithm.
#ifndef PORTOLAN_MODELS_PLACEMENT_PLACEMENT_POLICY_H_
#define PORTOLAN_MODELS_PLACEMENT_PLACEMENT_POLICY_H_

#include <memory>
#include <string>
#include <string_view>

namespace portolan::models {

// What a policy sees of one candidate node and the ask. The names are views valid during the
// fit_score call only.
struct FitInput {
  double free_cpu = 0;     // 1 - used/schedulable, used including the proposed allocation
  double free_memory = 0;  // same for memory
  int node = 0;            // the node's index, for policies that look further
  std::string_view node_name = {};
  std::string_view pool = {};
  std::string_view job = {};
  std::string_view group = {};
  double ask_cpu_mhz = 0;
  double ask_memory_mb = 0;
};

class PlacementPolicy {
 public:
  virtual ~PlacementPolicy() = default;
  virtual std::string name() const = 0;
  // A fit score in [0, 18]; higher is preferred.
  virtual double fit_score(const FitInput& input) const = 0;
  // Whether allocations are placed as a batch (place_batch_optimal) rather than one by one.
  virtual bool batch() const { return false; }
};

// "binpack", "spread" or "optimal"; nullptr for any other name.
std::unique_ptr<PlacementPolicy> make_policy(std::string_view name);

}  // namespace portolan::models

#endif  // PORTOLAN_MODELS_PLACEMENT_PLACEMENT_POLICY_H_
