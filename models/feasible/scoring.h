// Node scores for one placement, as Nomad's rank iterators compute them
// (scheduler/feasible/rank.go, scheduler/feasible/spread.go, nomad/structs/funcs.go).
//
// Contract:
// - Every function is pure except the spread scorer, which carries the two values Nomad's
//   SpreadIterator keeps for a whole evaluation (SpreadEvalState).
// - A scorer that does not apply to a node returns std::nullopt, exactly where Nomad does not
//   append to RankedNode.Scores; the final score is the mean of the scores that applied
//   (ScoreNormalizationIterator), summed in the order GenericStack chains the iterators.
// - Fit scores are in [0, 18] before normalisation and in [0, 1] after; every other scorer is
//   in [-1, 1] by construction except spread, which sums one term per spread block.
#ifndef PORTOLAN_MODELS_FEASIBLE_SCORING_H_
#define PORTOLAN_MODELS_FEASIBLE_SCORING_H_

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <span>
#include <string>
#include <vector>

#include "models/feasible/constraints.h"

namespace portolan::models {

// rank.go binPackingMaxFitScore: the bin-pack iterator divides the fit score by it.
inline constexpr double kBinPackingMaxFitScore = 18.0;

// nomad/structs/operator.go SchedulerAlgorithm ("binpack" is the default).
enum class SchedulerAlgorithm { kBinpack, kSpread };

// funcs.go computeFreePercentage: 1 - used / (node - reserved), for cpu (MHz) and memory
// (MB) only; `used` is the sum over the node's non-terminal allocations including the one
// being placed (AllocsFit's util), without the node's reserved resources.
struct FreeFraction {
  double cpu = 0;
  double memory = 0;
};
FreeFraction compute_free_fraction(double node_cpu, double node_memory, double reserved_cpu,
                                   double reserved_memory, double used_cpu, double used_memory);

// funcs.go ScoreFitBinPack: 20 - (10^free_cpu + 10^free_mem), clamped to [0, 18].
double score_fit_binpack(const FreeFraction& free);
// funcs.go ScoreFitSpread: (10^free_cpu + 10^free_mem) - 2, clamped to [0, 18].
double score_fit_spread(const FreeFraction& free);
// BinPackIterator.Next: the algorithm's fit score divided by kBinPackingMaxFitScore.
double normalized_fit_score(SchedulerAlgorithm algorithm, const FreeFraction& free);

// JobAntiAffinityIterator.Next: -(collisions + 1) / desired_count when the node already holds
// `collisions` > 0 proposed allocations of the same job and group; nullopt otherwise.
std::optional<double> job_anti_affinity_score(int collisions, int desired_count);

// NodeReschedulingPenaltyIterator.Next: -1 on a node where the allocation being replaced
// failed (SelectOptions.PenaltyNodeIDs); nullopt elsewhere.
std::optional<double> reschedule_penalty_score(bool penalty_node);

// NodeAffinityIterator.Next: sum of the weights of the affinities the node matches divided by
// the sum of |weight| over all of them; nullopt when there are no affinities. A node matching
// none still scores 0 (and counts in the mean).
struct AffinityMatch {
  int weight = 0;  // -100..100 (structs.Affinity.Weight is an int8)
  bool matched = false;
};
std::optional<double> node_affinity_score(std::span<const AffinityMatch> affinities);

// The job's, group's and tasks' affinities, merged in that order (NodeAffinityIterator
// SetJob/SetTaskGroup).
struct Affinity {
  std::string ltarget;
  std::string rtarget;
  std::string operand;
  int weight = 0;
};
// rank.go matchesAffinity for each affinity, then the score above.
std::optional<double> node_affinity_score(const std::vector<Affinity>& affinities,
                                          const NodeView& node, ConstraintCache& cache);

// ---- Spread (scheduler/feasible/spread.go) ----

inline constexpr std::string_view kImplicitSpreadTarget = "*";

struct SpreadTarget {
  std::string value;
  int percent = 0;
};
struct Spread {
  std::string attribute;  // e.g. "${node.datacenter}"
  int weight = 0;         // 0..100
  std::vector<SpreadTarget> targets;
};

// What Nomad's SpreadIterator carries across the task groups and placements of one
// evaluation: `lowest_spread_boost` starts at -1 (NewSpreadIterator) and only decreases;
// `sum_spread_weights` accumulates the weights of every group's spreads as each group is first
// seen (computeSpreadInfo never resets it), so a later group divides by a larger sum.
struct SpreadEvalState {
  double lowest_spread_boost = -1.0;
  std::int32_t sum_spread_weights = 0;
};

// One propertySet of the group, ready to score.
struct SpreadAttribute {
  std::string attribute;
  std::set<std::string> target_values;           // propertySet.SetTargetValues
  int weight = 0;                                // spreadInfo.weight
  std::map<std::string, double> desired_counts;  // spreadInfo.desiredCounts; empty: even
};

// SpreadIterator.SetTaskGroup for a group first seen in the evaluation: one entry per spread,
// the job's first then the group's (groupPropertySets order); weights and desired counts from
// computeSpreadInfo (desired = percent/100 * count; a "*" target takes the remainder when the
// explicit targets sum to less than the count; by attribute, the job's block wins over the
// group's). Adds the weights to state.sum_spread_weights.
std::vector<SpreadAttribute> build_spread_attributes(const std::vector<Spread>& job_spreads,
                                                     const std::vector<Spread>& group_spreads,
                                                     int group_count, SpreadEvalState& state);

// propertySet.targetedPropertyValue: values that are not explicit targets count as "*" (when
// the spread names targets at all). Count allocations by this key for SpreadObservation.
std::string targeted_property_value(const SpreadAttribute& attribute, const std::string& value);

// propertySet.PopulateProposed + GetCombinedUseMap: allocation counts by node value (raw,
// as resolved on each allocation's node) of the existing allocations, the proposed ones and
// the proposed stops, combined by targeted value. A proposed value also being stopped first
// lowers its stop count by one when that count is above 1 (and drops a count of 0); then the
// stops are subtracted, never below 0, from values in use. With no targets (even spread,
// distinct_property) the values stay as they are.
std::map<std::string, std::uint64_t> combined_property_use(
    const std::set<std::string>& target_values,
    const std::map<std::string, std::uint64_t>& existing,
    const std::map<std::string, std::uint64_t>& proposed,
    const std::map<std::string, std::uint64_t>& stopping);

// What the scheduler knows of one node for one SpreadAttribute.
struct SpreadObservation {
  std::optional<std::string> node_value;  // resolve_target(attribute) on the node
  // propertySet.GetCombinedUseMap: allocations of the job's group (existing plus proposed,
  // minus proposed stops, never below 0), by targeted value.
  std::map<std::string, std::uint64_t> combined_use;
};

// spread.go evenSpreadScoreBoost. Nomad iterates a Go map, in random order, for the minimum
// and maximum counts; the order only matters when a count of 0 is present (the minimum then
// depends on where the 0 falls). Here the order is the keys' order.
double even_spread_score_boost(const std::map<std::string, std::uint64_t>& combined_use,
                               const std::optional<std::string>& node_value);

// SpreadIterator.Next for one node: the sum over the attributes of -1 when the node lacks the
// attribute; the even-spread boost when the spread has no targets; -1 when the node's value
// has no desired count, not even through "*"; lowest_spread_boost when the desired count is 0;
// else ((desired - (used + 1)) / desired) * weight / sum_spread_weights, which also lowers
// lowest_spread_boost. nullopt when there are no attributes or the sum is exactly 0.
std::optional<double> spread_score(const std::vector<SpreadAttribute>& attributes,
                                   const std::vector<SpreadObservation>& observations,
                                   SpreadEvalState& state);

// ---- Preemption (rank.go PreemptionScoringIterator) ----

// netPriority: max + sum / max over the priorities of the allocations to preempt.
double net_priority(std::span<const int> priorities);
// preemptionScore: 1 / (1 + e^(0.0048 * (net_priority - 2048))).
double preemption_score(double net_priority);

// ---- Normalisation (rank.go ScoreNormalizationIterator) ----

// The scores of one node, in the order GenericStack appends them.
struct ScoreBreakdown {
  std::optional<double> binpack;  // always present once a node fits
  std::optional<double> job_anti_affinity;
  std::optional<double> reschedule_penalty;
  std::optional<double> node_affinity;
  std::optional<double> spread;
  std::optional<double> preemption;
};
int applied_scorers(const ScoreBreakdown& scores);
// Mean of the scores that applied; 0 when none did (FinalScore keeps its zero value).
double final_score(const ScoreBreakdown& scores);

}  // namespace portolan::models

#endif  // PORTOLAN_MODELS_FEASIBLE_SCORING_H_
